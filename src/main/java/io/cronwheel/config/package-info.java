/**
 * Typed, validated configuration read once at start-up from environment variables. Immutable; a bad
 * value fails start-up with one line naming the variable.
 */
package io.cronwheel.config;
