package io.kubicle.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * fabric8 informers and watches (7.x, JDK HTTP client) against a workspace: resync, an empty start,
 * and 410 Gone for a compacted resourceVersion. fabric8 asks for a WebSocket first and falls back to
 * a chunked HTTP watch; the informer tests run both ways ({@code onlyHttpWatches} forces the second).
 */
@Timeout(120)
class Fabric8InformerIT {
    /** Short enough that a test outlives the history it made; compaction then runs every second. */
    private static final String RETENTION = "2s";

    @TempDir
    static Path dir;
    static KubicleProcess server;
    static KubernetesClient client;
    static KubernetesClient httpOnly;

    @BeforeAll
    static void start() throws Exception {
        server = KubicleProcess.start(dir.resolve("data"), "--event-retention", RETENTION);
        client = newClient(config -> { });
        httpOnly = newClient(config -> config.setOnlyHttpWatches(true));
    }

    private static KubernetesClient newClient(java.util.function.Consumer<Config> tuning) throws Exception {
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        tuning.accept(config);
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @AfterAll
    static void stop() throws Exception {
        for (KubernetesClient c : new KubernetesClient[] {client, httpOnly}) {
            if (c != null) {
                c.close();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    private static KubernetesClient client(boolean onlyHttp) {
        return onlyHttp ? httpOnly : client;
    }

    private static void namespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    @ParameterizedTest(name = "onlyHttpWatches={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(60)
    void informerSyncsSeesChangesAndResyncs(boolean onlyHttp) throws Exception {
        String ns = "inf-" + onlyHttp;
        namespace(ns);
        client.configMaps().inNamespace(ns).resource(configMap("pre")).create();
        Set<String> added = ConcurrentHashMap.newKeySet();
        AtomicInteger resyncs = new AtomicInteger();
        CountDownLatch edited = new CountDownLatch(1);
        CountDownLatch deleted = new CountDownLatch(1);
        SharedIndexInformer<ConfigMap> informer = client(onlyHttp).configMaps().inNamespace(ns).runnableInformer(1000);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap obj) {
                added.add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                if (oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                    resyncs.incrementAndGet(); // a resync replays the cached object as an update
                } else if (newObj.getData() != null && "1".equals(newObj.getData().get("x"))) {
                    edited.countDown();
                }
            }

            @Override
            public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                if (obj.getMetadata().getName().equals("live")) {
                    deleted.countDown();
                }
            }
        });
        try {
            informer.start().toCompletableFuture().get(20, TimeUnit.SECONDS);
            assertTrue(informer.hasSynced());
            // handlers run on fabric8's own executor: the initial adds may arrive just after start() completes
            awaitTrue(() -> added.size() >= 2, 10, () -> "the initial list: " + added);
            assertEquals(Set.of("pre", "kube-root-ca.crt"), added, "the initial list");
            client.configMaps().inNamespace(ns).resource(configMap("live")).create();
            client.configMaps().inNamespace(ns).withName("live").edit(cm -> new ConfigMapBuilder(cm)
                    .addToData("x", "1").build());
            assertTrue(edited.await(20, TimeUnit.SECONDS), "informer saw the update");
            client.configMaps().inNamespace(ns).withName("live").delete();
            assertTrue(deleted.await(20, TimeUnit.SECONDS), "informer saw the delete");
            assertTrue(added.contains("live"), added.toString());
            int before = resyncs.get();
            // two cached objects: two resync rounds are at least four more updates
            awaitTrue(() -> resyncs.get() >= before + 4, 15, () -> "resync updates: " + before + " then " + resyncs);
            awaitTrue(informer::isWatching, 10, () -> "the informer watches");
        } finally {
            informer.close();
        }
    }

    @ParameterizedTest(name = "onlyHttpWatches={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(60)
    void informerOnAnEmptyNamespaceStartsAndSeesTheFirstObject(boolean onlyHttp) throws Exception {
        String ns = "empty-" + onlyHttp;
        namespace(ns);
        assertTrue(client.secrets().inNamespace(ns).list().getItems().isEmpty(), "no Secrets to begin with");
        CompletableFuture<String> first = new CompletableFuture<>();
        SharedIndexInformer<Secret> informer = client(onlyHttp).secrets().inNamespace(ns).runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Secret obj) {
                first.complete(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(Secret oldObj, Secret newObj) {
            }

            @Override
            public void onDelete(Secret obj, boolean deletedFinalStateUnknown) {
            }
        });
        try {
            // The watch of an empty list has nothing to send: it must start on the 101 (WebSocket) or the
            // response headers (HTTP) alone, or start() never completes.
            informer.start().toCompletableFuture().get(20, TimeUnit.SECONDS);
            client.secrets().inNamespace(ns).resource(new SecretBuilder().withNewMetadata().withName("s1")
                    .endMetadata().addToStringData("k", "v").build()).create();
            assertEquals("s1", first.get(20, TimeUnit.SECONDS));
            // fabric8 counts an HTTP watch as watching from its first byte on, as against kube-apiserver
            awaitTrue(informer::isWatching, 10, () -> "the informer watches");
        } finally {
            informer.close();
        }
    }

    @ParameterizedTest(name = "onlyHttpWatches={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(60)
    void watchFromACompactedVersionEndsWith410(boolean onlyHttp) throws Exception {
        String ns = "gone-" + onlyHttp;
        namespace(ns);
        String old = client.configMaps().inNamespace(ns).resource(configMap("c")).create()
                .getMetadata().getResourceVersion();
        client.configMaps().inNamespace(ns).withName("c").edit(cm -> new ConfigMapBuilder(cm).addToData("a", "1").build());
        awaitCompactionPast(old);
        CompletableFuture<WatcherException> closed = new CompletableFuture<>();
        List<String> events = new CopyOnWriteArrayList<>();
        Watch watch = client(onlyHttp).configMaps().inNamespace(ns).withResourceVersion(old).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(WatcherException cause) {
                closed.complete(cause);
            }
        });
        try {
            WatcherException cause = closed.get(20, TimeUnit.SECONDS);
            assertTrue(cause != null && cause.isHttpGone(), "410 Gone: " + cause);
            assertEquals(410, cause.asClientException().getCode());
            assertTrue(events.isEmpty(), "no event replayed from an expired version: " + events);
        } finally {
            watch.close();
        }
    }

