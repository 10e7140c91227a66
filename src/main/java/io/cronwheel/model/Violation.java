package io.cronwheel.model;

/**
 * A rule a job breaks: the field, as the API names it ({@code target.headers.Host}), and a message
 * for people.
 */
public record Violation(String field, String message) {}
