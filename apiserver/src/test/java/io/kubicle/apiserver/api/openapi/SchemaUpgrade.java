package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings the components.schemas of an older Kubernetes spec up to the API types of client-java's models:
 * properties the models have and a schema lacks are added (with their descriptions), and model classes
 * those properties or {@link #addKind new kinds} refer to become new schemas. Nothing is removed, so a
 * field the older spec had stays accepted.
 *
 * <p>Schema names are kube's ({@code io.k8s.api.<package>.<version>.<Type>}); client-java drops the
 * package ({@code V1PodSpec}) unless two packages clash ({@code CoreV1Event}), so a new type takes the
 * package of the schema that first refers to it, or the one its class name carries.
 */
final class SchemaUpgrade {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** [Package]Version Type, e.g. "V1beta1FlowSchema", "ResourceV1ResourceClaim". */
    private static final Pattern CLASS = Pattern.compile("^([A-Z][a-z]+)?(V\\d+(?:alpha\\d+|beta\\d+)?)([A-Z]\\w*)$");
    /** prefix.version.Type of a schema name. */
    private static final Pattern SCHEMA = Pattern.compile("^(.*)\\.(v\\d+(?:alpha\\d+|beta\\d+)?)\\.(\\w+)$");
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    /** New types whose package is not that of their first user. */
    private static final Map<String, String> PACKAGE_OVERRIDES = Map.of(
            "V1FieldSelectorRequirement", META + "FieldSelectorRequirement");

    private final ClientJavaModels models;
    private final ObjectNode schemas;
    private final Map<String, String> schemaOfClass = new HashMap<>();
    private final Deque<String> pending = new ArrayDeque<>();
    private final List<String> added = new ArrayList<>();

    SchemaUpgrade(ClientJavaModels models, ObjectNode schemas) {
        this.models = models;
        this.schemas = schemas;
        for (Iterator<String> it = schemas.fieldNames(); it.hasNext(); ) {
            String schema = it.next();
            Matcher m = SCHEMA.matcher(schema);
            if (!m.matches()) {
                continue;
            }
            String pkg = m.group(1).substring(m.group(1).lastIndexOf('.') + 1);
            String version = capitalize(m.group(2));
            for (String candidate : List.of(capitalize(pkg) + version + m.group(3), version + m.group(3))) {
                if (models.classNames().contains(candidate)) {
                    schemaOfClass.putIfAbsent(candidate, schema);
                    break;
                }
            }
        }
        schemaOfClass.put("VersionInfo", "io.k8s.apimachinery.pkg.version.Info");
    }

    /** Schema names created so far, in creation order. */
    List<String> added() {
        return added;
    }

    /** Adds the properties every existing schema lacks, and the schemas they need. */
    void addMissingProperties() {
        for (Map.Entry<String, String> e : new HashMap<>(schemaOfClass).entrySet()) {
            ObjectNode schema = (ObjectNode) schemas.get(e.getValue());
            if (schema == null || !schema.path("type").asText("object").equals("object")) {
                continue;
            }
            models.model(e.getKey()).ifPresent(model -> {
                ObjectNode properties = schema.has("properties") ? (ObjectNode) schema.get("properties")
                        : schema.putObject("properties");
                for (ClientJavaModels.Property p : model.properties()) {
                    if (!properties.has(p.name())) {
                        properties.set(p.name(), property(p, e.getValue()));
                    }
                }
            });
        }
        drain();
    }

    /**
     * Adds the schema of a kind and of its list, with their x-kubernetes-group-version-kind, unless the spec
     * has it; returns the kind's schema name, empty if client-java has no such model either.
     *
     * @param pkg kube's package name of the group: "core", "resource", "flowcontrol", ...
     */
    Optional<String> addKind(String group, String version, String kind, String pkg) {
        String name = "io.k8s.api." + pkg + "." + version + "." + kind;
        String prefix = capitalize(version);
        String className = models.classNames().contains(capitalize(pkg) + prefix + kind)
                ? capitalize(pkg) + prefix + kind : prefix + kind;
        if (models.model(className).isEmpty()) {
            return Optional.empty();
        }
        List<String[]> kinds = new ArrayList<>();
        kinds.add(new String[] {className, name, kind});
        for (String listClass : List.of(className + "List", prefix + kind + "List")) {
            if (models.classNames().contains(listClass)) {
                kinds.add(new String[] {listClass, name + "List", kind + "List"}); // create-only kinds have none
                break;
            }
        }
        for (String[] each : kinds) {
            schemaOfClass.put(each[0], each[1]);
            if (!schemas.has(each[1])) {
                create(each[0], each[1]);
            }
            ObjectNode gvk = NODES.objectNode().put("group", group).put("kind", each[2]).put("version", version);
            ((ObjectNode) schemas.get(each[1])).putArray("x-kubernetes-group-version-kind").add(gvk);
        }
        drain();
        return Optional.of(name);
    }

    private void drain() {
        while (!pending.isEmpty()) {
            String className = pending.pop();
            String name = schemaOfClass.get(className);
            if (!schemas.has(name)) {
                create(className, name);
            }
        }
    }

    private void create(String className, String name) {
        ClientJavaModels.Model model = models.model(className)
                .orElseThrow(() -> new IllegalStateException("client-java has no model " + className + " for " + name));
        ObjectNode schema = NODES.objectNode();
        if (!model.description().isEmpty()) {
            schema.put("description", model.description());
        }
        ObjectNode properties = schema.putObject("properties");
        List<String> required = new ArrayList<>();
        for (ClientJavaModels.Property p : model.properties()) {
            properties.set(p.name(), property(p, name));
            if (p.required()) {
                required.add(p.name());
            }
        }
        if (!required.isEmpty()) {
            required.forEach(schema.putArray("required")::add);
        }
        schema.put("type", "object");
        schemas.set(name, schema);
        added.add(name);
    }

    private ObjectNode property(ClientJavaModels.Property p, String owner) {
        ObjectNode node = type(p.type(), owner);
        if (!p.description().isEmpty()) {
            if (node.has("$ref")) {
                ObjectNode described = NODES.objectNode();
                described.putArray("allOf").add(node);
                node = described;
            }
            node.put("description", p.description());
        }
        ListMetadata.apply(owner, p.name(), node);
        return node;
    }

    /** The schema of a Java type; model classes become references, queued for creation if new. */
    private ObjectNode type(Type type, String owner) {
        if (type instanceof ParameterizedType generic) {
            Type[] args = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                ObjectNode array = NODES.objectNode().put("type", "array");
                array.set("items", type(args[0], owner));
                return array;
            }
            ObjectNode map = NODES.objectNode().put("type", "object");
            map.set("additionalProperties", type(args[1], owner));
            return map;
        }
        String model = ClientJavaModels.modelName(type);
        if (model != null) {
            return ref(schemaName(model, owner));
        }
        String javaName = type.getTypeName();
        return switch (javaName) {
            case "java.lang.String" -> NODES.objectNode().put("type", "string");
            case "java.lang.Boolean" -> NODES.objectNode().put("type", "boolean");
            case "java.lang.Integer" -> NODES.objectNode().put("format", "int32").put("type", "integer");
            case "java.lang.Long" -> NODES.objectNode().put("format", "int64").put("type", "integer");
            case "java.lang.Double" -> NODES.objectNode().put("format", "double").put("type", "number");
            case "byte[]" -> NODES.objectNode().put("format", "byte").put("type", "string");
            case "java.time.OffsetDateTime" -> ref(META + "Time");
            case "io.kubernetes.client.custom.Quantity" -> ref("io.k8s.apimachinery.pkg.api.resource.Quantity");
            case "io.kubernetes.client.custom.IntOrString" -> ref("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
            case "java.lang.Object" -> NODES.objectNode().put("type", "object")
                    .put("x-kubernetes-preserve-unknown-fields", true);
            default -> throw new IllegalArgumentException("no schema for Java type " + javaName + " in " + owner);
        };
    }

    private String schemaName(String className, String owner) {
        String known = schemaOfClass.get(className);
        if (known != null) {
            return known;
        }
        String name = PACKAGE_OVERRIDES.get(className);
        if (name == null) {
            Matcher m = CLASS.matcher(className);
            if (!m.matches()) {
                throw new IllegalArgumentException("cannot name the schema of " + className);
            }
            Matcher o = SCHEMA.matcher(owner);
            String prefix = o.matches() ? o.group(1) : "io.k8s.api.core";
            if (m.group(1) != null) {
                prefix = prefix.substring(0, prefix.lastIndexOf('.') + 1) + m.group(1).toLowerCase(Locale.ROOT);
            }
            name = prefix + "." + m.group(2).toLowerCase(Locale.ROOT) + "." + m.group(3);
        }
        schemaOfClass.put(className, name);
        pending.push(className);
        return name;
    }

    private static ObjectNode ref(String schema) {
        return NODES.objectNode().put("$ref", SpecSplitter.SCHEMA_REF + schema);
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
