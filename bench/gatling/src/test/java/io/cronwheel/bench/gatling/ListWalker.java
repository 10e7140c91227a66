package io.cronwheel.bench.gatling;

import io.gatling.javaapi.core.Session;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Session state of one virtual user of the list phase. Worker {@code w} lists, by {@code w % 3}: every job
 * ({@code list}), the paused ones ({@code list active=false}), or one team's by name prefix ({@code list name}, the
 * next team after each walk). A walk follows {@code next} cursors from the first page until {@code next} is null,
 * then starts again; the user stops after {@code pageBudget} pages, as many as one walk through all jobs takes,
 * so the phase keeps its concurrency until the end.
 */
final class ListWalker {
    static final String KIND = "listKind";
    private static final String WORKER = "listWorker";
    private static final String TEAM = "listTeam";
    private static final String CURSOR = "listCursor";
    private static final String PAGES = "listPages";
    private static final String WALK_PAGES = "listWalkPages";
    private static final String WALK_ITEMS = "listWalkItems";
    /** Saved by the request's checks; absent after a failed request. */
    static final String PAGE_ITEMS = "listPageItems";

    static final String NEXT = "listNext";

    private final JobBodies bodies;
    private final ListWalks walks;
    private final int pageSize;
    private final int pageBudget;

    ListWalker(JobBodies bodies, ListWalks walks, int pageSize, int jobs) {
        this.bodies = bodies;
        this.walks = walks;
        this.pageSize = pageSize;
        this.pageBudget = Math.max(1, (jobs + pageSize - 1) / pageSize);
    }

    Session start(Session session, int worker) {
        String kind = switch (worker % 3) {
            case 0 -> "list";
            case 1 -> "list active=false";
            default -> "list name";
        };
        return session.set(WORKER, worker)
                .set(KIND, kind)
                .set(TEAM, worker % JobBodies.TEAMS)
                .set(CURSOR, "")
                .set(PAGES, 0)
                .set(WALK_PAGES, 0)
                .set(WALK_ITEMS, 0L);
    }

    boolean hasBudget(Session session) {
        return session.getInt(PAGES) < pageBudget;
    }

    /** The query of the next page: limit, this walker's filter and, after the first page, the cursor. */
    Map<String, Object> query(Session session) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("limit", pageSize);
        String kind = session.getString(KIND);
        if (kind.equals("list active=false")) {
            query.put("active", "false");
        } else if (kind.equals("list name")) {
            query.put("name", bodies.teamPrefix(session.getInt(TEAM)));
        }
        String cursor = session.getString(CURSOR);
        if (!cursor.isEmpty()) {
            query.put("cursor", cursor);
        }
        return query;
    }

    /** After each page: follow its cursor, or finish the walk (recording it) and go back to the first page. */
    Session advance(Session session) {
        boolean answered = session.contains(PAGE_ITEMS);
        int walkPages = session.getInt(WALK_PAGES) + 1;
        long walkItems = session.getLong(WALK_ITEMS) + (answered ? session.getInt(PAGE_ITEMS) : 0);
        Object next = session.contains(NEXT) ? session.get(NEXT) : null;
        Session s = session.remove(PAGE_ITEMS).remove(NEXT).set(PAGES, session.getInt(PAGES) + 1);
        if (answered && next instanceof String cursor && !cursor.isEmpty()) {
            return s.set(CURSOR, cursor).set(WALK_PAGES, walkPages).set(WALK_ITEMS, walkItems);
        }
        walks.finished(session.getString(KIND), filter(session), walkPages, walkItems, answered);
        return s.set(CURSOR, "")
                .set(WALK_PAGES, 0)
                .set(WALK_ITEMS, 0L)
                .set(TEAM, (session.getInt(TEAM) + 1) % JobBodies.TEAMS);
    }

    /** Records the walk the page budget cut short, so the report can tell complete walks from partial ones. */
    Session finish(Session session) {
        if (session.getInt(WALK_PAGES) > 0) {
            walks.finished(
                    session.getString(KIND),
                    filter(session),
                    session.getInt(WALK_PAGES),
                    session.getLong(WALK_ITEMS),
                    false);
        }
        return session;
    }

    private String filter(Session session) {
        return switch (session.getString(KIND)) {
            case "list active=false" -> "active=false";
            case "list name" -> "name=" + bodies.teamPrefix(session.getInt(TEAM));
            default -> "";
        };
    }
}
