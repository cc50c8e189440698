package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubicle.apiserver.api.HumanDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Workspaces as kubectl prints a table: NAME PHASE URL EXPIRES AGE, columns aligned as kubectl's
 * tabwriter aligns them (each column but the last padded to its widest cell plus three spaces, at least
 * six wide), {@code <none>} for a missing value. EXPIRES is the time left, AGE the time since creation.
 */
final class WorkspaceTable {
    static final List<String> HEADERS = List.of("NAME", "PHASE", "URL", "EXPIRES", "AGE");
    private static final int PADDING = 3;
    private static final int MIN_WIDTH = 6;
    private static final String NONE = "<none>";

    private WorkspaceTable() {
    }

    static String render(Iterable<JsonNode> workspaces, Instant now) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode ws : workspaces) {
            rows.add(row(ws, now));
        }
        return align(rows);
    }

    static List<String> row(JsonNode ws, Instant now) {
        JsonNode status = ws.path("status");
        return List.of(text(ws.path("metadata").path("name")), text(status.path("phase")), text(status.path("url")),
                expires(status.path("expiresAt").asText(""), now), age(ws.path("metadata").path("creationTimestamp").asText(""), now));
    }

    static String align(List<List<String>> rows) {
        int columns = rows.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size() - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, row.get(i).length() + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                out.append(cell);
                if (i < row.size() - 1) {
                    out.append(" ".repeat(widths[i] - cell.length()));
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String expires(String expiresAt, Instant now) {
        Instant at = instant(expiresAt);
        if (at == null) {
            return NONE;
        }
        Duration left = Duration.between(now, at);
        return left.isNegative() || left.isZero() ? "expired" : HumanDuration.format(left);
    }

    private static String age(String created, Instant now) {
        Instant at = instant(created);
        return at == null ? NONE : HumanDuration.format(Duration.between(at, now));
    }

    private static Instant instant(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        String s = value.asText("");
        return s.isEmpty() ? NONE : s;
    }
}
