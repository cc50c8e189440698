package io.kubicle.apiserver.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.VersionInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * The Workspace API of the root workspace over HTTPS, with the credentials of a kubeconfig. Every
 * error answer becomes a {@link ServerError} carrying the Status message; transport failures become
 * a {@link CliFailure} that says which server could not be reached and why.
 */
final class WorkspaceClient {
    static final String RESOURCE = "workspaces.tenancy.kubicle.io";
    private static final String PATH = "/clusters/root/apis/tenancy.kubicle.io/v1alpha1/workspaces";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    WorkspaceClient(ClusterAccess access) {
        this.baseUrl = access.baseUrl();
        this.token = access.token();
        if (access.insecure()) {
            // the JDK client checks host names even when every certificate is trusted
            System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(ClientTls.context(access))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    JsonNode create(ObjectNode workspace) {
        return json(send(request("").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(workspace.toString()))));
    }

    JsonNode get(String name) {
        return json(send(request("/" + segment(name)).GET()));
    }

    JsonNode list() {
        return json(send(request("").GET()));
    }

    JsonNode delete(String name) {
        return json(send(request("/" + segment(name)).DELETE()));
    }

    /** A ready admin kubeconfig (YAML) with a fresh client certificate of the workspace's own CA. */
    String kubeconfig(String name) {
        return send(request("/" + segment(name) + "/kubeconfig").GET()).body();
    }

    private HttpRequest.Builder request(String suffix) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + PATH + suffix)).timeout(TIMEOUT)
                .header("Accept", "application/json, */*")
                .header("User-Agent", "kubicle-cli/" + VersionInfo.kubicleVersion());
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpResponse<String> send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure("interrupted");
        } catch (IOException e) {
            throw new CliFailure(transportMessage(e));
        }
        if (response.statusCode() >= 400) {
            throw ServerError.of(response.statusCode(), response.body());
        }
        return response;
    }

    private String transportMessage(IOException e) {
        String server = "the Kubicle server at " + baseUrl;
        if (e instanceof HttpConnectTimeoutException) {
            return "cannot reach " + server + ": connection timed out";
        }
        if (e instanceof HttpTimeoutException) {
            return server + " did not answer within " + TIMEOUT.toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "cannot reach " + server + ": connection refused (is it running?)";
        }
        if (e instanceof SSLException || e.getCause() instanceof SSLException) {
            Throwable tls = e instanceof SSLException ? e : e.getCause();
            return "TLS with " + server + " failed: " + tls.getMessage()
                    + " (does the kubeconfig's certificate-authority-data belong to this server?)";
        }
        return "request to " + server + " failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new CliFailure("the server's answer to " + response.request().method() + " " + response.request().uri()
                    + " is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String segment(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
