package io.kubicle.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (not a test) of custom resources with the biggest fixture CRD (kserve InferenceService, ~640 KB of
 * schema): CRD create until Established, create latency and throughput, and a full list. Starts its own server.
 * Run from e2e/ after {@code mvn -o -q -B -pl e2e -am verify -Dtest=none -Dit.test=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}:
 * {@code java -cp target/test-classes:$(cat cp.txt) io.kubicle.e2e.CrdBenchmark} (cp.txt from
 * {@code mvn -o -q -B -pl e2e dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class CrdBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISVC = "/apis/serving.kserve.io/v1beta1/namespaces/default/inferenceservices";

    private CrdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("crd-bench");
        try (KubicleProcess server = KubicleProcess.start(dir.resolve("data"))) {
            AdminHttp http = AdminHttp.fromKubeconfig(server.kubeconfig(), server.url() + "/clusters/root");
            Path fixtures = Path.of("../fixtures/crds/kserve");
            JsonNode crd = new YAMLMapper().readTree(fixtures.resolve("serving.kserve.io_inferenceservices.yaml").toFile());
            String crdJson = JSON.writeValueAsString(crd);
            long t0 = System.nanoTime();
            check(http.send("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "application/json",
                    crdJson), 201);
            long created = System.nanoTime();
            while (http.send("GET", ISVC, null, (String) null).statusCode() != 200) {
                Thread.sleep(2);
            }
            long served = System.nanoTime();
            System.out.printf("kserve CRD (%d KB JSON): create %.1f ms, create -> served %.1f ms%n",
                    crdJson.length() / 1024, (created - t0) / 1e6, (served - t0) / 1e6);

            ObjectNode example = (ObjectNode) new YAMLMapper().readTree(
                    fixtures.resolve("example-inferenceservice-3.yaml").toFile());
            ((ObjectNode) example.get("metadata")).remove("namespace");
            int warm = 200;
            for (int i = 0; i < warm; i++) {
                create(http, example, "warm-" + i);
            }
            int n = 500;
            long[] latencies = new long[n];
            for (int i = 0; i < n; i++) {
                long s = System.nanoTime();
                create(http, example, "seq-" + i);
                latencies[i] = System.nanoTime() - s;
            }
            Arrays.sort(latencies);
            System.out.printf("create, 1 client: p50 %.2f ms, p99 %.2f ms, %.0f/s%n", latencies[n / 2] / 1e6,
                    latencies[n * 99 / 100] / 1e6, n / (Arrays.stream(latencies).sum() / 1e9));

            int clients = 8;
            int perClient = 250;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            AtomicInteger done = new AtomicInteger();
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perClient; i++) {
                        create(http, example, "par-" + client + "-" + i);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("create, %d clients: %.0f/s (%d objects)%n", clients, done.get() / seconds, done.get());

            for (int i = 0; i < 3; i++) {
                long s = System.nanoTime();
                HttpResponse<String> list = http.send("GET", ISVC, null, (String) null);
                check(list, 200);
                System.out.printf("list %d InferenceServices: %.1f ms (%d KB)%n",
                        JSON.readTree(list.body()).path("items").size(), (System.nanoTime() - s) / 1e6,
                        list.body().length() / 1024);
            }
        }
    }

    private static void create(AdminHttp http, ObjectNode example, String name) throws Exception {
        ObjectNode o = example.deepCopy();
        ((ObjectNode) o.get("metadata")).put("name", name);
        check(http.send("POST", ISVC, "application/json", JSON.writeValueAsString(o)), 201);
    }

    private static void check(HttpResponse<String> r, int expected) {
        if (r.statusCode() != expected) {
            throw new IllegalStateException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }
}
