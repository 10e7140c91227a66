package io.cronwheel.bench;

/**
 * The jobs of a scale run, all in UTC: a few every-second jobs (the ones whose drift is measured), a share firing
 * every minute at a second spread over the minute, and the rest daily at times of day spread evenly over {@code
 * dailyTimes} distinct times. Each class is numbered from 0, and job i of a class is the same on every run.
 *
 * <p>Example with 1,000,000 jobs, 100 every second, 1 % minutely and 86,400 daily times: minutely job 61 fires at
 * second 1 of every minute ({@code 1 * * * * *}); daily job 90,061 fires at 01:01:01 ({@code 1 1 1 * * *}), as does
 * daily job 3,661. That is about 167 minutely and 11.5 daily fires per second on top of the 100 every-second fires.
 */
record JobMix(int total, int everySecond, int minutely, int daily, int dailyTimes) {
    static final int SECONDS_PER_DAY = 86_400;

    static JobMix of(int total, int everySecond, double minutelyFraction, int dailyTimes) {
        if (dailyTimes < 1 || SECONDS_PER_DAY % dailyTimes != 0) {
            throw new IllegalArgumentException("--daily-times must divide 86400 (e.g. 86400, 1440, 24): " + dailyTimes);
        }
        if (minutelyFraction < 0 || minutelyFraction > 1) {
            throw new IllegalArgumentException("--minutely-fraction must be in [0, 1]");
        }
        int minutely = (int) Math.round(total * minutelyFraction);
        int daily = total - everySecond - minutely;
        if (everySecond < 1 || minutely < 1 || daily < 1) {
            throw new IllegalArgumentException("need at least one job of each kind: " + total + " jobs, " + everySecond
                    + " every second, " + minutely + " minutely");
        }
        return new JobMix(total, everySecond, minutely, daily, dailyTimes);
    }

    /** Seconds between two neighbouring daily times. */
    int dailyStepSeconds() {
        return SECONDS_PER_DAY / dailyTimes;
    }

    int dailySecondOfDay(int index) {
        return index % dailyTimes * dailyStepSeconds();
    }

    static String dailyAt(int secondOfDay) {
        return secondOfDay % 60 + " " + secondOfDay / 60 % 60 + " " + secondOfDay / 3600 + " * * *";
    }

    String dailySchedule(int index) {
        return dailyAt(dailySecondOfDay(index));
    }

    static String minutelySchedule(int index) {
        return index % 60 + " * * * * *";
    }

    /** Fires of the minutely and daily jobs scheduled at seconds in [fromSecond, toSecond) (epoch seconds). */
    long backgroundFiresBetween(long fromSecond, long toSecond) {
        long fires = 0;
        for (long second = fromSecond; second < toSecond; second++) {
            int secondOfMinute = (int) Math.floorMod(second, 60L);
            fires += minutely / 60 + (secondOfMinute < minutely % 60 ? 1 : 0);
            int secondOfDay = (int) Math.floorMod(second, (long) SECONDS_PER_DAY);
            if (secondOfDay % dailyStepSeconds() == 0) {
                int slot = secondOfDay / dailyStepSeconds();
                fires += daily / dailyTimes + (slot < daily % dailyTimes ? 1 : 0);
            }
        }
        return fires;
    }

    /** Seconds of the day this far or further (both ways, around midnight) from every second of [from, to). */
    static boolean farFrom(int secondOfDay, long fromSecond, long toSecond, int marginSeconds) {
        for (long edge : new long[] {fromSecond, toSecond}) {
            int edgeOfDay = (int) Math.floorMod(edge, (long) SECONDS_PER_DAY);
            int distance = Math.abs(secondOfDay - edgeOfDay);
            if (Math.min(distance, SECONDS_PER_DAY - distance) < marginSeconds) {
                return false;
            }
        }
        return toSecond - fromSecond < SECONDS_PER_DAY - 2L * marginSeconds
                && !inWindow(secondOfDay, fromSecond, toSecond);
    }

    private static boolean inWindow(int secondOfDay, long fromSecond, long toSecond) {
        long start = Math.floorMod(fromSecond, (long) SECONDS_PER_DAY);
        long length = toSecond - fromSecond;
        return Math.floorMod(secondOfDay - start, (long) SECONDS_PER_DAY) < length;
    }
}
