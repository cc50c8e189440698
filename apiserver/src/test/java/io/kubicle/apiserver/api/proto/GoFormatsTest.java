package io.kubicle.apiserver.api.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GoFormatsTest {
    @Test
    void durationsAsGoPrintsThem() {
        // the cases of Go's time_test.go durationTests
        assertEquals("0s", GoFormats.duration(0));
        assertEquals("1ns", GoFormats.duration(1));
        assertEquals("1.1\u00b5s", GoFormats.duration(1100));
        assertEquals("2.2ms", GoFormats.duration(2_200_000));
        assertEquals("3.3s", GoFormats.duration(3_300_000_000L));
        assertEquals("4m5s", GoFormats.duration((4 * 60 + 5) * 1_000_000_000L));
        assertEquals("4m5.001s", GoFormats.duration((4 * 60 + 5) * 1_000_000_000L + 1_000_000));
        assertEquals("5h6m7.001s", GoFormats.duration(((5 * 60 + 6) * 60 + 7) * 1_000_000_000L + 1_000_000));
        assertEquals("8m0.000000001s", GoFormats.duration(8 * 60 * 1_000_000_000L + 1));
        assertEquals("1h0m0s", GoFormats.duration(3600 * 1_000_000_000L));
        assertEquals("-1s", GoFormats.duration(-1_000_000_000L));
        assertEquals("2562047h47m16.854775807s", GoFormats.duration(Long.MAX_VALUE));
        assertEquals("-2562047h47m16.854775808s", GoFormats.duration(Long.MIN_VALUE));
    }

    @Test
    void timesInUtc() {
        assertEquals("2024-01-02T03:04:05Z", GoFormats.time(1704164645L));
        assertEquals("1969-12-31T23:59:59Z", GoFormats.time(-1));
        assertEquals("2024-01-02T03:04:05.123456Z", GoFormats.microTime(1704164645L, 123_456_789));
        assertEquals("2024-01-02T03:04:05.000000Z", GoFormats.microTime(1704164645L, 0));
        assertEquals("0001-01-01T00:00:00Z", GoFormats.time(GoFormats.GO_ZERO_TIME_SECONDS));
    }
}
