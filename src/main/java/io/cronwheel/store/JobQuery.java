package io.cronwheel.store;

import java.util.UUID;

/**
 * A page request over jobs, in creation (id) or name order, either way up or down. Pages are keyed
 * (the next starts after the last one's key), so a page costs the same at the start of 100,000 jobs
 * as at their end.
 *
 * @param active only active (true) or paused (false) jobs; null for both
 * @param namePrefix only jobs whose name starts with this (case-sensitive); null for all
 * @param includeDeleted whether soft-deleted jobs are listed
 * @param after continue after this position; null for the first page
 */
public record JobQuery(
    int limit,
    Sort sort,
    boolean descending,
    Position after,
    Boolean active,
    String namePrefix,
    boolean includeDeleted) {

  /** The order of a listing. Names compare bytewise (UTF-8), the same on every database. */
  public enum Sort {
    /** By id, which is time-ordered: creation order. */
    CREATED,
    NAME
  }

  /** A job's place in either order: its id and its name (both unique). */
  public record Position(UUID id, String name) {}
}
