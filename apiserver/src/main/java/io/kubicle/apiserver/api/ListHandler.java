package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.LabelSelector;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.ListResult;
import io.kubicle.storage.Store;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.StoredObject;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * LIST with label and field selectors, limit/continue pagination and resourceVersion semantics,
 * answered as a typed list, a Table or a PartialObjectMetadataList.
 */
public final class ListHandler {
    static final String CONTINUE_EXPIRED = "The provided continue parameter is too old to display a consistent list"
            + " result. You can start a new list without the continue parameter, or use the continue token in this"
            + " response to retrieve the remainder of the results. Continuing with the provided token results in an"
            + " inconsistent list - objects that were created, modified, or deleted between the time the first chunk"
            + " was returned and now may show up in the list.";

    private final Store store;
    private final Clock clock;

    public ListHandler(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The page of objects plus list metadata: as stored, and parsed (with resourceVersions) only when something asks
     * for the trees ({@link #items()}); a plain list of a core kind is written from the stored bytes instead.
     */
    public static final class Page {
        private final List<StoredObject> stored;
        private final ResourceType type;
        private List<ObjectNode> items;
        private final long resourceVersion;
        private final String continueToken;

        Page(List<StoredObject> stored, List<ObjectNode> items, ResourceType type, long resourceVersion, String continueToken) {
            this.stored = stored;
            this.items = items;
            this.type = type;
            this.resourceVersion = resourceVersion;
            this.continueToken = continueToken;
        }

        /** The objects as the client sees them, parsed on first use. */
        public List<ObjectNode> items() {
            if (items == null) {
                items = new ArrayList<>(stored.size());
                stored.forEach(o -> items.add(ObjectHandler.visible(o, type)));
            }
            return items;
        }

        public long resourceVersion() {
            return resourceVersion;
        }

        public String continueToken() {
            return continueToken;
        }
    }

    public Future<Page> page(ApiCall call) {
        LabelSelector labels = LabelSelector.parse(call.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(call.param("fieldSelector"), call.strategy(), Json.object());
        int limit = parseLimit(call.param("limit"));
        long exact = 0;
        String rv = call.param("resourceVersion");
        if (call.param("resourceVersionMatch").equals("Exact")) {
            Long pinned = ObjectHandler.parseVersion(rv);
            if (pinned == null || pinned == 0) {
                throw Statuses.badRequest("resourceVersionMatch=Exact needs a resourceVersion greater than 0");
            }
            exact = pinned;
        } else if (!rv.isEmpty()) {
            ObjectHandler.parseVersion(rv);
        }
        ListRequest request = new ListRequest(call.scope(), labels, limit, call.param("continue"), exact);
        return store.list(request).recover(e -> Future.failedFuture(e instanceof StorageException.Expired
                        ? Statuses.gone(CONTINUE_EXPIRED) : e))
                .map(result -> toPage(result, fields, call));
    }

    private static Page toPage(ListResult result, FieldSelector fields, ApiCall call) {
        if (fields.isEverything()) {
            return new Page(result.items(), null, call.type(), result.resourceVersion(), result.continueToken());
        }
        List<StoredObject> kept = new ArrayList<>();
        List<ObjectNode> items = new ArrayList<>(result.items().size());
        for (StoredObject stored : result.items()) {
            ObjectNode object = ObjectHandler.visible(stored, call.type());
            if (fields.matches(object, call.strategy())) {
                kept.add(stored);
                items.add(object);
            }
        }
        return new Page(kept, items, call.type(), result.resourceVersion(), result.continueToken());
    }

    /**
     * The list as JSON bytes when it can be written from the stored bodies with their resourceVersions spliced in (a
     * plain list of a core kind: never converted), or null. A list parsed every object and serialized it again; the
     * syncer's informers, kubectl's {@code -o json} and every controller pass list.
     */
    public byte[] storedBytes(ApiCall call, Page page, Responses.Shape shape) {
        if (shape != Responses.Shape.OBJECT || !call.type().group().isEmpty()) {
            return null;
        }
        ObjectNode head = typedList(call.type(), new Page(List.of(), List.of(), call.type(), page.resourceVersion(),
                page.continueToken()));
        byte[] empty = Json.bytes(head); // ...,"items":[]}
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(empty.length + page.stored.size() * 2048);
        out.write(empty, 0, empty.length - 2);
        for (int i = 0; i < page.stored.size(); i++) {
            StoredObject stored = page.stored.get(i);
            byte[] item = StoredJson.withResourceVersion(stored.body(), stored.resourceVersion());
            if (item == null) {
                item = Json.bytes(page.items().get(i));
            }
            if (i > 0) {
                out.write(',');
            }
            out.write(item, 0, item.length);
        }
        out.write(']');
        out.write('}');
        return out.toByteArray();
    }

    public ObjectNode render(ApiCall call, Page page, Responses.Shape shape) {
        String rv = Long.toString(page.resourceVersion());
        return switch (shape) {
            case TABLE -> Tables.table(page.items(), call.strategy(), clock.instant(), includeObject(call), rv,
                    page.continueToken());
            case PARTIAL_METADATA -> Tables.partialList(page.items(), rv, page.continueToken());
            default -> typedList(call.type(), page);
        };
    }

    static String includeObject(ApiCall call) {
        String v = call.param("includeObject");
        return v.isEmpty() ? "Metadata" : v;
    }

    static ObjectNode typedList(ResourceType type, Page page) {
        ObjectNode list = Json.object();
        list.put("kind", type.kind() + "List").put("apiVersion", type.apiVersion());
        ObjectNode meta = list.putObject("metadata");
        meta.put("resourceVersion", Long.toString(page.resourceVersion()));
        if (page.continueToken() != null) {
            meta.put("continue", page.continueToken());
        }
        ArrayNode items = list.putArray("items");
        page.items().forEach(items::add);
        return list;
    }

    static int parseLimit(String limit) {
        if (limit.isEmpty()) {
            return 0;
        }
        try {
            long n = Long.parseLong(limit);
            return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE - 1);
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("limit \"" + limit + "\" is not a number");
        }
    }
}
