package io.cronwheel.bench.gatling;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-request statistics of a Gatling 3.13 HTML report. Gatling 3.13 writes them only as JavaScript,
 * {@code js/stats.js}: {@code var stats = {type: "GROUP", name: "All Requests", stats: {...}, contents: {...}}}
 * followed by functions. The object is JSON except for unquoted keys, so Jackson reads it with that one leniency and
 * stops at its end. Numbers are strings there, {@code "-"} when undefined (e.g. the KO times of a kind that never
 * failed). Its simulation.log, the other output, is in a binary format of Gatling's own.
 */
record GatlingStats(RequestStats all, List<RequestStats> requests) {

    /** One request name's numbers; times in milliseconds, percentiles as set in gatling.conf (50, 75, 95, 99). */
    record RequestStats(
            String name,
            long count,
            long ok,
            long failed,
            double minMs,
            double p50Ms,
            double p75Ms,
            double p95Ms,
            double p99Ms,
            double maxMs,
            double meanMs,
            double gatlingMeanRps) {}

    static GatlingStats read(Path reportDir) throws IOException {
        String js = Files.readString(reportDir.resolve("js/stats.js"), StandardCharsets.UTF_8);
        int start = js.indexOf('{');
        if (!js.startsWith("var stats") || start < 0) {
            throw new IOException(reportDir.resolve("js/stats.js") + " does not start with 'var stats = {'");
        }
        JsonMapper mapper = JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
                .build();
        JsonNode root = mapper.readTree(js.substring(start));
        List<RequestStats> requests = new ArrayList<>();
        collect(root.path("contents"), requests);
        return new GatlingStats(stats(root.path("stats")), requests);
    }

    private static void collect(JsonNode contents, List<RequestStats> into) {
        contents.forEach(node -> {
            if ("REQUEST".equals(node.path("type").asText())) {
                into.add(stats(node.path("stats")));
            } else {
                collect(node.path("contents"), into);
            }
        });
    }

    private static RequestStats stats(JsonNode s) {
        return new RequestStats(
                s.path("name").asText(),
                (long) number(s, "numberOfRequests"),
                okCount(s),
                (long) number(s.path("numberOfRequests"), "ko", 0),
                number(s, "minResponseTime"),
                number(s, "percentiles1"),
                number(s, "percentiles2"),
                number(s, "percentiles3"),
                number(s, "percentiles4"),
                number(s, "maxResponseTime"),
                number(s, "meanResponseTime"),
                number(s, "meanNumberOfRequestsPerSecond"));
    }

    private static long okCount(JsonNode s) {
        return (long) number(s.path("numberOfRequests"), "ok", 0);
    }

    /** The {@code total} of a statistic (all requests of the kind, OK and KO); NaN when Gatling wrote "-". */
    private static double number(JsonNode stats, String field) {
        return number(stats.path(field), "total", Double.NaN);
    }

    private static double number(JsonNode node, String field, double undefined) {
        String text = node.path(field).asText("-");
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return undefined;
        }
    }
}
