package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * The OpenAPI v3 documents that kube-apiserver serves, and the patch metadata they carry.
 *
 * <p>Served at {@code /openapi/v3} ({@link #index}) and {@code /openapi/v3/<path>?hash=<hash>}
 * ({@link #document}, {@link #hash}), per workspace under {@code /clusters/<ws>}. kubectl reads
 * them for client-side validation (a PATCH operation listing {@code fieldValidation} makes it leave
 * validation to the server) and for {@code kubectl explain}. {@link #patchMeta} gives a strategic
 * merge patch engine the merge keys and strategies of the same schemas.
 *
 * <p>Instances are immutable and thread-safe. Custom resources will add documents with
 * {@link #withDocument}, which returns a new instance.
 */
public final class OpenApiV3 {

    /** Classpath resource of the built-in spec (committed; bin/fetch-openapi-spec writes it). */
    static final String BUILTIN_RESOURCE = "kubernetes-openapi-v3.json.gz";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode template;
    private final ObjectNode schemas;
    private final SortedMap<String, Document> documents;
    private final Map<String, String> schemaByKind;
    /** Field trees of kinds asked for, and of every schema compiled on the way (guarded by itself). */
    private final Map<String, FieldTree> fieldTrees = new ConcurrentHashMap<>();
    private final Map<String, FieldTree> compiledFields = new HashMap<>();

    private record Document(ObjectNode tree, String json, String hash) {
        static Document of(ObjectNode tree) {
            try {
                String json = JSON.writeValueAsString(tree);
                byte[] digest = MessageDigest.getInstance("SHA-512").digest(json.getBytes(StandardCharsets.UTF_8));
                return new Document(tree, json, HexFormat.of().withUpperCase().formatHex(digest));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private OpenApiV3(ObjectNode template, ObjectNode schemas, SortedMap<String, Document> documents) {
        this.template = template;
        this.schemas = schemas;
        this.documents = documents;
        this.schemaByKind = kindIndex(schemas);
    }

    /**
     * The built-in kinds' documents, parsed and split on the first call (2 s on a cold JVM, under 1 s
     * warm; so call it once at startup off the event loop) and shared afterwards. They describe the
     * types and kinds of Kubernetes 1.35: a Kubernetes ~1.27 spec (paths and x-kubernetes metadata)
     * upgraded with the types of client-java's 1.35 models; fields the base had and 1.35 dropped stay
     * (see bin/fetch-openapi-spec).
     *
     * @throws IllegalStateException if the build did not put the spec on the classpath
     */
    public static OpenApiV3 builtin() {
        return Builtin.INSTANCE;
    }

    private static final class Builtin {
        static final OpenApiV3 INSTANCE = load();

        private static OpenApiV3 load() {
            InputStream raw = OpenApiV3.class.getResourceAsStream(BUILTIN_RESOURCE);
            if (raw == null) {
                throw new IllegalStateException("OpenAPI spec resource " + BUILTIN_RESOURCE
                        + " is missing; the apiserver build fetches it with bin/fetch-openapi-spec");
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                ObjectNode spec = (ObjectNode) JSON.readTree(in);
                ConversionLosses.restore(SpecSplitter.objectAt(spec.path("components").path("schemas")));
                OpenApiV3 builtin = fromSpec(spec);
                // Compiled here, at startup off the event loop, rather than on a kind's first write (~50 ms in all).
                builtin.schemaByKind.keySet().forEach(key -> {
                    String[] gvk = key.split("/", 3);
                    builtin.fieldTree(gvk[0], gvk[1], gvk[2]);
                });
                return builtin;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + BUILTIN_RESOURCE, e);
            }
        }
    }

    /**
     * Builds the documents from one whole-cluster OpenAPI 3.0 spec (paths, components.schemas,
     * optionally components.requestBodies and securitySchemes). The spec must not change afterwards.
     */
    public static OpenApiV3 fromSpec(ObjectNode spec) {
        ObjectNode schemas = SpecSplitter.objectAt(spec.path("components").path("schemas"));
        SortedMap<String, Document> documents = new TreeMap<>();
        SpecSplitter.split(spec).forEach((key, tree) -> documents.put(key, Document.of(tree)));
        return new OpenApiV3(spec, schemas, documents);
    }

    /** The document keys, e.g. "api/v1", "apis/apps/v1", "apis/apps", "version", sorted. */
    public Set<String> groupVersionPaths() {
        return documents.keySet();
    }

    /**
     * The {@code /openapi/v3} discovery document:
     * {@code {"paths":{"api/v1":{"serverRelativeURL":"<prefix>/openapi/v3/api/v1?hash=<HASH>"},...}}}.
     *
     * @param pathPrefix prepended to every URL: "" for the root, "/clusters/<ws>" for a workspace
     */
    public String index(String pathPrefix) {
        ObjectNode index = JSON.createObjectNode();
        ObjectNode paths = index.putObject("paths");
        documents.forEach((key, doc) -> paths.putObject(key)
                .put("serverRelativeURL", pathPrefix + "/openapi/v3/" + key + "?hash=" + doc.hash()));
        return index.toString();
    }

    /** The OpenAPI 3.0 document of {@code groupVersionPath} ("api/v1", "apis/apps/v1"), if served. */
    public Optional<String> document(String groupVersionPath) {
        return Optional.ofNullable(documents.get(groupVersionPath)).map(Document::json);
    }

    /**
     * Upper-case hex SHA-512 of {@link #document}, as kube-apiserver puts in {@code ?hash=} and ETag.
     *
     * @throws IllegalArgumentException if there is no such document
     */
    public String hash(String groupVersionPath) {
        Document doc = documents.get(groupVersionPath);
        if (doc == null) {
            throw new IllegalArgumentException("no OpenAPI document " + groupVersionPath);
        }
        return doc.hash();
    }

    /** A view that serves only the documents whose keys {@code keep} accepts. */
    public OpenApiV3 only(Predicate<String> keep) {
        SortedMap<String, Document> kept = new TreeMap<>();
        documents.forEach((key, doc) -> {
            if (keep.test(key)) {
                kept.put(key, doc);
            }
        });
        return new OpenApiV3(template, schemas, kept);
    }

    /**
     * A copy with {@code paths} and {@code schemas} added to the document {@code groupVersionPath}
     * (created if absent; same-named entries replaced), e.g. for a custom resource's version.
     * Built-in schemas that the new entries refer to (ObjectMeta, ListMeta, Status, Patch, ...)
     * are added too; new schemas' {@code x-kubernetes-group-version-kind} feed {@link #patchMeta}.
     */
    public OpenApiV3 withDocument(String groupVersionPath, ObjectNode paths, ObjectNode schemas) {
        ObjectNode allSchemas = JSON.createObjectNode();
        allSchemas.setAll(this.schemas);
        allSchemas.setAll(schemas);
        Document old = documents.get(groupVersionPath);
        ObjectNode allPaths = JSON.createObjectNode();
        if (old != null) {
            allPaths.setAll((ObjectNode) old.tree().get("paths"));
        }
        allPaths.setAll(paths);
        Set<String> extra = new TreeSet<>(SpecSplitter.reachableSchemas(schemas, allSchemas));
        schemas.fieldNames().forEachRemaining(extra::add);
        SortedMap<String, Document> all = new TreeMap<>(documents);
        all.put(groupVersionPath, Document.of(SpecSplitter.document(template, allPaths, allSchemas, extra)));
        return new OpenApiV3(template, allSchemas, all);
    }

    /**
     * The patch metadata of the field at {@code fieldPath} of a kind, e.g. ["spec", "template",
     * "spec", "containers"] of apps/v1 Deployment. Field paths name fields only: list items and map
     * values are stepped into implicitly, so ["spec", "containers", "ports"] is the ports of every
     * container. Empty if the kind or the field is unknown.
     *
     * @param group "" for the core group
     */
    public Optional<PatchMeta> patchMeta(String group, String version, String kind, List<String> fieldPath) {
        String schemaName = schemaByKind.get(group + "/" + version + "/" + kind);
        if (schemaName == null || fieldPath.isEmpty()) {
            return Optional.empty();
        }
        JsonNode node = schemas.get(schemaName);
        JsonNode field = null;
        for (String name : fieldPath) {
            node = resolve(node);
            while ("array".equals(node.path("type").asText()) && node.has("items")) {
                node = resolve(node.get("items"));
            }
            if (node.path("properties").has(name)) {
                field = node.get("properties").get(name);
            } else if (node.path("additionalProperties").isObject() && !node.has("properties")) {
                field = node.get("additionalProperties");
            } else {
                return Optional.empty();
            }
            node = field;
        }
        String type = field.has("type") ? field.get("type").asText() : resolve(field).path("type").asText("object");
        return Optional.of(new PatchMeta(type,
                field.path("x-kubernetes-patch-strategy").asText(""),
                field.path("x-kubernetes-patch-merge-key").asText(""),
                field.path("x-kubernetes-list-type").asText(""),
                texts(field.path("x-kubernetes-list-map-keys"))));
    }

    /**
     * The compiled fields of a kind's schema, for fieldValidation; empty if the kind has no schema here.
     * The built-in kinds' trees are compiled when {@link #builtin} loads; others on first use, then kept.
     *
     * @param group "" for the core group
     */
    public Optional<FieldTree> fieldTree(String group, String version, String kind) {
        String schemaName = schemaByKind.get(group + "/" + version + "/" + kind);
        if (schemaName == null) {
            return Optional.empty();
        }
        FieldTree tree = fieldTrees.get(schemaName);
        if (tree == null) {
            synchronized (compiledFields) {
                tree = FieldTree.compile(JSON.createObjectNode().put("$ref", SpecSplitter.SCHEMA_REF + schemaName),
                        schemas::get, compiledFields);
            }
            fieldTrees.putIfAbsent(schemaName, tree);
        }
        return Optional.of(tree);
    }

    /** {@link #patchMeta} of a list field; empty if the field is not a list. */
    public Optional<PatchMeta> listMerge(String group, String version, String kind, List<String> fieldPath) {
        return patchMeta(group, version, kind, fieldPath).filter(PatchMeta::isList);
    }

    /** Follows $ref, and allOf with one $ref (kube's form for a described reference), to a schema. */
    private JsonNode resolve(JsonNode node) {
        for (int depth = 0; depth < 32; depth++) {
            String ref = node.path("$ref").asText("");
            if (ref.isEmpty() && node.path("allOf").size() == 1) {
                ref = node.get("allOf").get(0).path("$ref").asText("");
            }
            if (!ref.startsWith(SpecSplitter.SCHEMA_REF)) {
                return node;
            }
            JsonNode target = schemas.get(ref.substring(SpecSplitter.SCHEMA_REF.length()));
            if (target == null) {
                return node;
            }
            node = target;
        }
        return node;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static Map<String, String> kindIndex(ObjectNode schemas) {
        Map<String, String> index = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schemas.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                String key = gvk.path("group").asText("") + "/" + gvk.path("version").asText() + "/"
                        + gvk.path("kind").asText();
                // A kind's own schema wins over shared ones (DeleteOptions, WatchEvent list every group).
                if (gvk.path("kind").asText().equals(e.getKey().substring(e.getKey().lastIndexOf('.') + 1))) {
                    index.putIfAbsent(key, e.getKey());
                }
            }
        }
        return index;
    }
}
