package io.cronwheel.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The receiver's statistics for the window ({@code GET /stats}) into the result: fires expected, received, missed
 * and duplicated by delivery type, receive drift, and the receipts per wall-clock second inside the window.
 */
final class ReceiverAnalysis {
    private ReceiverAnalysis() {}

    static void apply(RunResult result) {
        JsonObject stats = result.receiverStats;
        if (stats == null) {
            return;
        }
        JsonObject window = stats.getJsonObject("window");
        JsonObject distinct = window.getJsonObject("distinct");
        JsonObject drift = window.getJsonObject("driftMs");
        JsonObject dups = window.getJsonObject("duplicates");
        windowFires(stats, result);
        result.missedAlo = distinct.getLong("missingAlo");
        result.missedAmo = distinct.getLong("missingAmo");
        result.jobsNeverSeen = distinct.getLong("jobsNeverSeen");
        result.jobsWithMissing = distinct.getLong("jobsWithMissing");
        result.missingSamples = distinct.getJsonArray("missingSamples").encode();
        result.duplicatesAlo = dups.getLong("alo");
        result.duplicatesAmo = dups.getLong("amo");
        result.duplicateSamples = dups.getJsonArray("samples").encode();
        result.retriesSeen = window.getLong("retries");
        result.windowReceipts = window.getLong("receipts");
        result.preWindowReceipts = window.getLong("preWindow");
        result.postWindowReceipts = window.getLong("postWindow", 0L);
        result.receiverMalformed = stats.getJsonObject("lifetime").getLong("malformed");
        result.achievedPerSecond = (double) result.seen / result.durationSeconds;
        result.recvP90 = drift.getDouble("p90");
        result.recvMean = drift.getDouble("mean");
        receiptsPerSecond(stats.getJsonArray("series", new JsonArray()), result);
    }

    /** What every run takes from its receiver: the window's fires expected, seen, missed, duplicated, and drift. */
    static void windowFires(JsonObject stats, RunRecord into) {
        JsonObject window = stats.getJsonObject("window");
        JsonObject distinct = window.getJsonObject("distinct");
        JsonObject drift = window.getJsonObject("driftMs");
        into.expected = distinct.getLong("expected");
        into.seen = distinct.getLong("seen");
        into.missed = distinct.getLong("missing");
        into.duplicates = window.getJsonObject("duplicates").getLong("total");
        into.recvP50 = drift.getDouble("p50");
        into.recvP99 = drift.getDouble("p99");
        into.recvP999 = drift.getDouble("p999");
        into.recvMax = drift.getDouble("max");
    }

    /** Receipts per wall-clock second inside the window (the steady state): mean, min, max. */
    private static void receiptsPerSecond(JsonArray series, RunResult result) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        int n = 0;
        for (Object o : series) {
            JsonArray row = (JsonArray) o;
            long second = row.getLong(0);
            if (second >= result.t0 && second < result.t1) {
                long receipts = row.getLong(1);
                sum += receipts;
                min = Math.min(min, receipts);
                max = Math.max(max, receipts);
                n++;
            }
        }
        if (n > 0) {
            result.receiptsMean = sum / n;
            result.receiptsMin = min;
            result.receiptsMax = max;
        }
    }
}
