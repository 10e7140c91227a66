package io.cronwheel.store;

import java.util.UUID;

/**
 * A page request over jobs, in id (creation) order.
 *
 * @param active only active (true) or paused (false) jobs; null for both
 * @param namePrefix only jobs whose name starts with this; null for all
 * @param includeDeleted whether soft-deleted jobs are listed
 * @param after continue after this id; null for the first page
 */
public record JobQuery(
    int limit, UUID after, Boolean active, String namePrefix, boolean includeDeleted) {}
