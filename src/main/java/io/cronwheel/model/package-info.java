/**
 * The engine's vocabulary: jobs, their targets and policies, and executions. Immutable records and
 * enums with no Vert.x, database or clock dependencies; safe to share between threads.
 */
package io.cronwheel.model;
