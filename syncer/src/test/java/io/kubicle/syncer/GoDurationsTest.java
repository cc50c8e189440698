package io.kubicle.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A host's metrics window comes back as the host wrote it: Go's duration text, read and written as Go does. */
class GoDurationsTest {
    @Test
    void goTextReadsAndWritesBackUnchanged() {
        for (String text : new String[] {"0s", "20s", "10.5s", "15.032417s", "1m0s", "1m30s", "2h0m0s", "1h2m3.5s", "1.5ms", "500µs",
                "999ns", "-3s"}) {
            assertEquals(text, GoDurations.format(GoDurations.parse(text)), text);
        }
        assertEquals(Duration.ofMillis(10_500), GoDurations.parse("10.5s"));
        assertEquals(Duration.ofSeconds(90), GoDurations.parse("1m30s"));
        assertEquals(Duration.ofNanos(1_500), GoDurations.parse("1.5us"));
        assertEquals(Duration.ZERO, GoDurations.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> GoDurations.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> GoDurations.parse("1x"));
        assertThrows(IllegalArgumentException.class, () -> GoDurations.parse(""));
    }

    @Test
    void theSyncersJsonKeepsAMetricsWindow() {
        PodMetrics read = SyncerJson.SERIALIZATION.unmarshal("{\"metadata\":{\"name\":\"web\"},\"window\":\"10.5s\"}", PodMetrics.class);
        assertEquals(Duration.ofMillis(10_500), read.getWindow().getDuration());
        assertEquals("{\"apiVersion\":\"metrics.k8s.io/v1beta1\",\"kind\":\"PodMetrics\",\"metadata\":{\"name\":\"web\"},\"window\":\"10.5s\"}",
                SyncerJson.asJson(read));
    }
}
