package io.kubicle.apiserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkspaceTableTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private static JsonNode ws(String name, String created, String expiresAt) throws Exception {
        String status = "{\"phase\":\"Ready\",\"url\":\"https://127.0.0.1:6443/clusters/" + name + "\""
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        return JSON.readTree("{\"metadata\":{\"name\":\"" + name + "\",\"creationTimestamp\":\"" + created + "\"},"
                + "\"status\":" + status + "}");
    }

    @Test
    void columnsAreAlignedAsKubectlAlignsThem() throws Exception {
        String table = WorkspaceTable.render(List.of(
                ws("ci-a", "2026-11-23T11:55:00Z", "2026-11-23T12:25:00Z"),
                ws("team-platform", "2026-11-20T12:00:00Z", null)), NOW);
        assertEquals("""
                NAME            PHASE   URL                                             EXPIRES   AGE
                ci-a            Ready   https://127.0.0.1:6443/clusters/ci-a            25m       5m
                team-platform   Ready   https://127.0.0.1:6443/clusters/team-platform   <none>    3d
                """, table);
    }

    @Test
    void missingValuesShowAsNoneAndPastExpiriesAsExpired() throws Exception {
        JsonNode bare = JSON.readTree("{\"metadata\":{\"name\":\"x\"}}");
        assertEquals(List.of("x", "<none>", "<none>", "<none>", "<none>"), WorkspaceTable.row(bare, NOW));
        assertEquals("expired", WorkspaceTable.row(ws("old", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z"), NOW).get(3));
    }

    @Test
    void narrowColumnsAreAtLeastSixWide() {
        assertEquals("A     B\nxy    z\n", WorkspaceTable.align(List.of(List.of("A", "B"), List.of("xy", "z"))));
    }
}
