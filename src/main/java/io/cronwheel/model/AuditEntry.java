package io.cronwheel.model;

import java.time.Instant;

/**
 * One line of the audit trail: who changed what. Written in the same transaction as the change it
 * describes, so the trail has neither changes it missed nor changes that did not happen.
 *
 * @param at when the change was made
 * @param actor the token name the change was made with ({@code anonymous} with authentication off)
 * @param action what was done, such as {@code job.create} or {@code config.update}
 * @param subject what it was done to: {@code job:<id>}, {@code config} or {@code token:<name>}
 * @param changes what changed, as a JSON object (secret header values masked)
 */
public record AuditEntry(Instant at, String actor, String action, String subject, String changes) {}
