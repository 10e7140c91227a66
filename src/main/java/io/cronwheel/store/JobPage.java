package io.cronwheel.store;

import io.cronwheel.model.Job;
import java.util.List;
import java.util.UUID;

/**
 * One page of jobs in id order; {@code nextAfter} is the id to continue after, or null on the last
 * page.
 */
public record JobPage(List<Job> items, UUID nextAfter) {}
