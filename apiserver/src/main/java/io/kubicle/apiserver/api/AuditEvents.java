package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.storage.AuditRecord;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Audit records rendered as kube-apiserver's audit.k8s.io/v1 EventList (level Metadata), so existing tooling reads them. */
final class AuditEvents {
    private AuditEvents() {
    }

    static ObjectNode list(List<AuditRecord> records, int limit) {
        ObjectNode list = Json.object();
        list.put("kind", "EventList").put("apiVersion", "audit.k8s.io/v1");
        ObjectNode meta = list.putObject("metadata");
        if (records.size() == limit && !records.isEmpty()) {
            meta.put("continue", Long.toString(records.get(records.size() - 1).id()));
        }
        ArrayNode items = list.putArray("items");
        for (AuditRecord r : records) {
            ObjectNode e = items.addObject();
            e.put("level", "Metadata").put("auditID", r.auditId()).put("stage", "ResponseComplete")
                    .put("requestURI", r.requestUri()).put("verb", r.verb());
            ObjectNode user = e.putObject("user");
            user.put("username", r.username());
            ArrayNode groups = user.putArray("groups");
            r.groups().forEach(groups::add);
            ObjectNode ref = e.putObject("objectRef");
            ref.put("resource", r.resource());
            if (!r.namespace().isEmpty()) {
                ref.put("namespace", r.namespace());
            }
            if (!r.name().isEmpty()) {
                ref.put("name", r.name());
            }
            ref.put("apiGroup", r.group()).put("apiVersion", r.version());
            if (!r.subresource().isEmpty()) {
                ref.put("subresource", r.subresource());
            }
            e.putObject("responseStatus").put("code", r.code()).putObject("metadata");
            e.put("requestReceivedTimestamp", r.receivedAt().truncatedTo(ChronoUnit.MICROS).toString());
            e.put("stageTimestamp", r.completedAt().truncatedTo(ChronoUnit.MICROS).toString());
        }
        return list;
    }
}
