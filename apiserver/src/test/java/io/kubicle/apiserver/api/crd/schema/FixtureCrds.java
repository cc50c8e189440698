package io.kubicle.apiserver.api.crd.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads the real-world CRDs and example resources of fixtures/crds (main set, not the alternatives). */
final class FixtureCrds {
    static final Path ROOT = locate();
    private static final YAMLMapper YAML = new YAMLMapper();

    private FixtureCrds() {
    }

    private static Path locate() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/crds"))) {
                return p.resolve("fixtures/crds");
            }
        }
        throw new IllegalStateException("fixtures/crds not found");
    }

    static List<Path> files(boolean examples) {
        try (Stream<Path> s = Files.list(ROOT)) {
            List<Path> out = new ArrayList<>();
            for (Path project : s.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> f = Files.list(project)) {
                    f.filter(p -> p.toString().endsWith(".yaml"))
                            .filter(p -> p.getFileName().toString().startsWith("example-") == examples)
                            .sorted().forEach(out::add);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(Path file) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            List<JsonNode> out = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject() && !doc.isEmpty()) {
                    out.add(doc);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The openAPIV3Schema of the CRD version that serves apiVersion/kind of the example, or null. */
    static JsonNode schemaFor(JsonNode example) {
        String[] gv = example.path("apiVersion").asText().split("/");
        String kind = example.path("kind").asText();
        for (Path crdFile : files(false)) {
            JsonNode crd = documents(crdFile).get(0);
            JsonNode spec = crd.path("spec");
            if (!spec.path("group").asText().equals(gv[0]) || !spec.path("names").path("kind").asText().equals(kind)) {
                continue;
            }
            for (JsonNode v : spec.path("versions")) {
                if (v.path("name").asText().equals(gv[1])) {
                    return v.path("schema").path("openAPIV3Schema");
                }
            }
        }
        return null;
    }
}
