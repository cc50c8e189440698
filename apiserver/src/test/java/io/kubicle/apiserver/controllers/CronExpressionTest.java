package io.kubicle.apiserver.controllers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronExpressionTest {
    @ParameterizedTest(name = "{0} after {2}")
    @CsvSource(delimiter = '|', value = {
        "0 0 * * *              | ''            | 2026-12-01T12:00:00Z | 2026-12-02T00:00:00Z",
        "*/5 * * * *            | ''            | 2026-12-01T12:00:00Z | 2026-12-01T12:05:00Z",
        "*/5 * * * *            | ''            | 2026-12-01T12:03:30Z | 2026-12-01T12:05:00Z",
        "*/15 9-17 * * mon-fri  | ''            | 2026-12-04T17:50:00Z | 2026-12-07T09:00:00Z",
        "0 0 1,15 * 5           | ''            | 2026-12-01T00:00:00Z | 2026-12-04T00:00:00Z",
        "0 0 15 * *             | ''            | 2026-12-01T00:00:00Z | 2026-12-15T00:00:00Z",
        "30 6 * jan sun         | ''            | 2026-12-01T00:00:00Z | 2027-01-03T06:30:00Z",
        "0 12 * * 7             | ''            | 2026-12-01T00:00:00Z | 2026-12-06T12:00:00Z",
        "@hourly                | ''            | 2026-12-01T12:00:00Z | 2026-12-01T13:00:00Z",
        "@every 90s             | ''            | 2026-12-01T12:00:00Z | 2026-12-01T12:01:30Z",
        "0 9 * * *              | Europe/Berlin | 2026-12-01T12:00:00Z | 2026-12-02T08:00:00Z",
        "CRON_TZ=Asia/Tokyo 0 9 * * * | ''      | 2026-12-01T12:00:00Z | 2026-12-02T00:00:00Z",
        "0 0 30 2 *             | ''            | 2026-12-01T00:00:00Z | ",
    })
    void next(String spec, String zone, String after, String expected) {
        Instant next = CronExpression.parse(spec, zone).next(Instant.parse(after));
        assertEquals(expected == null ? null : Instant.parse(expected), next);
    }

    @ParameterizedTest
    @CsvSource({
        "*/5 * * * *, 2026-12-01T11:00:00Z, 2026-12-01T12:02:00Z, 2026-12-01T12:00:00Z",
        "0 0 * * *, 2026-12-01T11:00:00Z, 2026-12-01T12:02:00Z, ",
    })
    void latestMissedSchedule(String spec, String after, String now, String expected) {
        assertEquals(expected == null ? null : Instant.parse(expected),
                CronExpression.parse(spec, null).latest(Instant.parse(after), Instant.parse(now)));
    }
}
