package io.kubicle.apiserver.controllers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * When a CronJob schedule fires: robfig/cron v3's standard parser (five fields, names, ranges, steps,
 * the @descriptors and @every, a CRON_TZ= or TZ= prefix) and its matching rule (day of month and day of
 * week are ORed when both are restricted). Schedules arrive validated by the CronJob strategy.
 */
final class CronExpression {
    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
            "nov", "dec");
    private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
    private static final int SEARCH_DAYS = 366 * 5;

    private final BitSet[] fields;
    private final boolean domStar;
    private final boolean dowStar;
    private final Duration every;
    private final ZoneId zone;

    private CronExpression(BitSet[] fields, boolean domStar, boolean dowStar, Duration every, ZoneId zone) {
        this.fields = fields;
        this.domStar = domStar;
        this.dowStar = dowStar;
        this.every = every;
        this.zone = zone;
    }

    /** {@code timeZone} is spec.timeZone (null: UTC, kube's default here as there is no node clock zone). */
    static CronExpression parse(String spec, String timeZone) {
        ZoneId zone = timeZone == null || timeZone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(timeZone);
        String s = spec.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            zone = ZoneId.of(s.substring(s.indexOf('=') + 1, space));
            s = s.substring(space).trim();
        }
        if (s.startsWith("@every ")) {
            return new CronExpression(null, true, true, io.kubicle.apiserver.Durations.parse(s.substring(7).trim()), zone);
        }
        s = DESCRIPTORS.getOrDefault(s, s);
        String[] parts = s.split("\\s+");
        int[][] bounds = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        BitSet[] fields = new BitSet[5];
        for (int i = 0; i < 5; i++) {
            fields[i] = field(parts[i].toLowerCase(Locale.ROOT), bounds[i][0], bounds[i][1], i == 3 ? MONTHS : i == 4 ? DAYS : null,
                    i == 3 ? 1 : 0);
        }
        if (fields[4].get(7)) {
            fields[4].set(0);
        }
        return new CronExpression(fields, parts[2].startsWith("*") || parts[2].startsWith("?"),
                parts[4].startsWith("*") || parts[4].startsWith("?"), null, zone);
    }

    private static BitSet field(String expr, int min, int max, List<String> names, int nameBase) {
        BitSet bits = new BitSet();
        for (String part : expr.split(",")) {
            String range = part;
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                step = Integer.parseInt(part.substring(slash + 1));
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else {
                int dash = range.indexOf('-');
                from = value(dash < 0 ? range : range.substring(0, dash), names, nameBase);
                to = dash < 0 ? (slash >= 0 ? max : from) : value(range.substring(dash + 1), names, nameBase);
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int value(String text, List<String> names, int base) {
        if (names != null && names.contains(text)) {
            return names.indexOf(text) + base;
        }
        return Integer.parseInt(text);
    }

    /** The first firing strictly after {@code after}, or null when there is none within five years. */
    Instant next(Instant after) {
        if (every != null) {
            // robfig's ConstantDelaySchedule: whole seconds, at least one
            long seconds = Math.max(1, every.getSeconds());
            return after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
        }
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        LocalDate day = t.toLocalDate();
        for (int i = 0; i < SEARCH_DAYS; i++, day = day.plusDays(1)) {
            if (!fields[3].get(day.getMonthValue()) || !dayMatches(day)) {
                continue;
            }
            int startHour = i == 0 ? t.getHour() : 0;
            for (int h = fields[1].nextSetBit(startHour); h >= 0 && h < 24; h = fields[1].nextSetBit(h + 1)) {
                int startMinute = i == 0 && h == t.getHour() ? t.getMinute() : 0;
                int m = fields[0].nextSetBit(startMinute);
                if (m >= 0 && m < 60) {
                    ZonedDateTime fire = day.atTime(h, m).atZone(zone);
                    if (fire.toInstant().isAfter(after)) {
                        return fire.toInstant();
                    }
                }
            }
        }
        return null;
    }

    private boolean dayMatches(LocalDate day) {
        boolean dom = fields[2].get(day.getDayOfMonth());
        boolean dow = fields[4].get(day.getDayOfWeek().getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }

    /** The latest firing in (after, now], or null: what the CronJob should have started by now. */
    Instant latest(Instant after, Instant now) {
        Instant last = null;
        for (Instant t = next(after); t != null && !t.isAfter(now); t = next(t)) {
            last = t;
        }
        return last;
    }
}
