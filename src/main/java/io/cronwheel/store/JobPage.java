package io.cronwheel.store;

import io.cronwheel.model.Job;
import java.util.List;

/**
 * One page of jobs in the order asked for; {@code next} is the position to continue after, or null
 * on the last page.
 */
public record JobPage(List<Job> items, JobQuery.Position next) {}
