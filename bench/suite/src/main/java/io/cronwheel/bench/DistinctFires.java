package io.cronwheel.bench;

import static io.cronwheel.bench.ReceiveWindow.KIND_ALO;
import static io.cronwheel.bench.ReceiveWindow.KIND_AMO;
import static io.cronwheel.bench.ReceiveWindow.MAX_SAMPLES;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What a {@link ReceiveWindow}'s bits say about a range of scheduled seconds: the distinct (job, second) pairs
 * seen, those missed by delivery type, the jobs never seen or with a miss, a few samples, and the pairs seen per
 * second. The receiver's {@code GET /stats} answers it under "distinct".
 */
final class DistinctFires {
    private DistinctFires() {}

    /** Distinct (job, second) pairs of {@code w} seen for jobs 0..jobs-1 and scheduled seconds in [from, to). */
    static JsonObject count(ReceiveWindow w, long from, long to, int jobs) {
        long startSecond = w.startSecond;
        long fromRel = Math.max(0, from - startSecond);
        long toRel = Math.min(w.maxSeconds, Math.max(fromRel, to - startSecond));
        int span = (int) (toRel - fromRel);
        int[] perSecond = new int[span];
        long seenPairs = 0;
        long jobsNeverSeen = 0;
        long jobsWithMissing = 0;
        long missingAlo = 0;
        long missingAmo = 0;
        long missingUnknown = 0;
        JsonArray missingSamples = new JsonArray();
        for (int job = 0; job < jobs; job++) {
            long[] bits = w.seen.get(job);
            int seenHere = 0;
            if (bits != null) {
                for (int i = 0; i < span; i++) {
                    long rel = fromRel + i;
                    if ((bits[(int) (rel >>> 6)] & (1L << (rel & 63))) != 0) {
                        perSecond[i]++;
                        seenHere++;
                    } else if (missingSamples.size() < MAX_SAMPLES) {
                        missingSamples.add(new JsonObject().put("job", job).put("second", startSecond + rel));
                    }
                }
            } else {
                jobsNeverSeen++;
                if (missingSamples.size() < MAX_SAMPLES && span > 0) {
                    missingSamples.add(new JsonObject()
                            .put("job", job)
                            .put("second", startSecond + fromRel)
                            .put("neverSeen", true));
                }
            }
            seenPairs += seenHere;
            int missingHere = span - seenHere;
            if (missingHere > 0) {
                jobsWithMissing++;
                int kind = w.kinds[job];
                if (kind == KIND_AMO) {
                    missingAmo += missingHere;
                } else if (kind == KIND_ALO) {
                    missingAlo += missingHere;
                } else {
                    missingUnknown += missingHere;
                }
            }
        }
        JsonArray bySecond = new JsonArray();
        for (int count : perSecond) {
            bySecond.add(count);
        }
        long expected = (long) jobs * span;
        return new JsonObject()
                .put("from", startSecond + fromRel)
                .put("to", startSecond + toRel)
                .put("jobs", jobs)
                .put("seconds", span)
                .put("expected", expected)
                .put("seen", seenPairs)
                .put("missing", expected - seenPairs)
                .put("missingAlo", missingAlo)
                .put("missingAmo", missingAmo)
                .put("missingUnknownKind", missingUnknown)
                .put("jobsNeverSeen", jobsNeverSeen)
                .put("jobsWithMissing", jobsWithMissing)
                .put("missingSamples", missingSamples)
                .put("seenBySecond", bySecond);
    }
}
