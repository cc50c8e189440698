package io.kubicle.apiserver;

import io.kubicle.apiserver.api.RequestTelemetry;
import io.kubicle.apiserver.tenancy.ServiceAccountTokens;
import io.kubicle.apiserver.tenancy.TokenRecordSweeper;
import io.kubicle.storage.PgAuditLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.kubicle.apiserver.tenancy.WorkspaceCredentials;
import io.kubicle.apiserver.tenancy.WorkspaceReaper;
import io.kubicle.certs.Kubeconfig;
import io.kubicle.certs.KubeconfigSpec;
import io.kubicle.certs.PkiDirectory;
import io.kubicle.certs.ServerPki;
import io.kubicle.storage.EmbeddedPostgresServer;
import io.kubicle.storage.EncryptionKeys;
import io.kubicle.storage.PgStore;
import io.kubicle.storage.StoreOptions;
import io.kubicle.storage.Workspace;
import io.kubicle.apiserver.api.Catalogs;
import io.kubicle.apiserver.admission.AdmissionChain;
import io.kubicle.apiserver.admission.StoredWorkspacePolicies;
import io.kubicle.apiserver.api.DeleteHandler;
import io.kubicle.apiserver.api.GarbageCollector;
import io.kubicle.apiserver.api.KubeApi;
import io.kubicle.apiserver.api.ListHandler;
import io.kubicle.apiserver.api.NamespaceGuard;
import io.kubicle.apiserver.api.NamespaceTerminator;
import io.kubicle.apiserver.api.ObjectHandler;
import io.kubicle.apiserver.api.WatchHandler;
import io.kubicle.apiserver.api.WorkspaceDirectory;
import io.kubicle.apiserver.api.WorkspaceResource;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Kubicle: Postgres (embedded unless a URL is configured), the store, the PKI and the
 * HTTPS server. Wiring only; behaviour lives in the pieces.
 */
