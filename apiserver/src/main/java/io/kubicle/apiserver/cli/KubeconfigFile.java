package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads the current context of a kubeconfig as client-go does: the context names a cluster and a
 * user; inline {@code *-data} fields win over file references, which are relative to the kubeconfig.
 */
final class KubeconfigFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path path;
    private final JsonNode root;

    private KubeconfigFile(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    static ClusterAccess load(Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliFailure("kubeconfig " + path + " does not exist (choose one with --kubeconfig, KUBICLE_KUBECONFIG"
                    + " or KUBECONFIG)");
        } catch (IOException e) {
            throw new CliFailure("cannot read kubeconfig " + path + ": " + e.getMessage());
        }
        return parse(path, text);
    }

    static ClusterAccess parse(Path path, String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new CliFailure("kubeconfig " + path + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CliFailure("kubeconfig " + path + " is empty or not a kubeconfig");
        }
        return new KubeconfigFile(path, root).currentAccess();
    }

    private ClusterAccess currentAccess() {
        JsonNode context = named("contexts", currentContext(), "context");
        String clusterName = context.path("cluster").asText("");
        JsonNode cluster = named("clusters", clusterName, "cluster");
        String server = cluster.path("server").asText("");
        if (server.isBlank()) {
            throw new CliFailure("kubeconfig " + path + ": cluster \"" + clusterName + "\" has no server");
        }
        String userName = context.path("user").asText("");
        JsonNode user = userName.isEmpty() ? YAML.createObjectNode() : named("users", userName, "user");
        for (String plugin : new String[] {"exec", "auth-provider"}) {
            if (user.hasNonNull(plugin) && !user.hasNonNull("token") && !user.hasNonNull("client-certificate-data")
                    && !user.hasNonNull("client-certificate")) {
                throw new CliFailure("kubeconfig " + path + ": user \"" + userName + "\" authenticates with " + plugin
                        + ", which kubicle does not run; use a client certificate or a token");
            }
        }
        String token = user.path("token").asText("");
        if (token.isEmpty() && user.hasNonNull("tokenFile")) {
            token = file(user.path("tokenFile").asText(), "tokenFile").strip();
        }
        String cert = pem(user, "client-certificate");
        String key = pem(user, "client-key");
        if ((cert == null) != (key == null)) {
            throw new CliFailure("kubeconfig " + path + ": user \"" + userName
                    + "\" needs both a client certificate and a client key");
        }
        return new ClusterAccess(server, pem(cluster, "certificate-authority"), cert, key,
                token.isEmpty() ? null : token, cluster.path("insecure-skip-tls-verify").asBoolean(false));
    }

    private String currentContext() {
        String current = root.path("current-context").asText("");
        if (!current.isEmpty()) {
            return current;
        }
        JsonNode contexts = root.path("contexts");
        if (contexts.isArray() && contexts.size() == 1) {
            return contexts.get(0).path("name").asText("");
        }
        throw new CliFailure("kubeconfig " + path + " has no current-context");
    }

    /** The {@code field} object of the entry called {@code name} in list {@code list}. */
    private JsonNode named(String list, String name, String field) {
        for (JsonNode entry : root.path(list)) {
            if (entry.path("name").asText("").equals(name)) {
                return entry.path(field);
            }
        }
        throw new CliFailure("kubeconfig " + path + ": " + field + " \"" + name + "\" is not in " + list);
    }

    /** PEM text from {@code <field>-data} (base64) or the file {@code <field>}, or null when neither is set. */
    private String pem(JsonNode section, String field) {
        String data = section.path(field + "-data").asText("");
        if (!data.isEmpty()) {
            try {
                return new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new CliFailure("kubeconfig " + path + ": " + field + "-data is not base64: " + e.getMessage());
            }
        }
        String file = section.path(field).asText("");
        return file.isEmpty() ? null : file(file, field);
    }

    private String file(String name, String field) {
        Path dir = path.toAbsolutePath().getParent();
        Path file = dir == null ? Path.of(name) : dir.resolve(name);
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure("kubeconfig " + path + ": cannot read " + field + " " + file + ": " + e);
        }
    }
}
