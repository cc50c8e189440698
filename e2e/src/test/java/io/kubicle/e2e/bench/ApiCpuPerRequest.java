package io.kubicle.e2e.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPU per API request, the A/B metric for server changes on a shared machine where wall-clock latency is
 * noise: a fixed number of ConfigMap creates, then as many gets, from concurrent clients, and the server's
 * CPU (its JVM plus every Postgres process, read from /proc) divided by the completed requests.
 *
 * <pre>
 * java -cp ... io.kubicle.e2e.bench.ApiCpuPerRequest KUBECONFIG SERVER_PIDS [requests] [clients] [rounds] [jdk|native]
 * </pre>
 * The last argument picks the client: java.net.http over the JDK's TLS (default) or {@link NativeTlsClient}.
 * SERVER_PIDS is a comma-separated list (the JVM, the postmaster); their descendants count too.
 */
public final class ApiCpuPerRequest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        KubeconfigClient kube = KubeconfigClient.load(Path.of(args[0]), null);
        long[] pids = Arrays.stream(args[1].split(",")).mapToLong(Long::parseLong).toArray();
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        int clients = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        ApiLoadBenchmark.CpuMeter cpu = new ApiLoadBenchmark.CpuMeter(pids);
        ApiLoadBenchmark.CpuMeter jvm = new ApiLoadBenchmark.CpuMeter(new long[] {pids[0]});
        String ns = "cpu-" + Long.toString(System.currentTimeMillis() % 100000);
        HttpClient control = kube.newHttpClient();
        send(control, kube.request("/api/v1/namespaces", TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                        + ns + "\"}}")).build(), 201);
        boolean nativeTls = args.length > 5 && args[5].equals("native");
        NativeTlsClient nativeClient = nativeTls ? new NativeTlsClient(Path.of(args[0]), clients) : null;
        List<HttpClient> jdk = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            jdk.add(kube.newHttpClient());
        }
        Sender http = nativeTls ? (i, method, path, body) -> nativeClient.send(io.vertx.core.http.HttpMethod.valueOf(method),
                path, body).statusCode() : (i, method, path, body) -> jdkSend(kube, jdk.get(i % clients), method, path, body);
        String base = "/api/v1/namespaces/" + ns + "/configmaps";
        run(clients, requests / 4, i -> create(http, i, base, "warm-" + i)); // warm-up, connections opened
        run(clients, requests / 4, i -> get(http, i, base + "/warm-" + i));
        for (int round = 0; round < rounds; round++) {
            String prefix = "r" + round + "-";
            ApiLoadBenchmark.CpuMeter.Sample before = cpu.sample();
            ApiLoadBenchmark.CpuMeter.Sample jvmBefore = jvm.sample();
            run(clients, requests, i -> create(http, i, base, prefix + i));
            ApiLoadBenchmark.CpuMeter.Sample mid = cpu.sample();
            ApiLoadBenchmark.CpuMeter.Sample jvmMid = jvm.sample();
            run(clients, requests, i -> get(http, i, base + "/" + prefix + i));
            ApiLoadBenchmark.CpuMeter.Sample after = cpu.sample();
            ApiLoadBenchmark.CpuMeter.Sample jvmAfter = jvm.sample();
            System.out.printf(Locale.ROOT, "round %d: create server %.3f (jvm %.3f) client %.3f ms/req %.0f/s | get server %.3f"
                            + " (jvm %.3f) client %.3f ms/req %.0f/s%n", round,
                    (mid.server - before.server) / 1e6 / requests, (jvmMid.server - jvmBefore.server) / 1e6 / requests,
                    (mid.self - before.self) / 1e6 / requests, requests / ((mid.wall - before.wall) / 1e9),
                    (after.server - mid.server) / 1e6 / requests, (jvmAfter.server - jvmMid.server) / 1e6 / requests,
                    (after.self - mid.self) / 1e6 / requests, requests / ((after.wall - mid.wall) / 1e9));
        }
        send(control, kube.request("/api/v1/namespaces/" + ns, TIMEOUT).DELETE().build(), 200);
        if (nativeClient != null) {
            nativeClient.close();
        }
    }

    /** One request by caller {@code index}; yields the status code. */
    private interface Sender {
        int send(int index, String method, String path, byte[] json) throws Exception;
    }

    private static int jdkSend(KubeconfigClient kube, HttpClient http, String method, String path, byte[] json) throws Exception {
        HttpRequest.Builder b = kube.request(path, TIMEOUT);
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
    }

    private interface Request {
        void send(int index) throws Exception;
    }

    /** Sends requests 0..count-1, one in flight per client. */
    private static void run(int clients, int count, Request request) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    try {
                        request.send(i);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void create(Sender http, int i, String base, String name) throws Exception {
        byte[] body = ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"labels\":{\"app\":\"kubicle-bench\"}},\"data\":{\"value\":\"" + "v".repeat(128) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        expect(http.send(i, "POST", base, body), 201, "POST " + base);
    }

    private static void get(Sender http, int i, String path) throws Exception {
        expect(http.send(i, "GET", path, null), 200, "GET " + path);
    }

    private static void expect(int code, int expected, String what) {
        if (code != expected) {
            throw new IllegalStateException(what + ": " + code);
        }
    }

    private static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
    }
}
