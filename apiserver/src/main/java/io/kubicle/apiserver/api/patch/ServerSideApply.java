package io.kubicle.apiserver.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.patch.ApplyConflictException.Conflict;
import io.kubicle.apiserver.api.patch.ManagedFields.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) and the field ownership every other write
 * records, after sigs.k8s.io/structured-merge-diff's merge.Updater and k8s.io/apiserver's field
 * manager. Ownership lives in {@code metadata.managedFields}; a manager owns the fields it applied
 * (operation Apply) or changed (operation Update). Never tracked: apiVersion, kind and
 * metadata.name/namespace/uid/resourceVersion/generation/creationTimestamp/managedFields (and
 * selfLink, deletionTimestamp, deletionGracePeriodSeconds); {@code status} is tracked only for the
 * status subresource, which in turn tracks nothing else; a pod's ephemeralcontainers subresource tracks only
 * {@code spec.ephemeralContainers}.
 */
public final class ServerSideApply {
    /** The Update manager that takes ownership of an object's fields at its first apply when it has no managedFields. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";
    private static final String EPHEMERAL_CONTAINERS = "ephemeralcontainers";
    private static final String EPHEMERAL_CONTAINERS_FIELD = "ephemeralContainers";

    private static final List<String> UNTRACKED_META = List.of("name", "namespace", "creationTimestamp", "selfLink",
            "uid", "clusterName", "generation", "managedFields", "resourceVersion", "deletionTimestamp",
            "deletionGracePeriodSeconds");
    private static final List<String> META_ORDER = List.of("name", "generateName", "namespace", "selfLink", "uid",
            "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
            "labels", "annotations", "ownerReferences", "finalizers", "managedFields");

    private ServerSideApply() {
    }

    /** {@link #apply(ObjectNode, ObjectNode, String, String, boolean, PatchSchema, Instant)} on the main resource. */
    public static ApplyResult apply(ObjectNode live, ObjectNode applied, String manager, boolean force, PatchSchema schema,
            Instant now) {
        return apply(live, applied, manager, null, force, schema, now);
    }

    /**
     * Applies a configuration: its fields are merged into {@code live} (maps recursively, list-maps by
     * key, everything else replaced), fields this manager applied before but no longer does are removed
     * unless another manager owns them, and the manager's Apply entry becomes exactly the applied fields.
     *
     * @param live the stored object, or null to create
     * @param applied the configuration (apiVersion, kind, metadata.name and the fields the manager cares about)
     * @param manager the fieldManager (required)
     * @param subresource null for the main resource, "status" for /status, "ephemeralcontainers" for a pod's
     * @param force take ownership of conflicting fields instead of failing
     * @param now the time recorded in managedFields
     * @throws ApplyConflictException when fields owned by other managers would change and force is false
     * @throws PatchException when the configuration is not acceptable
     */
    public static ApplyResult apply(ObjectNode live, ObjectNode applied, String manager, String subresource,
            boolean force, PatchSchema schema, Instant now) {
        if (manager == null || manager.isEmpty()) {
            throw new PatchException("fieldManager: Required value: is required for apply patch");
        }
        subresource = subresource == null || subresource.isEmpty() ? null : subresource;
        if (applied == null) {
            throw new PatchException("apply configuration must be an object");
        }
        JsonNode appliedManaged = applied.path("metadata").get("managedFields");
        if (appliedManaged != null && !appliedManaged.isNull()) {
            throw new PatchException("metadata.managedFields must be nil");
        }
        ApplyTrees trees = new ApplyTrees(schema);
        String version = applied.path("apiVersion").asText(live == null ? "" : live.path("apiVersion").asText(""));
        ObjectNode liveT = tracked(live, subresource);
        ObjectNode configT = tracked(applied, subresource);

        Map<String, Entry> managers = ManagedFields.decode(live == null ? null : live.path("metadata").get("managedFields"));
        if (live != null && managers.isEmpty()) {
            FieldSet all = strip(trees.compare(Json.object(), liveT).added());
            Entry first = new Entry(BEFORE_FIRST_APPLY, ManagedFields.UPDATE, live.path("apiVersion").asText(""),
                    ManagedFields.time(now), subresource, all);
            managers.put(first.identity(), first);
        }
        String self = Entry.identity(manager, ManagedFields.APPLY, version, subresource);
        Entry previous = managers.get(self);
        FieldSet applying = strip(trees.toFieldSet(configT));
        ObjectNode merged = (ObjectNode) trees.merge(liveT, configT, List.of(), true);
        FieldSet kept = applying;
        for (Entry e : managers.values()) {
            if (!e.identity().equals(self)) {
                kept = kept.union(e.set());
            }
        }
        if (previous != null) {
            trees.prune(merged, previous.set().difference(applying), kept, List.of());
        }

        ApplyTrees.Comparison cmp = trees.compare(liveT, merged);
        FieldSet changed = cmp.added().union(cmp.modified());
        List<Conflict> conflicts = new ArrayList<>();
        Map<String, Entry> next = new LinkedHashMap<>();
        for (Entry e : new TreeMap<>(managers).values()) {
            if (e.identity().equals(self)) {
                continue;
            }
            FieldSet conflicting = e.set().intersection(changed);
            conflicting.iterate(path -> conflicts.add(new Conflict(e.manager(), e.operation(), e.apiVersion(),
                    e.subresource(), FieldSet.display(path))));
            next.put(e.identity(), e.withSet(e.set().difference(conflicting).difference(cmp.removed())));
        }
        if (!conflicts.isEmpty() && !force) {
            throw new ApplyConflictException(conflicts);
        }
        boolean objectChanged = !cmp.isSame();
        String time = previous == null || objectChanged ? ManagedFields.time(now) : previous.time();
        next.put(self, new Entry(manager, ManagedFields.APPLY, version, time, subresource, applying));

        ObjectNode result = overlay(untracked(live, applied, subresource), merged);
        setManagedFields(result, next);
        return new ApplyResult(result, live == null || !Json.same(live, result));
    }

