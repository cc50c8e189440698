package io.kubicle.storage;

import java.time.Instant;
import java.util.List;

/** One audited API request: who did what to which object, when, and how it ended (HTTP status). */
public record AuditRecord(long workspaceId, long id, String auditId, Instant receivedAt, Instant completedAt,
                          String username, List<String> groups, String verb, String requestUri, String group,
                          String version, String resource, String subresource, String namespace, String name, int code) {
    public AuditRecord {
        groups = List.copyOf(groups);
    }
}
