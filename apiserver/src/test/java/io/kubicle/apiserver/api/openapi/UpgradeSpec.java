package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.BuiltinResources;
import io.kubicle.apiserver.api.ResourceType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the built-in spec the apiserver serves: the base spec (Kubernetes ~1.27, fetched by
 * bin/fetch-openapi-spec) brought up to Kubernetes 1.35 with the API types of client-java's models
 * ({@link SchemaUpgrade}), plus the schemas and paths of every kind {@link BuiltinResources} serves that
 * the base lacks ({@link KindPaths}). Run by bin/fetch-openapi-spec; build-time only.
 *
 * <p>Usage: {@code UpgradeSpec BASE.json.gz DEST.json.gz CLIENT_JAVA_API.jar GSON.jar SWAGGER_ANNOTATIONS.jar}
 */
public final class UpgradeSpec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpgradeSpec() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 5) {
            System.err.println("usage: UpgradeSpec BASE.json.gz DEST.json.gz CLIENT_JAVA_API.jar GSON.jar SWAGGER.jar");
            System.exit(2);
        }
        ObjectNode spec;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of(args[0])))) {
            spec = (ObjectNode) JSON.readTree(in);
        }
        List<Path> jars = List.of(Path.of(args[2]), Path.of(args[3]), Path.of(args[4]));
        List<String> report;
        try (ClientJavaModels models = new ClientJavaModels(jars)) {
            report = upgrade(spec, models);
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(args[1])), 1 << 16)) {
            JSON.writeValue(out, spec);
        }
        report.forEach(System.out::println);
    }

    /** Upgrades {@code spec} in place; returns one line per schema and kind added. */
    static List<String> upgrade(ObjectNode spec, ClientJavaModels models) {
        ObjectNode schemas = (ObjectNode) spec.get("components").get("schemas");
        SchemaUpgrade upgrade = new SchemaUpgrade(models, schemas);
        upgrade.addMissingProperties();
        Set<String> kinds = servedKinds(schemas);
        List<String> report = new ArrayList<>();
        for (ResourceType type : BuiltinResources.all()) {
            if (type.group().equals(BuiltinResources.TENANCY_GROUP)
                    || kinds.contains(type.group() + "/" + type.version() + "/" + type.kind())) {
                continue;
            }
            String pkg = type.group().isEmpty() ? "core" : type.group().split("\\.")[0];
            if (upgrade.addKind(type.group(), type.version(), type.kind(), pkg).isEmpty()) {
                throw new IllegalStateException("client-java has no model of " + type.apiVersion() + " " + type.kind());
            }
            KindPaths.add(spec, type, pkg);
            report.add("kind " + type.apiVersion() + " " + type.kind() + " (" + type.resource() + ")");
        }
        upgrade.added().forEach(name -> report.add("schema " + name));
        return report;
    }

    /** "group/version/Kind" of every kind that has its own schema. */
    private static Set<String> servedKinds(ObjectNode schemas) {
        Set<String> kinds = new HashSet<>();
        schemas.fields().forEachRemaining(e -> {
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                if (e.getKey().endsWith("." + gvk.path("kind").asText())) {
                    kinds.add(gvk.path("group").asText("") + "/" + gvk.path("version").asText() + "/"
                            + gvk.path("kind").asText());
                }
            }
        });
        return kinds;
    }
}
