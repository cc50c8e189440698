package io.kubicle.apiserver.api;

import io.kubicle.storage.AuditRecord;
import io.kubicle.storage.PgAuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every resource request leaves behind: request metrics per workspace (labels workspace, verb,
 * resource and code only, so the series of a workspace are bounded by its catalog, never by its
 * objects) and, for requests that change something, an audit record (who, what, which object, when,
 * outcome). Both go when the workspace goes.
 */
public final class RequestTelemetry {
    static final String REQUESTS = "kubicle_apiserver_requests";
    static final String DURATION = "kubicle_apiserver_request_duration";
    private static final Set<String> AUDITED = Set.of("create", "update", "patch", "delete", "deletecollection", "connect");

    private final MeterRegistry registry;
    private final PgAuditLog audit;
    /**
     * The meters already registered, so a request finds its series with one map lookup instead of building
     * and registering its id again. Keyed by workspace id too: a workspace re-created under a deleted one's
     * name gets fresh series rather than the removed ones.
     */
    private final Map<Series, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    private record Series(long workspaceId, String workspace, String verb, String resource, int code) {
    }

    public RequestTelemetry(MeterRegistry registry, PgAuditLog audit) {
        this.registry = registry;
        this.audit = audit;
    }

    /**
     * Records {@code call} once its response has been sent. A request whose connection becomes a stream (exec, attach,
     * port-forward) has no end the router sees: the returned action records it, to be run when the stream ends (running
     * it again, or after the response ended, does nothing).
     */
    Runnable observe(ApiCall call, String verb) {
        Instant received = Instant.now();
        long start = System.nanoTime();
        java.util.concurrent.atomic.AtomicBoolean recorded = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable record = () -> {
            if (recorded.compareAndSet(false, true)) {
                record(call, verb, received, start);
            }
        };
        call.ctx().addEndHandler(done -> record.run());
        return record;
    }

    private void record(ApiCall call, String verb, Instant received, long start) {
        int code = call.ctx().response().getStatusCode();
        String resource = call.type().qualifiedResource()
                + (call.info().subresource().isEmpty() ? "" : "/" + call.info().subresource());
        counters.computeIfAbsent(new Series(call.workspaceId(), call.workspace(), verb, resource, code), k ->
                Counter.builder(REQUESTS).description("API requests by workspace, verb, resource and HTTP code")
                        .tags("workspace", k.workspace(), "verb", k.verb(), "resource", k.resource(),
                                "code", Integer.toString(k.code()))
                        .register(registry)).increment();
        timers.computeIfAbsent(new Series(call.workspaceId(), call.workspace(), verb, "", 0), k ->
                Timer.builder(DURATION).description("API request latency by workspace and verb")
                        .tags("workspace", k.workspace(), "verb", k.verb())
                        .register(registry)).record(Duration.ofNanos(System.nanoTime() - start));
        if (AUDITED.contains(verb) && audit != null) {
            audit.append(new AuditRecord(call.workspaceId(), 0, UUID.randomUUID().toString(), received, Instant.now(),
                    call.user().name(), call.user().groups(), verb, call.ctx().request().uri(), call.type().group(),
                    call.type().version(), call.type().resource(), call.info().subresource(), call.info().namespace(),
                    call.info().name(), code));
        }
    }

    /** Drops every series of a deleted workspace (its audit records go with its rows). */
    public void forget(String workspace) {
        counters.keySet().removeIf(k -> k.workspace().equals(workspace));
        timers.keySet().removeIf(k -> k.workspace().equals(workspace));
        List<Meter> doomed = registry.getMeters().stream()
                .filter(m -> workspace.equals(m.getId().getTag("workspace"))).toList();
        doomed.forEach(registry::remove);
    }

    /** Prometheus text of this workspace's series only (GET /clusters/<ws>/metrics, authorized like any /metrics). */
    String scrape(String workspace) {
        String all = registry instanceof io.micrometer.prometheusmetrics.PrometheusMeterRegistry prometheus ? prometheus.scrape() : "";
        String label = "workspace=\"" + workspace + "\"";
        StringBuilder out = new StringBuilder();
        StringBuilder header = new StringBuilder();
        for (String line : all.split("\n")) {
            if (line.startsWith("#")) {
                if (line.startsWith("# HELP")) {
                    header.setLength(0);
                }
                header.append(line).append('\n');
            } else if (line.contains(label)) {
                out.append(header);
                header.setLength(0);
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    /** The audit log, for the Workspace audit subresource. */
    PgAuditLog audit() {
        return audit;
    }
}
