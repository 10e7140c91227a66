package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.n;

import java.util.ArrayList;
import java.util.List;

/**
 * The target a throughput run is judged by (fires/s sustained, nothing missed, no duplicate at-most-once fire,
 * every execution recorded, receive drift p99 and p99.9), criterion by criterion.
 */
final class Verdict {
    private Verdict() {}

    /** One line of the target table; {@code pass} is null when it could not be evaluated. */
    record Criterion(String name, String threshold, String measured, Boolean pass, String note) {}

    static List<Criterion> criteria(Settings s, RunResult r) {
        List<Criterion> list = new ArrayList<>();
        boolean offeredEnough = r.jobs >= s.targets().firesPerSecond();
        list.add(new Criterion(
                "sustained fires/s at the receiver",
                ">= " + n(s.targets().firesPerSecond()),
                d(r.achievedPerSecond, 1) + " /s (offered " + n(r.jobs) + " /s)",
                Double.isNaN(r.achievedPerSecond)
                        ? null
                        : r.achievedPerSecond >= s.targets().firesPerSecond(),
                offeredEnough
                        ? ""
                        : "offered load is below the target: run with --jobs "
                                + n(s.targets().firesPerSecond())));
        list.add(new Criterion(
                "missed fires",
                "0",
                r.missed < 0 ? "?" : n(r.missed) + " of " + n(r.expected),
                r.missed < 0 ? null : r.missed == 0,
                r.missed > 0 ? "AT_LEAST_ONCE " + n(r.missedAlo) + ", AT_MOST_ONCE " + n(r.missedAmo) : ""));
        list.add(new Criterion(
                "duplicate AT_MOST_ONCE fires",
                "0",
                r.duplicatesAmo < 0 ? "?" : n(r.duplicatesAmo),
                r.duplicatesAmo < 0 ? null : r.duplicatesAmo == 0,
                r.duplicatesAlo > 0 ? "AT_LEAST_ONCE duplicates (allowed): " + n(r.duplicatesAlo) : ""));
        Boolean recorded = r.rowsInWindow < 0 || r.seen < 0
                ? null
                : r.rowsInWindow == r.expected && r.succeededRows == r.seen && r.nonFinalRows == 0;
        list.add(new Criterion(
                "every execution recorded",
                "one final row per (job, second); SUCCEEDED rows = fires received",
                r.scheduler.isPeer()
                        ? "n/a: " + r.scheduler.label + " keeps no execution history"
                        : r.rowsInWindow < 0
                                ? "?"
                                : n(r.rowsInWindow) + " rows / " + n(r.expected) + " expected; SUCCEEDED "
                                        + n(r.succeededRows) + " vs " + n(r.seen) + " received; not final "
                                        + n(r.nonFinalRows),
                recorded,
                ""));
        list.add(new Criterion(
                "receive drift p99",
                "<= " + d(s.targets().p99Ms(), 0) + " ms",
                d(r.recvP99, 1) + " ms",
                Double.isNaN(r.recvP99) ? null : r.recvP99 <= s.targets().p99Ms(),
                ""));
        list.add(new Criterion(
                "receive drift p99.9",
                "<= " + d(s.targets().p999Ms(), 0) + " ms",
                d(r.recvP999, 1) + " ms",
                Double.isNaN(r.recvP999) ? null : r.recvP999 <= s.targets().p999Ms(),
                ""));
        return list;
    }

    static boolean passes(Settings s, RunResult r) {
        return r.completed() && criteria(s, r).stream().allMatch(c -> Boolean.TRUE.equals(c.pass()));
    }
}
