package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * meta.k8s.io/v1 Table and PartialObjectMetadata renderings: what kubectl get and metadata-only
 * clients ask for. Rows come from the kind's strategy.
 */
public final class Tables {
    private Tables() {
    }

    public static ObjectNode table(List<ObjectNode> objects, KindStrategy strategy, Instant now, String includeObject,
                                   String resourceVersion, String continueToken) {
        ObjectNode table = Json.object();
        table.put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (resourceVersion != null) {
            meta.put("resourceVersion", resourceVersion);
        }
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode columns = table.putArray("columnDefinitions");
        for (TableColumn c : strategy.columns()) {
            columns.addObject().put("name", c.name()).put("type", c.type()).put("format", c.format())
                    .put("description", c.description()).put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (ObjectNode object : objects) {
            ObjectNode row = rows.addObject();
            row.set("cells", Json.MAPPER.valueToTree(strategy.cells(object, now)));
            switch (includeObject) {
                case "None" -> { }
                case "Object" -> row.set("object", object);
                default -> row.set("object", partial(object));
            }
        }
        return table;
    }

    public static ObjectNode partial(ObjectNode object) {
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", Json.metadata(object));
        return p;
    }

    public static ObjectNode partialList(List<ObjectNode> objects, String resourceVersion, String continueToken) {
        ObjectNode list = Json.object();
        list.put("kind", "PartialObjectMetadataList").put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", resourceVersion);
        if (continueToken != null) {
            meta.put("continue", continueToken);
        }
        ArrayNode items = list.putArray("items");
        objects.forEach(o -> items.add(partial(o)));
        return list;
    }
}
