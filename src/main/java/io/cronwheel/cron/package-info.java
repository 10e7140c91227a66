/**
 * Cron schedules for cronwheel: parses six-field (seconds-first) cron expressions and computes next
 * fire times in a time zone, with exact daylight-saving semantics. Everything here is pure,
 * immutable and thread-safe; no Vert.x.
 */
package io.cronwheel.cron;
