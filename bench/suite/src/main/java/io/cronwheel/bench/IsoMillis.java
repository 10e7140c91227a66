package io.cronwheel.bench;

import java.time.Instant;

/**
 * Epoch milliseconds of the engine's {@code X-Cronwheel-Scheduled-At} header, read on every receipt: the engine's
 * own {@code 2026-11-23T03:20:42.000Z} without allocation, any other ISO-8601 instant through {@link Instant#parse}.
 */
final class IsoMillis {
    private IsoMillis() {}

    /**
     * Parses {@code 2026-11-23T03:20:42.000Z} quickly; other ISO-8601 instants through {@link Instant#parse}.
     *
     * @return epoch milliseconds, or {@link Long#MIN_VALUE} if absent or unparseable
     */
    static long parse(String s) {
        if (s == null) {
            return Long.MIN_VALUE;
        }
        if (s.length() == 24
                && s.charAt(4) == '-'
                && s.charAt(7) == '-'
                && s.charAt(10) == 'T'
                && s.charAt(13) == ':'
                && s.charAt(16) == ':'
                && s.charAt(19) == '.'
                && s.charAt(23) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            int millis = digits(s, 20, 3);
            if (year >= 0
                    && month >= 1
                    && month <= 12
                    && day >= 1
                    && day <= 31
                    && hour >= 0
                    && hour < 24
                    && minute >= 0
                    && minute < 60
                    && second >= 0
                    && second < 61
                    && millis >= 0) {
                long days = daysFromCivil(year, month, day);
                return (((days * 24 + hour) * 60 + minute) * 60 + second) * 1000 + millis;
            }
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    static long daysFromCivil(long year, int month, int day) {
        year -= month <= 2 ? 1 : 0;
        long era = (year >= 0 ? year : year - 399) / 400;
        long yoe = year - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }
}
