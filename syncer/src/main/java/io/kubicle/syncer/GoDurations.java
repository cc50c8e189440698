package io.kubicle.syncer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.fabric8.kubernetes.api.model.Duration;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Go reads and writes them ({@code metav1.Duration}: {@code 20s}, {@code 10.5s}, {@code 1m0s}, {@code 1.5ms}).
 * fabric8's own reading takes whole numbers only ({@code 10.5s} became 5 s) and it writes nanoseconds
 * ({@code 20000000000ns}), so a metrics-server {@code window} would reach a tenant changed; {@link SyncerJson} uses these
 * instead, which give back the very text the host wrote.
 */
final class GoDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");
    private static final Map<String, Long> UNIT_NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;

    private GoDurations() {
    }

    /** Go's {@code time.ParseDuration}. */
    static java.time.Duration parse(String text) {
        String s = text.strip();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return java.time.Duration.ZERO;
        }
        Matcher part = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            part.region(at, s.length());
            if (!part.lookingAt()) {
                throw new IllegalArgumentException("not a duration: \"" + text + "\"");
            }
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(UNIT_NANOS.get(part.group(2)))));
            at = part.end();
        }
        if (at == 0) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\"");
        }
        long whole = nanos.setScale(0, RoundingMode.DOWN).longValueExact();
        return java.time.Duration.ofNanos(negative ? -whole : whole);
    }

    /** Go's {@code time.Duration.String()}. */
    static String format(java.time.Duration duration) {
        long total = duration.toNanos();
        if (total == 0) {
            return "0s";
        }
        long u = Math.abs(total);
        StringBuilder out = new StringBuilder();
        if (u < 1_000) {
            out.append(u).append("ns");
        } else if (u < 1_000_000) {
            out.append(decimal(u, 3)).append("µs");
        } else if (u < SECOND) {
            out.append(decimal(u, 6)).append("ms");
        } else {
            long minutes = u / MINUTE;
            long hours = minutes / 60;
            out.append(hours > 0 ? hours + "h" : "").append(minutes > 0 ? minutes % 60 + "m" : "").append(decimal(u % MINUTE, 9)).append('s');
        }
        return (total < 0 ? "-" : "") + out;
    }

    /** {@code value / 10^scale} without trailing zeros: 1.5, 20. */
    private static String decimal(long value, int scale) {
        BigDecimal d = BigDecimal.valueOf(value, scale).stripTrailingZeros();
        return d.signum() == 0 ? "0" : d.toPlainString();
    }

    /** Put on fabric8's {@link Duration} (a Jackson mix-in) so this reads and writes it. */
    @JsonSerialize(using = Writer.class)
    @JsonDeserialize(using = Reader.class)
    abstract static class GoFormat {
    }

    static final class Writer extends StdSerializer<Duration> {
        Writer() {
            super(Duration.class);
        }

        @Override
        public void serialize(Duration value, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeString(format(value.getDuration()));
        }
    }

    static final class Reader extends StdDeserializer<Duration> {
        Reader() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser in, DeserializationContext context) throws IOException {
            String text = in.getValueAsString();
            try {
                return new Duration(parse(text));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw context.weirdStringException(text, Duration.class, e.getMessage());
            }
        }
    }
}
