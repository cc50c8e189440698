package io.kubicle.apiserver.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The discovery documents of a workspace, rendered from its {@link ResourceCatalog} the way
 * kube-apiserver 1.35 renders them: {@code /api} (APIVersions), {@code /apis} (APIGroupList),
 * {@code /apis/<g>} (APIGroup), {@code /api/v1} and {@code /apis/<g>/<v>} (APIResourceList), and the
 * aggregated {@code apidiscovery.k8s.io/v2} APIGroupDiscoveryList for {@code /api} and {@code /apis}.
 * Pure functions of the catalog: no HTTP, no state. Field order and omitted fields follow kube's
 * output (e.g. {@code /api/v1} carries no apiVersion; same-group response kinds in aggregated
 * discovery have empty group and version).
 */
public final class Discovery {
    /** The Content-Type of an aggregated discovery answer. */
    public static final String AGGREGATED_CONTENT_TYPE =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> GET_PATCH_UPDATE = List.of("get", "patch", "update");
    private static final List<String> CREATE_GET = List.of("create", "get");

    /**
     * What a subresource answers and which verbs it takes. {@code group}/{@code version} are absolute
     * (the parent's own for status-like subresources).
     */
    public record Subresource(String name, String group, String version, String kind, List<String> verbs) {
    }

    private Discovery() {
    }

    /** The Content-Type value to answer aggregated discovery with. */
    public static String aggregatedContentType() {
        return AGGREGATED_CONTENT_TYPE;
    }

    /** {@code /api}: the legacy core group's versions, with the address clients should use. */
    public static ObjectNode apiVersions(String serverAddress) {
        ObjectNode root = NODES.objectNode().put("kind", "APIVersions");
        root.putArray("versions").add("v1");
        root.putArray("serverAddressByClientCIDRs").addObject()
                .put("clientCIDR", "0.0.0.0/0").put("serverAddress", serverAddress);
        return root;
    }

    /** {@code /apis}: every named group (not the core group) with its versions, preferred first. */
    public static ObjectNode apiGroupList(ResourceCatalog catalog) {
        ObjectNode root = NODES.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = root.putArray("groups");
        for (String group : catalog.groups()) {
            if (!group.isEmpty()) {
                groups.add(groupBody(catalog, group, NODES.objectNode()));
            }
        }
        return root;
    }

