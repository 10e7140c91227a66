package io.cronwheel.bench.gatling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each walk through the listing saw: pages and items. The report compares the items with what the earlier
 * phases made (every job, the paused ones, one team's), so a pagination bug shows up as a wrong count.
 */
final class ListWalks {
    private final List<Map<String, Object>> walks = new ArrayList<>();

    synchronized void finished(String kind, String filter, int pages, long items, boolean complete) {
        walks.add(Map.of("kind", kind, "filter", filter, "pages", pages, "items", items, "complete", complete));
    }

    synchronized List<Map<String, Object>> all() {
        return List.copyOf(walks);
    }
}
