package io.cronwheel.bench.gatling;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Realistic cron schedules (6 fields, seconds first) that cannot fire during the load test: their hour field only
 * holds local hours at least {@link #QUIET_HOURS_AHEAD} hours after the simulation's start in the job's time zone.
 * So the engine only stores and schedules the jobs, and the API is measured without fires competing for the CPU.
 *
 * <p>Example: started at 14:20 in Europe/Paris, a job in that zone gets hours from 18 to 09 (the next morning), so
 * its earliest fire is 18:00 Paris time, 3 h 40 min later. A DST change moves that by one hour at most.
 */
final class QuietSchedules {
    /** The first allowed local hour is this many hours after the current one: the run has 3 hours before any fire. */
    static final int QUIET_HOURS_AHEAD = 4;
    /** How many consecutive local hours are allowed; the rest of the day (around now) is never used. */
    private static final int ALLOWED_HOURS = 16;

    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final Instant start;
    private final Map<ZoneId, Integer> firstQuietHour = new HashMap<>();

    QuietSchedules(Instant start) {
        this.start = start;
    }

    /** A schedule picked by {@code random} among daily, weekday, weekly, twice-daily, monthly and similar forms. */
    synchronized String pick(ZoneId zone, SplittableRandom random) {
        int first = firstQuietHour.computeIfAbsent(zone, z -> (start.atZone(z).getHour() + QUIET_HOURS_AHEAD) % 24);
        int slot = random.nextInt(ALLOWED_HOURS);
        int hour = (first + slot) % 24;
        int minute = random.nextInt(60);
        int second = random.nextInt(60);
        return switch (random.nextInt(8)) {
            case 0 -> second + " " + minute + " " + hour + " * * *";
            case 1 -> "0 " + minute + " " + hour + " * * MON-FRI";
            case 2 -> "0 " + minute + " " + hour + " * * " + DAYS[random.nextInt(DAYS.length)];
            case 3 -> second + " " + minute + " " + twoHours(first, slot, random) + " * * *";
            case 4 -> "0 " + minute + " " + hour + " " + (1 + random.nextInt(28)) + " * *";
            case 5 -> "0 */15 " + hour + " * * *";
            case 6 -> "0 " + minute + " " + hour + " L * ?";
            default -> "0 " + minute + " " + hour + " 1 1,4,7,10 *";
        };
    }

    /** Two different quiet hours in ascending order, e.g. {@code 7,19}. */
    private static String twoHours(int first, int slot, SplittableRandom random) {
        int otherSlot = (slot + 1 + random.nextInt(ALLOWED_HOURS - 1)) % ALLOWED_HOURS;
        int a = (first + slot) % 24;
        int b = (first + otherSlot) % 24;
        return Math.min(a, b) + "," + Math.max(a, b);
    }
}