    /** {@code /apis/<group>}: empty for the core group and for groups the catalog does not serve. */
    public static Optional<ObjectNode> apiGroup(ResourceCatalog catalog, String group) {
        if (group == null || group.isEmpty() || catalog.versions(group).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(groupBody(catalog, group, NODES.objectNode().put("kind", "APIGroup").put("apiVersion", "v1")));
    }

    /**
     * {@code /api/v1} (group "") or {@code /apis/<group>/<version>}: resources and their subresources
     * ({@code pods/status}), sorted by name as kube does; empty when the group version is not served.
     */
    public static Optional<ObjectNode> apiResourceList(ResourceCatalog catalog, String group, String version) {
        String g = group == null ? "" : group;
        if (!catalog.servesGroupVersion(g, version)) {
            return Optional.empty();
        }
        ObjectNode root = NODES.objectNode().put("kind", "APIResourceList");
        if (!g.isEmpty()) {
            root.put("apiVersion", "v1");   // kube leaves it out of /api/v1 only
        }
        root.put("groupVersion", g.isEmpty() ? version : g + "/" + version);
        List<ObjectNode> entries = new ArrayList<>();
        for (ResourceType type : catalog.resources(g, version)) {
            ObjectNode entry = NODES.objectNode().put("name", type.resource()).put("singularName", type.singular())
                    .put("namespaced", type.namespaced()).put("kind", type.kind());
            strings(entry, "verbs", type.verbs());
            optionalStrings(entry, "shortNames", type.shortNames());
            optionalStrings(entry, "categories", type.categories());
            String hash = storageVersionHash(catalog, type);
            if (hash != null) {
                entry.put("storageVersionHash", hash);
            }
            entries.add(entry);
            for (String name : type.subresources()) {
                Subresource sub = subresource(type, name);
                ObjectNode subEntry = NODES.objectNode().put("name", type.resource() + "/" + name)
                        .put("singularName", "").put("namespaced", type.namespaced());
                if (!sameGroupVersion(type, sub)) {
                    if (!sub.group().isEmpty()) {
                        subEntry.put("group", sub.group());
                    }
                    subEntry.put("version", sub.version());
                }
                subEntry.put("kind", sub.kind());
                strings(subEntry, "verbs", sub.verbs());
                entries.add(subEntry);
            }
        }
        entries.sort(Comparator.comparing(e -> e.get("name").asText()));
        root.putArray("resources").addAll(entries);
        return Optional.of(root);
    }

    /** Aggregated discovery for {@code /api}: one item, the core group (whose name is empty and left out). */
    public static ObjectNode aggregatedCore(ResourceCatalog catalog) {
        return aggregated(catalog, true);
    }

    /** Aggregated discovery for {@code /apis}: every named group in discovery order. */
    public static ObjectNode aggregatedGroups(ResourceCatalog catalog) {
        return aggregated(catalog, false);
    }

    private static ObjectNode aggregated(ResourceCatalog catalog, boolean core) {
        ObjectNode root = NODES.objectNode().put("kind", "APIGroupDiscoveryList")
                .put("apiVersion", "apidiscovery.k8s.io/v2");
        root.putObject("metadata");
        ArrayNode items = root.putArray("items");
        for (String group : catalog.groups()) {
            if (group.isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode metadata = item.putObject("metadata");
            if (!group.isEmpty()) {
                metadata.put("name", group);
            }
            metadata.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String version : catalog.versions(group)) {
                ObjectNode v = versions.addObject().put("version", version);
                List<ResourceType> types = new ArrayList<>(catalog.resources(group, version));
                types.sort(Comparator.comparing(ResourceType::resource));
                ArrayNode resources = v.putArray("resources");
                for (ResourceType type : types) {
                    resources.add(aggregatedResource(type));
                }
                v.put("freshness", "Current");
            }
        }
        return root;
    }

    private static ObjectNode aggregatedResource(ResourceType type) {
        ObjectNode r = NODES.objectNode().put("resource", type.resource());
        responseKind(r, "", "", type.kind());
        r.put("scope", type.namespaced() ? "Namespaced" : "Cluster").put("singularResource", type.singular());
        strings(r, "verbs", type.verbs());
        optionalStrings(r, "shortNames", type.shortNames());
        optionalStrings(r, "categories", type.categories());
        if (!type.subresources().isEmpty()) {
            List<String> names = new ArrayList<>(type.subresources());
            names.sort(Comparator.naturalOrder());
            ArrayNode subs = r.putArray("subresources");
            for (String name : names) {
                Subresource sub = subresource(type, name);
                ObjectNode s = subs.addObject().put("subresource", name);
                boolean same = sameGroupVersion(type, sub);
                responseKind(s, same ? "" : sub.group(), same ? "" : sub.version(), sub.kind());
                strings(s, "verbs", sub.verbs());
            }
        }
        return r;
    }

    /**
     * The kind and verbs of a subresource, as kube-apiserver lists them: status-like subresources
     * answer the parent kind; scale answers autoscaling/v1 Scale; serviceaccounts/token answers
     * authentication.k8s.io/v1 TokenRequest; pods/eviction policy/v1 Eviction. Kubicle's
     * workspaces/kubeconfig answers a kubeconfig (clientcmd v1 Config; the legacy list can only say
     * "version": "v1" for it, as it has no way to name the core group). Unknown names (e.g. from
     * future CRD features) are treated like status.
     */
    public static Subresource subresource(ResourceType parent, String name) {
        String g = parent.group();
        String v = parent.version();
        switch (name) {
            case "scale":
                return new Subresource(name, "autoscaling", "v1", "Scale", GET_PATCH_UPDATE);
            case "token":
                return new Subresource(name, "authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            case "eviction":
                return new Subresource(name, "policy", "v1", "Eviction", List.of("create"));
            case "binding":
                return new Subresource(name, "", "v1", "Binding", List.of("create"));
            case "log":
                return new Subresource(name, g, v, parent.kind(), List.of("get"));
            case "finalize":
                return new Subresource(name, g, v, parent.kind(), List.of("update"));
            case "attach":
                return new Subresource(name, g, v, parent.kind() + "AttachOptions", CREATE_GET);
            case "exec":
                return new Subresource(name, g, v, parent.kind() + "ExecOptions", CREATE_GET);
            case "portforward":
                return new Subresource(name, g, v, parent.kind() + "PortForwardOptions", CREATE_GET);
            case "proxy":
                return new Subresource(name, g, v, parent.kind() + "ProxyOptions",
                        List.of("create", "delete", "get", "patch", "update"));
            case "kubeconfig":
                return new Subresource(name, "", "v1", "Config", List.of("get"));
            default:   // status, approval, ephemeralcontainers, resize
                return new Subresource(name, g, v, parent.kind(), GET_PATCH_UPDATE);
        }
    }

    /**
     * kube's storageVersionHash: base64 of the first 8 bytes of sha256("group/version/Kind") of the
     * version the resource is stored in. Only stored resources (those that can be watched) have one;
     * review kinds, bindings and componentstatuses have none. The storage version is taken to be the
     * group's preferred version serving the resource (so autoscaling/v1 and v2 HPAs share a hash, as
     * in kube), except events.k8s.io events, which kube stores as core v1 Events.
     */
    public static String storageVersionHash(ResourceCatalog catalog, ResourceType type) {
        if (!type.supports("watch")) {
            return null;
        }
        if (type.group().equals("events.k8s.io") && type.resource().equals("events")) {
            return hash("", "v1", "Event");
        }
        for (String version : catalog.versions(type.group())) {
            Optional<ResourceType> stored = catalog.find(type.group(), version, type.resource());
            if (stored.isPresent()) {
                return hash(type.group(), version, stored.get().kind());
            }
        }
        return hash(type.group(), type.version(), type.kind());
    }

    /**
     * Whether an Accept header asks for aggregated discovery that we can give: the media ranges are
     * taken in kube's order (q-value, then specificity, then as written) and the first one we can
     * serve decides. {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}
     * (any parameter order, extra parameters such as {@code profile=nopeer} ignored) means yes; a plain
     * type (application/json, *&#47;*, protobuf, yaml) means the legacy documents. Ranges for other
     * conversions (v2beta1 aggregated discovery, protobuf aggregated discovery, Table) are skipped:
     * we answer only v2, in JSON.
     */
    public static boolean wantsAggregated(String acceptHeader) {
        if (acceptHeader == null || acceptHeader.isBlank()) {
            return false;
        }
        List<MediaRange> ranges = new ArrayList<>();
        for (String part : acceptHeader.split(",")) {
            MediaRange range = MediaRange.parse(part);
            if (range != null && range.q > 0) {
                ranges.add(range);
            }
        }
        ranges.sort(Comparator.comparingDouble((MediaRange r) -> -r.q)
                .thenComparing(r -> r.type.equals("*") ? 1 : 0)
                .thenComparing(r -> r.subtype.equals("*") ? 1 : 0));
        for (MediaRange range : ranges) {
            if (range.asGroup == null && range.asVersion == null && range.asKind == null) {
                return false;   // a plain type: the legacy documents will do
            }
            if ("application".equals(range.type) && "json".equals(range.subtype)
                    && "apidiscovery.k8s.io".equals(range.asGroup) && "v2".equals(range.asVersion)
                    && "APIGroupDiscoveryList".equals(range.asKind)) {
                return true;
            }
        }
        return false;
    }

    /** A strong ETag for a response body: the quoted hex of the first 16 bytes of its sha256. */
    public static String etag(String body) {
        byte[] digest = sha256(body.getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
    }

    /** Whether an If-None-Match header matches {@code etag} (lists, weak tags and "*" included), i.e. 304. */
    public static boolean notModified(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Compact JSON text of a rendered document. */
    public static String toJson(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a discovery document could not be written", e);
        }
    }

    private static ObjectNode groupBody(ResourceCatalog catalog, String group, ObjectNode node) {
        node.put("name", group);
        ArrayNode versions = node.putArray("versions");
        for (String version : catalog.versions(group)) {
            versions.addObject().put("groupVersion", group + "/" + version).put("version", version);
        }
        String preferred = catalog.versions(group).get(0);
        node.putObject("preferredVersion").put("groupVersion", group + "/" + preferred).put("version", preferred);
        return node;
    }

    private static boolean sameGroupVersion(ResourceType parent, Subresource sub) {
        return parent.group().equals(sub.group()) && parent.version().equals(sub.version());
    }

    private static void responseKind(ObjectNode node, String group, String version, String kind) {
        node.putObject("responseKind").put("group", group).put("version", version).put("kind", kind);
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        ArrayNode array = node.putArray(field);
        values.forEach(array::add);
    }

    private static void optionalStrings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            strings(node, field, values);
        }
    }

    private static String hash(String group, String version, String kind) {
        byte[] digest = sha256((group + "/" + version + "/" + kind).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(Arrays.copyOf(digest, 8));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** One media range of an Accept header; as* are its g, v and as parameters (null when absent). */
    private record MediaRange(String type, String subtype, double q, String asGroup, String asVersion,
                              String asKind) {
        static MediaRange parse(String text) {
            String[] parts = text.split(";");
            String[] typeAndSub = parts[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
            if (typeAndSub.length != 2 || typeAndSub[0].isEmpty() || typeAndSub[1].isEmpty()) {
                return null;
            }
            double q = 1.0;
            String g = null;
            String v = null;
            String as = null;
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split("=", 2);
                if (kv.length != 2) {
                    continue;
                }
                String key = kv[0].trim().toLowerCase(Locale.ROOT);
                String value = kv[1].trim().replaceAll("^\"|\"$", "");
                if (key.equals("q")) {
                    q = parseQ(value);
                } else if (key.equals("g")) {
                    g = value;
                } else if (key.equals("v")) {
                    v = value;
                } else if (key.equals("as")) {
                    as = value;
                }   // profile, charset, stream, pretty: no say in the choice
            }
            return new MediaRange(typeAndSub[0], typeAndSub[1], q, g, v, as);
        }

        private static double parseQ(String value) {
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }
}
