package io.cronwheel.bench.gatling;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The id and version of each job the create phase made, by job index, for the phases after it. Written by many
 * Gatling threads at once, hence the atomic arrays; a failed create leaves its slot empty and later phases skip it.
 */
final class CreatedJobs {
    private final AtomicReferenceArray<String> ids;
    private final AtomicIntegerArray versions;

    CreatedJobs(int capacity) {
        ids = new AtomicReferenceArray<>(capacity);
        versions = new AtomicIntegerArray(capacity);
    }

    void created(int i, String id, int version) {
        ids.set(i, id);
        versions.set(i, version);
    }

    void patched(int i, int version) {
        versions.set(i, version);
    }

    /** The job's id, or null if its create failed. */
    String id(int i) {
        return ids.get(i);
    }

    int version(int i) {
        return versions.get(i);
    }

    int count() {
        int n = 0;
        for (int i = 0; i < ids.length(); i++) {
            if (ids.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
