package io.kubicle.apiserver.api.kinds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.KindStrategy;
import io.kubicle.apiserver.api.TableColumn;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** v1 ResourceQuota: printResourceQuota (Name, Age, Request, Limit as used/hard pairs from status). */
public final class ResourceQuotaStrategy implements KindStrategy {
    private static final List<TableColumn> COLUMNS = List.of(
            Columns.NAME,
            Columns.AGE,
            Columns.str("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Columns.str("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of"
                    + " contention on the node."));

    @Override
    public List<TableColumn> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(ObjectNode quota, Instant now) {
        Map<String, String> hard = new TreeMap<>(Json.stringMap(quota, "status", "hard"));
        Map<String, String> used = Json.stringMap(quota, "status", "used");
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        hard.forEach((name, limit) -> {
            String pair = name + ": " + Quantities.canonical(used.getOrDefault(name, "0")) + "/" + Quantities.canonical(limit);
            (name.startsWith("limits.") ? limits : requests).add(pair);
        });
        return List.of(Printing.name(quota), Printing.age(quota, now), String.join(", ", requests), String.join(", ", limits));
    }
}