public final class KubicleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubicleServer.class);
    public static final String ROOT_WORKSPACE = "root";
    /** Expired workspaces go within this much of their expiry (the promise is 30 s). */
    private static final long REAP_INTERVAL_MILLIS = 5_000;
    private static final long POLICY_IDLE_MILLIS = 60_000;

    private final ServerConfig config;
    private EmbeddedPostgresServer embedded;
    private Vertx vertx;
    private PgStore store;
    private HttpServers http;
    private String url;
    private Workspace root;
    private WorkspaceReaper reaper;
    private TokenRecordSweeper tokenSweeper;
    private NamespaceTerminator terminator;
    private PrometheusMeterRegistry metrics;
    private PgAuditLog audit;
    private RequestTelemetry telemetry;
    private NamespaceGuard namespaces;
    private io.kubicle.apiserver.controllers.ControllerManager controllers;

    private KubicleServer(ServerConfig config) {
        this.config = config;
    }

    /** Starts everything or fails with a message that says what to fix; nothing is left running on failure. */
    public static KubicleServer start(ServerConfig config) throws Exception {
        KubicleServer server = new KubicleServer(config);
        try {
            server.startAll();
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Files.createDirectories(config.dataDir());
        PgConnectOptions connect = database();
        vertx = Vertx.vertx();
        StoreOptions options = StoreOptions.defaults()
                .withRetention(config.eventRetention(), Duration.ofSeconds(Math.max(1, config.eventRetention().toSeconds() / 5)))
                .withEncryption(encryptionKeys(), StoreOptions.SECRETS)
                .withPoolSize(32);
        store = await(PgStore.start(vertx, connect, options), "connect to Postgres");
        root = await(store.ensureWorkspace(ROOT_WORKSPACE), "create the root workspace");
        store.reencrypt().onSuccess(n -> {
            if (n > 0) {
                LOG.info("re-encrypted {} stored bodies under the current primary key", n);
            }
        }).onFailure(e -> LOG.error("re-encryption after key rotation failed; old keys are still needed", e));

        ServerPki pki = PkiDirectory.loadOrCreate(config.dataDir().resolve("pki"), servingHostNames(),
                config.clientCertLifetime());
        HealthChecks health = new HealthChecks(() -> store.pool().query("SELECT 1").execute().mapEmpty());
        WorkspaceCredentials credentials = new WorkspaceCredentials(pki.authority(), config.clientCertLifetime());
        WorkspaceDirectory directory = new WorkspaceDirectory(store);
        ServiceAccountTokens tokens = new ServiceAccountTokens(store, credentials, Clock.systemUTC());
        metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(metrics);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(metrics);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(metrics);
        io.micrometer.core.instrument.Gauge.builder("kubicle_watched_workspaces", store, PgStore::watchedWorkspaces)
                .description("workspaces with a live watch feed in this process").register(metrics);
        audit = new PgAuditLog(vertx, store, 200);
        telemetry = new RequestTelemetry(metrics, audit);
        Authenticator authenticator = new Authenticator(credentials, tokens, directory, Clock.systemUTC());
        X509Certificate[] issuers = {};
        io.vertx.core.net.SSLEngineOptions tls = TlsEngine.preferred();
        HttpServerOptions httpOptions = new HttpServerOptions()
                .setHost(config.listenHost()).setPort(config.listenPort())
                .setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(pki.serving().certificatePem() + pki.authority().certificatePem()))
                        .setKeyValue(Buffer.buffer(pki.serving().privateKeyPem())))
                .setClientAuth(ClientAuth.REQUEST)
                .setSslEngineOptions(tls)
                .setTrustOptions(TrustOptions.wrap(new ClientCertificateTrust(() -> issuers)))
                .setCompressionSupported(true)
                .setMaxInitialLineLength(16 * 1024)
                .setMaxHeaderSize(64 * 1024);
        // The OpenAPI documents take seconds to load: do it now, on a worker, not on the first kubectl apply.
        vertx.executeBlocking(() -> io.kubicle.apiserver.api.openapi.OpenApiV3.builtin())
                .onFailure(e -> LOG.error("the OpenAPI documents could not be loaded", e));
        vertx.executeBlocking(() -> {
            io.kubicle.apiserver.api.ProtobufBodies.preload();
            return null;
        }).onFailure(e -> LOG.error("the protobuf decoders could not be loaded", e));
        controllers = new io.kubicle.apiserver.controllers.ControllerManager(vertx,
                new io.kubicle.apiserver.controllers.ControllerClient(vertx, () -> url, tls, pki.authority().certificatePem(),
                        pki.admin().certificatePem(), pki.admin().privateKeyPem()), directory::nameOf, store);
        io.micrometer.core.instrument.Gauge.builder("kubicle_controller_namespaces_pending", controllers,
                        io.kubicle.apiserver.controllers.ControllerManager::pending)
                .description("namespaces with a controller pass queued, running or scheduled (0 when all are idle)")
                .register(metrics);
        KubeApi api = kubeApi(pki, credentials, directory, tokens);
        http = await(HttpServers.listen(vertx, httpOptions, HttpApi.router(vertx, authenticator,
                new CredentialWorkspaceRouting(directory), health, api, metrics),
                Runtime.getRuntime().availableProcessors()), "listen on " + config.listenHost() + ":" + config.listenPort());
        url = "https://" + urlHost(config.listenHost()) + ":" + http.actualPort();
        writeKubeconfig(pki);
        await(namespaces.bootstrapWorkspace(root.id()), "create the system namespaces of the root workspace");
        reaper.start(REAP_INTERVAL_MILLIS);
        tokenSweeper = new TokenRecordSweeper(vertx, store, store, Clock.systemUTC());
        tokenSweeper.start(config.tokenSweepInterval());
        resumeTerminatingNamespaces();
        controllers.startupScan(store, store).onSuccess(n -> LOG.info("controllers: {} namespaces to reconcile at start", n))
                .onFailure(e -> LOG.warn("controllers: the start-up scan failed; namespaces wait for their next change", e));
    }

    /** Namespaces a previous run left Terminating are emptied now, one workspace after another, in the background. */
    private void resumeTerminatingNamespaces() {
        store.listWorkspaces().compose(all -> {
            Future<Integer> chain = Future.succeededFuture(0);
            for (Workspace w : all) {
                chain = chain.compose(n -> terminator.resume(w.id(), w.name()).map(m -> n + m));
            }
            return chain;
        }).onSuccess(n -> {
            if (n > 0) {
                LOG.info("resumed the termination of {} namespaces a previous run left Terminating", n);
            }
        }).onFailure(e -> LOG.warn("could not look for namespaces left Terminating", e));
    }

    /** The Kubernetes API of every workspace, wired from its parts. */
    private KubeApi kubeApi(ServerPki pki, WorkspaceCredentials credentials, WorkspaceDirectory directory,
                            ServiceAccountTokens tokens) {
        Clock clock = Clock.systemUTC();
        Catalogs catalogs = new Catalogs(store);
        vertx.setPeriodic(POLICY_IDLE_MILLIS / 4, id -> catalogs.evictIdle(POLICY_IDLE_MILLIS));
        var listers = new io.kubicle.apiserver.api.NamespaceListers(store, System::currentTimeMillis, POLICY_IDLE_MILLIS);
        vertx.setPeriodic(POLICY_IDLE_MILLIS / 4, id -> listers.evictIdle());
        namespaces = new NamespaceGuard(store, clock, pki.authority().certificatePem(), listers);
        java.util.function.Supplier<io.vertx.core.Future<Long>> rootId = () -> directory.resolve(WorkspaceResource.ROOT);
        AdmissionChain admission = new AdmissionChain(vertx, store, new StoredWorkspacePolicies(store, rootId, clock),
                () -> catalogs.all().all(), rootId, directory::resolve, listers);
        io.kubicle.storage.Store tracked = new io.kubicle.apiserver.controllers.ChangeTriggers(
                admission.tracking(listers.observing(store), directory::nameOf), controllers);
        terminator = new NamespaceTerminator(vertx, tracked, catalogs::catalog);
        WorkspaceResource workspaces = new WorkspaceResource(store, store, directory, namespaces::systemObjects,
                credentials, clock, () -> url, telemetry,
                keys -> io.kubicle.apiserver.controllers.ChangeTriggers.seeded(controllers, keys));
        reaper = new WorkspaceReaper(vertx, store, workspaces, root.id(), clock);
        GarbageCollector collector = new GarbageCollector(tracked);
        return new KubeApi(directory, catalogs, new ObjectHandler(tracked, clock, namespaces, collector, admission),
                new DeleteHandler(tracked, clock, terminator, collector), new ListHandler(store, clock),
                new WatchHandler(vertx, store, clock), tracked, workspaces, tokens, telemetry, authorizer(),
                new io.kubicle.apiserver.api.PodBackends(store, rootId), new io.kubicle.apiserver.api.Upstreams(vertx,
                        pki.admin().certificatePem(), pki.admin().privateKeyPem()));
    }

    /** RBAC per workspace; policies of workspaces idle for a minute are dropped to keep idle ones free. */
    private io.kubicle.apiserver.authz.RequestAuthorizer authorizer() {
        var policies = new io.kubicle.apiserver.authz.PolicyCache(store, System::currentTimeMillis, POLICY_IDLE_MILLIS);
        vertx.setPeriodic(POLICY_IDLE_MILLIS / 4, id -> policies.evictIdle());
        return new io.kubicle.apiserver.authz.RequestAuthorizer(policies, store);
    }

    private static String kubeconfig(ServerPki pki, String server, String clusterName) {
        return Kubeconfig.render(new KubeconfigSpec(clusterName, server, pki.authority().certificatePem(), "kubicle-admin",
                pki.admin().certificatePem(), io.kubicle.certs.Pem.encodePrivateKeyTraditional(pki.admin()), null));
    }

    private PgConnectOptions database() throws IOException {
        if (config.databaseUrl() != null && !config.databaseUrl().isBlank()) {
            try {
                return PgConnectOptions.fromUri(config.databaseUrl()).setCachePreparedStatements(true)
                        .setPipeliningLimit(256);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("KUBICLE_DATABASE_URL / --database-url is not a usable Postgres URL"
                        + " (expected postgresql://user:password@host:5432/database): " + e.getMessage(), e);
            }
        }
        embedded = EmbeddedPostgresServer.start(config.dataDir().resolve("postgres"));
        return embedded.connectOptions();
    }

    private EncryptionKeys encryptionKeys() throws IOException {
        Path file = config.encryptionKeyFile();
        if (file != null) {
            if (!Files.exists(file)) {
                throw new IllegalArgumentException("encryption key file " + file + " does not exist");
            }
            return EncryptionKeys.load(file);
        }
        Path generated = config.dataDir().resolve("encryption.keys");
        return Files.exists(generated) ? EncryptionKeys.load(generated) : EncryptionKeys.createFile(generated);
    }

    private List<String> servingHostNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!isWildcard(config.listenHost())) {
            names.add(config.listenHost());
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            LOG.debug("no local host name for the serving certificate", e);
        }
        names.addAll(config.tlsSans());
        return new ArrayList<>(names);
    }

    private void writeKubeconfig(ServerPki pki) throws IOException {
        String text = kubeconfig(pki, rootUrl(), "kubicle-" + ROOT_WORKSPACE);
        Path target = config.adminKubeconfig();
        Path tmp = Files.createTempFile(config.dataDir(), ".kubeconfig", ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isWildcard(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("*");
    }

    private static String urlHost(String host) {
        if (isWildcard(host)) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static <T> T await(Future<T> future, String what) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("could not " + what + ": " + cause.getMessage(), cause);
        }
    }

    public String url() {
        return url;
    }

    public String rootUrl() {
        return url + "/clusters/" + ROOT_WORKSPACE;
    }

    public int port() {
        return http.actualPort();
    }

    public Path adminKubeconfig() {
        return config.adminKubeconfig().toAbsolutePath();
    }

    public PgStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            if (reaper != null) {
                reaper.stop();
            }
            if (tokenSweeper != null) {
                tokenSweeper.stop();
            }
            if (controllers != null) {
                controllers.close();
            }
            if (audit != null) {
                audit.flush().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                audit.close();
            }
            if (http != null) {
                http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (store != null) {
                store.closeAsync().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            if (vertx != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("shutdown was not clean", e);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
