package io.kubicle.apiserver.api.kinds;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * cron.ParseStandard of robfig/cron v3 (what CronJob validation calls): five fields or a
 * descriptor, with the library's error texts; returns null when the schedule parses.
 */
final class CronSchedule {
    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final List<Bounds> FIELDS = List.of(
            new Bounds(0, 59, Map.of()),
            new Bounds(0, 23, Map.of()),
            new Bounds(1, 31, Map.of()),
            new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
                    Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
                    Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11),
                    Map.entry("dec", 12))),
            new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6)));
    private static final List<String> DESCRIPTORS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Pattern DURATION =
            Pattern.compile("[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)");

    private CronSchedule() {
    }

    /** The parse error of {@code spec}, or null when it is a valid standard schedule. */
    static String parseError(String spec) {
        if (spec.isEmpty()) {
            return "empty spec string";
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            int eq = spec.indexOf('=');
            String zone = space < 0 ? spec.substring(eq + 1) : spec.substring(eq + 1, space);
            if (!validZone(zone)) {
                return "provided bad location " + zone + ": unknown time zone " + zone;
            }
            spec = space < 0 ? "" : spec.substring(space).trim();
        }
        if (spec.startsWith("@")) {
            if (DESCRIPTORS.contains(spec)) {
                return null;
            }
            if (spec.startsWith("@every ")) {
                String d = spec.substring("@every ".length());
                return DURATION.matcher(d).matches() ? null
                        : "failed to parse duration " + spec + ": time: invalid duration " + GoFmt.quote(d);
            }
            return "unrecognized descriptor: " + spec;
        }
        String[] fields = spec.trim().isEmpty() ? new String[0] : spec.trim().split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",")) {
                if (expr.isEmpty()) {
                    continue;
                }
                String err = rangeError(expr, FIELDS.get(i));
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    static boolean validZone(String zone) {
        if (zone.isEmpty() || zone.equals("Local")) {
            return zone.equals("Local") || zone.isEmpty();
        }
        try {
            ZoneId.of(zone);
            return zone.contains("/") || zone.equals("UTC") || ZoneId.getAvailableZoneIds().contains(zone);
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static String rangeError(String expr, Bounds r) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        boolean single = lowAndHigh.length == 1;
        long start;
        long end;
        long step;
        Object parsed;
        if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
            start = r.min();
            end = r.max();
        } else {
            parsed = intOrName(lowAndHigh[0], r);
            if (parsed instanceof String) {
                return (String) parsed;
            }
            start = (Long) parsed;
            if (lowAndHigh.length == 1) {
                end = start;
            } else if (lowAndHigh.length == 2) {
                parsed = intOrName(lowAndHigh[1], r);
                if (parsed instanceof String) {
                    return (String) parsed;
                }
                end = (Long) parsed;
            } else {
                return "too many hyphens: " + expr;
            }
        }
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            parsed = mustParseInt(rangeAndStep[1]);
            if (parsed instanceof String) {
                return (String) parsed;
            }
            step = (Long) parsed;
            if (single) {
                end = r.max();
            }
        } else {
            return "too many slashes: " + expr;
        }
        if (start < r.min()) {
            return "beginning of range (" + start + ") below minimum (" + r.min() + "): " + expr;
        }
        if (end > r.max()) {
            return "end of range (" + end + ") above maximum (" + r.max() + "): " + expr;
        }
        if (start > end) {
            return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
        }
        if (step == 0) {
            return "step of range should be a positive number: " + expr;
        }
        return null;
    }

    /** A Long, or the error text. */
    private static Object intOrName(String expr, Bounds r) {
        Integer named = r.names().get(expr.toLowerCase(Locale.ROOT));
        return named != null ? Long.valueOf(named) : mustParseInt(expr);
    }

    private static Object mustParseInt(String expr) {
        long num;
        try {
            if (!expr.matches("[+-]?[0-9]+")) {
                throw new NumberFormatException();
            }
            num = Long.parseLong(expr);
        } catch (NumberFormatException e) {
            String why = expr.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + GoFmt.quote(expr) + ": " + why;
        }
        if (num < 0) {
            return "negative number (" + num + ") not allowed: " + expr;
        }
        return num;
    }
}