    @ParameterizedTest(name = "onlyHttpWatches={0}")
    @ValueSource(booleans = {false, true})
    @Timeout(90)
    void informerRelistsAfter410AndKeepsDelivering(boolean onlyHttp) throws Exception {
        String ns = "relist-" + onlyHttp;
        namespace(ns);
        client.configMaps().inNamespace(ns).resource(configMap("before")).create();
        URI url = URI.create(server.url());
        try (CuttableProxy proxy = new CuttableProxy(url.getHost(), url.getPort());
             KubernetesClient proxied = newClient(config -> {
                 config.setMasterUrl(url.getScheme() + "://" + url.getHost() + ":" + proxy.port()
                         + URI.create(config.getMasterUrl()).getPath());
                 config.setOnlyHttpWatches(onlyHttp);
                 config.setWatchReconnectInterval(100); // reconnect soon once the network is back
             })) {
            Set<String> added = ConcurrentHashMap.newKeySet();
            SharedIndexInformer<ConfigMap> informer = proxied.configMaps().inNamespace(ns).runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap obj) {
                    added.add(obj.getMetadata().getName());
                }

                @Override
                public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                }

                @Override
                public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                }
            });
            try {
                informer.start().toCompletableFuture().get(20, TimeUnit.SECONDS);
                String seen = informer.lastSyncResourceVersion();
                // handlers run on fabric8's own executor: the initial add may arrive just after start() completes
                awaitTrue(() -> added.contains("before"), 10, () -> "the initial list: " + added);
                // Partition the informer off; what changes meanwhile leaves the history before it reconnects.
                proxy.cut();
                String missedRv = client.configMaps().inNamespace(ns).resource(configMap("while-cut")).create()
                        .getMetadata().getResourceVersion();
                assertTrue(Long.parseLong(missedRv) > Long.parseLong(seen));
                awaitCompactionPast(seen);
                proxy.restore();
                // Its watch resumes at `seen`, gets 410, and only a relist can find "while-cut".
                awaitTrue(() -> added.contains("while-cut"), 45, () -> "the relist after 410 found the object: " + added);
                client.configMaps().inNamespace(ns).resource(configMap("after")).create();
                awaitTrue(() -> added.contains("after"), 20, () -> "the new watch delivers events: " + added);
                awaitTrue(informer::isWatching, 10, () -> "the informer watches");
            } finally {
                informer.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void webSocketWatchSendsOneTextMessagePerEventAndClosesAtItsTimeout() throws Exception {
        namespace("ws");
        client.configMaps().inNamespace("ws").resource(configMap("a")).create();
        AdminHttp http = new AdminHttp(server.dataDir, server.url() + "/clusters/root");
        List<String> messages = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        java.net.http.WebSocket socket = http.webSocket("/api/v1/namespaces/ws/configmaps?watch=true&timeoutSeconds=3",
                new java.net.http.WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket ws, CharSequence data,
                                                                          boolean last) {
                        partial.append(data);
                        if (last) {
                            messages.add(partial.toString());
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(java.net.http.WebSocket ws, int status,
                                                                           String reason) {
                        closed.complete(status);
                        return null;
                    }

                    @Override
                    public void onError(java.net.http.WebSocket ws, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            // larger than a WebSocket frame (64 KiB here): one message in several frames
            client.configMaps().inNamespace("ws").resource(new ConfigMapBuilder(configMap("b"))
                    .addToData("big", "x".repeat(300_000)).build()).create();
            assertEquals(1000, closed.get(20, TimeUnit.SECONDS), "a normal close when the watch times out");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> events = new java.util.ArrayList<>();
            for (String message : messages) {
                com.fasterxml.jackson.databind.JsonNode event = json.readTree(message); // each message is one event
                events.add(event.path("type").asText() + " " + event.path("object").path("metadata").path("name").asText());
            }
            assertEquals(3, events.size(), "initial state, then the new object: " + messages);
            assertEquals(Set.of("ADDED a", "ADDED kube-root-ca.crt"), Set.copyOf(events.subList(0, 2)));
            assertEquals("ADDED b", events.get(2));
            assertTrue(messages.get(2).contains("x".repeat(300_000)));
        } finally {
            socket.abort();
        }
        // A bad watch is refused before the upgrade, with its Status, instead of a WebSocket that says nothing.
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> http.webSocket(
                        "/api/v1/namespaces/ws/configmaps?watch=true&sendInitialEvents=true",
                        new java.net.http.WebSocket.Listener() { }).get(10, TimeUnit.SECONDS));
        java.net.http.WebSocketHandshakeException handshake =
                (java.net.http.WebSocketHandshakeException) refused.getCause();
        assertEquals(422, handshake.getResponse().statusCode());
        assertTrue(String.valueOf(handshake.getResponse().body()).contains("sendInitialEvents"),
                String.valueOf(handshake.getResponse().body()));
    }

    private static void awaitTrue(BooleanSupplier condition, int seconds, Supplier<String> message)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message.get());
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the history after {@code resourceVersion} is compacted (that runs every second here). */
    private static void awaitCompactionPast(String resourceVersion) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            try {
                client.configMaps().inAnyNamespace().list(new ListOptionsBuilder().withResourceVersion(resourceVersion)
                        .withResourceVersionMatch("Exact").build());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 410) {
                    return; // a list at exactly that version needs the history that compaction removed
                }
                throw e;
            }
        }
        throw new AssertionError("history after " + resourceVersion + " was not compacted within 30 s");
    }
}
