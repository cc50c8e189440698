package io.kubicle.apiserver.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.ResourceType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The paths and operations of a resource the base spec lacks, written as kube-apiserver writes them for
 * every resource of the same shape: a resource of the base spec with the same scope and subresources is
 * the template, and its group, version, resource, kind and schema names are swapped for the new ones.
 */
final class KindPaths {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A resource of the base spec: group, version, resource, kind, package. */
    private record Template(String group, String version, String resource, String kind, String pkg) {
    }

    private static final Template CLUSTER = new Template("storage.k8s.io", "v1", "storageclasses", "StorageClass", "storage");
    private static final Template CLUSTER_STATUS =
            new Template("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", "storage");
    private static final Template NAMESPACED = new Template("coordination.k8s.io", "v1", "leases", "Lease", "coordination");
    private static final Template NAMESPACED_STATUS =
            new Template("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", "policy");

    private static final Template CREATE_ONLY =
            new Template("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", "authentication");

    private KindPaths() {
    }

    /**
     * Adds the paths of {@code type} (a resource of a group other than core) to {@code spec}, and the
     * request body of its kind to components.requestBodies.
     */
    static void add(ObjectNode spec, ResourceType type, String pkg) {
        ObjectNode paths = (ObjectNode) spec.get("paths");
        ObjectNode requestBodies = (ObjectNode) spec.get("components").get("requestBodies");
        boolean status = type.hasSubresource("status");
        Template t = type.verbs().equals(List.of("create")) && !type.namespaced() ? CREATE_ONLY
                : type.namespaced() ? (status ? NAMESPACED_STATUS : NAMESPACED) : (status ? CLUSTER_STATUS : CLUSTER);
        String prefix = "/apis/" + t.group() + "/" + t.version() + "/";
        Pattern own = Pattern.compile("/" + Pattern.quote(t.resource()) + "(/|$)");
        List<String[]> swaps = List.of(
                new String[] {prefix, "/apis/" + type.group() + "/" + type.version() + "/"},
                new String[] {"io.k8s.api." + t.pkg() + "." + t.version() + ".", "io.k8s.api." + pkg + "." + type.version() + "."},
                new String[] {"\"" + tag(t.group(), t.version()) + "\"", "\"" + tag(type.group(), type.version()) + "\""},
                new String[] {operationGroup(t.group(), t.version()), operationGroup(type.group(), type.version())},
                new String[] {"\"" + t.group() + "\"", "\"" + type.group() + "\""},
                new String[] {"\"" + t.version() + "\"", "\"" + type.version() + "\""},
                new String[] {t.resource(), type.resource()},
                new String[] {t.kind(), type.kind()});
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.deepCopy().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().startsWith(prefix) && own.matcher(e.getKey()).find()) {
                paths.set(swapAll(e.getKey(), swaps), parse(swapAll(e.getValue().toString(), swaps)));
            }
        }
        String body = "io.k8s.api." + t.pkg() + "." + t.version() + "." + t.kind();
        if (requestBodies.has(body)) { // shared by several operations; single-use bodies sit inline
            requestBodies.set(swapAll(body, swaps), parse(swapAll(requestBodies.get(body).toString(), swaps)));
        }
    }

    private static String swapAll(String text, List<String[]> swaps) {
        for (String[] swap : swaps) {
            text = text.replace(swap[0], swap[1]);
        }
        return text;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kube's operation tag of a group version: "storage_v1", "flowcontrolApiserver_v1". */
    static String tag(String group, String version) {
        String camel = operationGroup(group, version);
        camel = camel.substring(0, camel.length() - capitalize(version).length());
        return Character.toLowerCase(camel.charAt(0)) + camel.substring(1) + "_" + version;
    }

    /** kube's group part of operation ids: "StorageV1", "FlowcontrolApiserverV1", "CoreV1". */
    static String operationGroup(String group, String version) {
        List<String> words = new ArrayList<>();
        for (String word : group.replaceAll("\\.k8s\\.io$", "").split("\\.")) {
            words.add(capitalize(word));
        }
        return (group.isEmpty() ? "Core" : String.join("", words)) + capitalize(version);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
