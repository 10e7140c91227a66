package io.cronwheel.store;

import io.cronwheel.model.Execution;
import java.util.List;

/**
 * One page of history; {@code next} is where the following page starts, or null on the last page.
 */
public record ExecutionPage(List<Execution> items, ExecutionQuery.Position next) {}