    /** {@link #recordUpdate(ObjectNode, ObjectNode, String, String, String, Instant)} on the main resource. */
    public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion,
            Instant now) {
        return recordUpdate(before, after, manager, apiVersion, null, now, schemaOf(after));
    }

    /**
     * As {@link #recordUpdate(ObjectNode, ObjectNode, String, String, Instant)} for a subresource; both
     * use the schema of the object's apiVersion and kind ({@link PatchSchema#forKind}).
     */
    public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion,
            String subresource, Instant now) {
        return recordUpdate(before, after, manager, apiVersion, subresource, now, schemaOf(after));
    }

    /** {@link PatchSchema#forKind} for the object's own apiVersion and kind. */
    static PatchSchema schemaOf(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asText("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return PatchSchema.forKind(group, object.path("kind").asText(""));
    }

    /**
     * Records the ownership of a non-apply write (create, update, any patch but apply) made by
     * {@code manager}: it becomes the owner (operation Update) of every field whose value it added or
     * changed, taking them from other managers, and removed fields lose their owners. The manager's
     * entry gets {@code now} only when it gained fields. When {@code after} carries managedFields of its
     * own (a client writing them back), they are the starting point instead of {@code before}'s.
     *
     * @param before the stored object, or null on create
     * @param after the object about to be stored (not modified)
     * @param schema the kind's schema (list-maps are owned per element)
     * @return a copy of {@code after} with updated metadata.managedFields
     */
    public static ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String apiVersion,
            String subresource, Instant now, PatchSchema schema) {
        subresource = subresource == null || subresource.isEmpty() ? null : subresource;
        ApplyTrees trees = new ApplyTrees(schema);
        JsonNode own = after.path("metadata").get("managedFields");
        boolean fromAfter = subresource == null && own != null && own.isArray() && !own.isEmpty();
        Map<String, Entry> managers = ManagedFields.decode(fromAfter ? own
                : before == null ? null : before.path("metadata").get("managedFields"));
        ApplyTrees.Comparison cmp = trees.compare(tracked(before, subresource), tracked(after, subresource));
        FieldSet gained = strip(cmp.added().union(cmp.modified()));
        FieldSet touched = gained.union(cmp.removed());
        Map<String, Entry> next = new LinkedHashMap<>();
        managers.forEach((id, e) -> next.put(id, e.withSet(e.set().difference(touched))));
        if (!gained.isEmpty()) {
            String version = apiVersion != null ? apiVersion : after.path("apiVersion").asText("");
            String name = manager == null ? "unknown" : manager;
            String id = Entry.identity(name, ManagedFields.UPDATE, version, subresource);
            Entry previous = next.get(id);
            FieldSet set = previous == null ? gained : previous.set().union(gained);
            next.put(id, new Entry(name, ManagedFields.UPDATE, version, ManagedFields.time(now), subresource, set));
        }
        ObjectNode result = after.deepCopy();
        setManagedFields(result, next);
        return result;
    }

    /** The part of an object whose fields are owned. */
    static ObjectNode tracked(ObjectNode object, String subresource) {
        ObjectNode out = Json.object();
        if (object == null) {
            return out;
        }
        if ("status".equals(subresource)) {
            if (object.has("status")) {
                out.set("status", object.get("status").deepCopy());
            }
            return out;
        }
        if (EPHEMERAL_CONTAINERS.equals(subresource)) {
            JsonNode containers = object.path("spec").get(EPHEMERAL_CONTAINERS_FIELD);
            if (containers != null) {
                out.putObject("spec").set(EPHEMERAL_CONTAINERS_FIELD, containers.deepCopy());
            }
            return out;
        }
        out = object.deepCopy();
        out.remove(List.of("apiVersion", "kind", "status"));
        if (out.get("metadata") instanceof ObjectNode meta) {
            meta.remove(UNTRACKED_META);
            if (meta.isEmpty()) {
                out.remove("metadata");
            }
        }
        return out;
    }

    /**
     * The complement of {@link #tracked}: what the server keeps from the stored object (identity and
     * system metadata from the configuration on create; status only ever from the stored object).
     */
    private static ObjectNode untracked(ObjectNode live, ObjectNode applied, String subresource) {
        ObjectNode base = live != null ? live : applied;
        if ("status".equals(subresource)) {
            ObjectNode out = base.deepCopy();
            out.remove("status");
            return out;
        }
        if (EPHEMERAL_CONTAINERS.equals(subresource)) {
            ObjectNode out = base.deepCopy();
            if (out.get("spec") instanceof ObjectNode spec) {
                spec.remove(EPHEMERAL_CONTAINERS_FIELD);
            }
            return out;
        }
        ObjectNode kept = Json.object();
        for (String field : List.of("apiVersion", "kind")) {
            if (base.has(field)) {
                kept.set(field, base.get(field).deepCopy());
            }
        }
        if (base.get("metadata") instanceof ObjectNode meta) {
            ObjectNode m = kept.putObject("metadata");
            for (String field : live == null ? List.of("name", "namespace") : UNTRACKED_META) {
                if (meta.has(field) && !"managedFields".equals(field)) {
                    m.set(field, meta.get(field).deepCopy());
                }
            }
        }
        if (live != null && live.has("status")) {
            kept.set("status", live.get("status").deepCopy());
        }
        return kept;
    }

    /** {@code base} with the tracked tree laid over it, in Kubernetes' field order. */
    private static ObjectNode overlay(ObjectNode base, ObjectNode tracked) {
        ObjectNode out = base.deepCopy();
        deepSet(out, tracked);
        ObjectNode ordered = Json.object();
        for (String first : List.of("apiVersion", "kind", "metadata")) {
            if (out.has(first)) {
                ordered.set(first, out.get(first));
            }
        }
        out.fields().forEachRemaining(e -> {
            if (!ordered.has(e.getKey()) && !"status".equals(e.getKey())) {
                ordered.set(e.getKey(), e.getValue());
            }
        });
        if (out.has("status")) {
            ordered.set("status", out.get("status"));
        }
        if (ordered.get("metadata") instanceof ObjectNode meta) {
            ordered.set("metadata", orderMetadata(meta));
        }
        return ordered;
    }

    private static void deepSet(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode s) {
                deepSet(o, s);
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    private static ObjectNode orderMetadata(ObjectNode meta) {
        ObjectNode out = Json.object();
        META_ORDER.forEach(f -> {
            if (meta.has(f)) {
                out.set(f, meta.get(f));
            }
        });
        meta.fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static void setManagedFields(ObjectNode object, Map<String, Entry> managers) {
        var encoded = ManagedFields.encode(managers.values());
        JsonNode meta = object.get("metadata");
        if (encoded.isEmpty()) {
            if (meta instanceof ObjectNode m) {
                m.remove("managedFields");
            }
            return;
        }
        ObjectNode m = meta instanceof ObjectNode existing ? existing : object.putObject("metadata");
        m.set("managedFields", encoded);
    }

    /** metadata itself is never owned (only fields inside it). */
    private static FieldSet strip(FieldSet set) {
        FieldSet metadata = new FieldSet();
        metadata.insert(List.of(FieldSet.PathElement.field("metadata")));
        return set.difference(metadata);
    }
}
