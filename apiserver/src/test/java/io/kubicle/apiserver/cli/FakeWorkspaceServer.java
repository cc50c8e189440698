package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-HTTP stand-in for the root workspace's Workspace API, to drive the CLI's requests and its
 * handling of answers without a database; the e2e test runs the CLI against the real server.
 */
final class FakeWorkspaceServer implements AutoCloseable {
    static final String PATH = "/clusters/root/apis/tenancy.kubicle.io/v1alpha1/workspaces";
    private static final ObjectMapper JSON = new ObjectMapper();

    final List<String> requests = new ArrayList<>();
    final List<ObjectNode> posted = new ArrayList<>();
    final Map<String, ObjectNode> workspaces = new LinkedHashMap<>();
    /** How many GETs still find a workspace after its DELETE, as a slow deletion would. */
    int getsAfterDelete;
    private final Map<String, Integer> lingering = new LinkedHashMap<>();
    private final HttpServer server;

    FakeWorkspaceServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    Path kubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("fake.kubeconfig");
        Files.writeString(file, "clusters: [{name: c, cluster: {server: \"" + url() + "/clusters/root\"}}]\n"
                + "contexts: [{name: x, context: {cluster: c}}]\ncurrent-context: x\n");
        return file;
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        requests.add(method + " " + path);
        if (!path.startsWith(PATH)) {
            reply(exchange, 404, status(404, "NotFound", "the server could not find the requested resource"));
            return;
        }
        String[] rest = path.substring(PATH.length()).replaceFirst("^/", "").split("/");
        String name = rest[0];
        if (method.equals("POST") && name.isEmpty()) {
            ObjectNode ws = (ObjectNode) JSON.readTree(exchange.getRequestBody());
            posted.add(ws.deepCopy());
            ObjectNode meta = (ObjectNode) ws.path("metadata");
            String created = meta.has("name") ? meta.path("name").asText() : meta.path("generateName").asText() + "zz9x4";
            if (workspaces.containsKey(created)) {
                reply(exchange, 409, status(409, "AlreadyExists", "workspaces.tenancy.kubicle.io \"" + created + "\" already exists"));
                return;
            }
            meta.put("name", created).put("creationTimestamp", "2026-11-23T12:00:00Z");
            ws.putObject("status").put("phase", "Ready").put("url", url() + "/clusters/" + created)
                    .put("expiresAt", "2026-11-23T12:30:00Z");
            workspaces.put(created, ws);
            reply(exchange, 201, ws.toString());
        } else if (method.equals("GET") && name.isEmpty()) {
            ObjectNode list = JSON.createObjectNode().put("kind", "WorkspaceList");
            ArrayNode items = list.putArray("items");
            workspaces.values().forEach(items::add);
            reply(exchange, 200, list.toString());
        } else if (!workspaces.containsKey(name) && lingering.getOrDefault(name, 0) <= 0) {
            reply(exchange, 404, status(404, "NotFound", "workspaces.tenancy.kubicle.io \"" + name + "\" not found"));
        } else if (method.equals("GET") && rest.length == 2 && rest[1].equals("kubeconfig")) {
            reply(exchange, 200, "apiVersion: v1\nkind: Config\n# for " + name + "\n");
        } else if (method.equals("GET")) {
            lingering.computeIfPresent(name, (k, v) -> v - 1);
            reply(exchange, 200, workspaces.containsKey(name) ? workspaces.get(name).toString() : "{\"metadata\":{}}");
        } else if (method.equals("DELETE")) {
            lingering.put(name, getsAfterDelete);
            reply(exchange, 200, workspaces.remove(name).toString());
        } else {
            reply(exchange, 405, status(405, "MethodNotAllowed", "the server does not allow this method"));
        }
    }

    private static String status(int code, String reason, String message) {
        return JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", message).put("reason", reason).put("code", code).toString();
    }

    private static void reply(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
