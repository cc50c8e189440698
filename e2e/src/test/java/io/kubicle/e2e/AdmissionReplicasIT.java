package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubicle.storage.EmbeddedPostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes on one Postgres: quota reservations are compare-and-swaps in the database,
 * so a burst split across both replicas still admits exactly the limit.
 */
class AdmissionReplicasIT {
    @TempDir
    static Path dir;
    static EmbeddedPostgresServer postgres;
    static KubicleProcess a;
    static KubicleProcess b;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgresServer.start(dir.resolve("pg"));
        String url = "postgresql://postgres:postgres@localhost:" + postgres.port() + "/" + EmbeddedPostgresServer.DATABASE;
        // one data directory: both replicas share the CA and the encryption key, as replicas must
        a = KubicleProcess.start(dir.resolve("data"), "--database-url", url);
        b = KubicleProcess.start(dir.resolve("data"), "--database-url", url);
    }

    @AfterAll
    static void stop() throws Exception {
        for (KubicleProcess p : new KubicleProcess[] {a, b}) {
            if (p != null) {
                p.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aBurstAcrossTwoReplicasAdmitsExactlyTheWorkspaceLimit() throws Exception {
        AdminHttp rootA = new AdminHttp(dir.resolve("data"), a.url() + "/clusters/root");
        HttpResponse<String> created = rootA.send("POST", "/apis/tenancy.kubicle.io/v1alpha1/workspaces", "application/json",
                "{\"apiVersion\":\"tenancy.kubicle.io/v1alpha1\",\"kind\":\"Workspace\",\"metadata\":{\"name\":\"shared\"},"
                        + "\"spec\":{\"quota\":{\"hard\":{\"pods\":\"5\"}}}}");
        assertEquals(201, created.statusCode(), created.body());
        AdminHttp[] replicas = {new AdminHttp(dir.resolve("data"), a.url() + "/clusters/shared"),
                new AdminHttp(dir.resolve("data"), b.url() + "/clusters/shared")};
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AdminHttp replica = replicas[i % 2];
            String body = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p" + i + "\"},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
            burst.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return replica.send("POST", "/api/v1/namespaces/default/pods", "application/json", body);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        int admitted = 0;
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            HttpResponse<String> r = f.get();
            if (r.statusCode() == 201) {
                admitted++;
            } else {
                assertEquals(403, r.statusCode(), r.body());
                assertTrue(r.body().contains("quota exceeded"), r.body());
            }
        }
        assertEquals(5, admitted);
        HttpResponse<String> pods = replicas[1].send("GET", "/api/v1/namespaces/default/pods", null, (String) null);
        assertEquals(5, new com.fasterxml.jackson.databind.ObjectMapper().readTree(pods.body()).path("items").size(),
                pods.body());
    }
}
