package io.kubicle.apiserver.api.proto;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The JSON text forms of metav1.Time, metav1.MicroTime and metav1.Duration. */
public final class GoFormats {
    private GoFormats() {
    }

    /** Seconds since the epoch of Go's zero time.Time, which metav1.Time writes as JSON null. */
    public static final long GO_ZERO_TIME_SECONDS = -62135596800L;

    private static final DateTimeFormatter RFC3339 =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** metav1.Time: RFC 3339 in UTC with whole seconds (its protobuf form drops nanos too). */
    public static String time(long seconds) {
        return RFC3339.format(Instant.ofEpochSecond(seconds));
    }

    /** metav1.MicroTime: RFC 3339 in UTC with exactly six fractional digits. */
    public static String microTime(long seconds, int nanos) {
        return RFC3339_MICRO.format(Instant.ofEpochSecond(seconds, nanos - nanos % 1000));
    }

    /** Go's time.Duration.String(): "1h0m0s", "1.5s", "300ms", "2µs", "0s". */
    public static String duration(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        long u = negative ? -nanos : nanos; // Long.MIN_VALUE stays negative; treated as unsigned below
        StringBuilder reversed = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            int precision;
            reversed.append('s');
            if (u < 1_000L) {
                precision = 0;
                reversed.append('n');
            } else if (u < 1_000_000L) {
                precision = 3;
                reversed.append('\u00b5');
            } else {
                precision = 6;
                reversed.append('m');
            }
            u = fraction(reversed, u, precision);
            integer(reversed, u);
        } else {
            reversed.append('s');
            u = fraction(reversed, u, 9);
            integer(reversed, Long.remainderUnsigned(u, 60));
            u = Long.divideUnsigned(u, 60);
            if (u > 0) {
                reversed.append('m');
                integer(reversed, u % 60);
                u /= 60;
                if (u > 0) {
                    reversed.append('h');
                    integer(reversed, u);
                }
            }
        }
        if (negative) {
            reversed.append('-');
        }
        return reversed.reverse().toString();
    }

    /** Appends, reversed, the fraction v / 10^precision without trailing zeros; returns the integer part. */
    private static long fraction(StringBuilder reversed, long v, int precision) {
        boolean print = false;
        for (int i = 0; i < precision; i++) {
            long digit = Long.remainderUnsigned(v, 10);
            print = print || digit != 0;
            if (print) {
                reversed.append((char) ('0' + digit));
            }
            v = Long.divideUnsigned(v, 10);
        }
        if (print) {
            reversed.append('.');
        }
        return v;
    }

    private static void integer(StringBuilder reversed, long v) {
        reversed.append(new StringBuilder(Long.toUnsignedString(v)).reverse());
    }
}
