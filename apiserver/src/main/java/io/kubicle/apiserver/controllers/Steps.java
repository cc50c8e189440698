package io.kubicle.apiserver.controllers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.api.Json;
import io.kubicle.apiserver.controllers.ControllerClient.Failure;
import io.kubicle.apiserver.controllers.ControllerClient.Resource;
import io.kubicle.apiserver.controllers.ControllerClient.Session;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a {@link Plan} in order through the API, recording Events as kube's event recorder does
 * (best effort: a lost Event never fails a reconcile). Fails on the first write that fails for a reason
 * other than admission, so the caller retries the whole reconcile against fresh lists.
 */
final class Steps {
    private static final Logger LOG = LoggerFactory.getLogger(Steps.class);
    private final Session session;
    private final String component;
    private final Backoffs backoffs;
    private final Clock clock;

    Steps(Session session, String component, Backoffs backoffs, Clock clock) {
        this.session = session;
        this.component = component;
        this.backoffs = backoffs;
        this.clock = clock;
    }

    /** Runs the plan; the answer is how long until the owners want another look (0: only on change). */
    Future<Long> run(Plan plan) {
        Future<Long> chain = Future.succeededFuture(plan.requeueMillis());
        for (Plan.Step step : plan.steps()) {
            chain = chain.compose(requeue -> run(step).map(more -> min(requeue, more)));
        }
        return chain;
    }

    private Future<Long> run(Plan.Step step) {
        if (step instanceof Plan.Create create) {
            return create(create).map(0L);
        }
        if (step instanceof Plan.Creates creates) {
            return slowStart(creates.creates(), 0, 1).compose(backoff -> backoff == 0 && creates.then() != null
                    ? run(creates.then()) : Future.succeededFuture(backoff));
        }
        if (step instanceof Plan.Replace replace) {
            return (replace.status() ? session.replaceStatus(replace.resource(), replace.object())
                    : session.replace(replace.resource(), replace.object())).map(0L);
        }
        if (step instanceof Plan.Scale scale) {
            return session.replace(scale.resource(), scale.object())
                    .onSuccess(v -> event(scale.owner(), "Normal", "ScalingReplicaSet", scale.message())).map(0L);
        }
        if (step instanceof Plan.Delete delete) {
            return session.delete(delete.resource(), delete.object(), delete.foreground()).onSuccess(v -> {
                if (delete.owner() != null) {
                    event(delete.owner(), "Normal", delete.reason(), delete.message());
                }
            }).map(0L);
        }
        Plan.Event event = (Plan.Event) step;
        event(event.owner(), event.type(), event.reason(), event.message());
        return Future.succeededFuture(0L);
    }

    private Future<ObjectNode> create(Plan.Create create) {
        return session.create(create.resource(), Json.text(Json.metadata(create.object()), "namespace"), create.object())
                .compose(created -> ownerStillThere(create.owner()).compose(there -> {
                    if (!there) {
                        return session.delete(create.resource(), created).map(created);
                    }
                    event(create.owner(), "Normal", create.reason(), create.message().replace("{name}", Workload.name(created)));
                    return Future.succeededFuture(created);
                }));
    }

    /**
     * Whether the owner outlived the create. The garbage collector acts on an owner's deletion, so an
     * object created just after its owner went (the pass listed the owner before) would be left
     * dangling; read after the create, the owner's absence cannot be missed.
     */
    private Future<Boolean> ownerStillThere(Plan.Involved owner) {
        ObjectNode meta = Json.metadata(owner.object());
        return session.get(Resource.ofKind(owner.kind()), Json.text(meta, "namespace"), Json.text(meta, "name"))
                .map(current -> Workload.uid(current).equals(Json.text(meta, "uid")) && !Workload.deleting(current))
                .recover(e -> e instanceof Failure f && f.code() == 404 ? Future.succeededFuture(false)
                        : Future.failedFuture(e));
    }

    /** controller.slowStartBatch: batches of 1, 2, 4, ... so a refusal costs one request, not hundreds. */
    private Future<Long> slowStart(List<Plan.Create> creates, int from, int batch) {
        if (from >= creates.size()) {
            if (!creates.isEmpty()) {
                backoffs.succeeded(Workload.uid(creates.get(0).owner().object()));
            }
            return Future.succeededFuture(0L);
        }
        int to = Math.min(creates.size(), from + batch);
        List<Future<ObjectNode>> all = creates.subList(from, to).stream().map(this::create).toList();
        return Future.join(all).transform(ar -> {
            for (Future<ObjectNode> f : all) {
                if (f.failed()) {
                    return refused(creates.get(from), f.cause());
                }
            }
            return slowStart(creates, to, batch * 2);
        });
    }

    private Future<Long> refused(Plan.Create create, Throwable cause) {
        if (!(cause instanceof Failure failure) || failure.code() >= 500 || failure.code() == 409) {
            return Future.failedFuture(cause);
        }
        event(create.owner(), "Warning", "FailedCreate", "Error creating: " + failure.getMessage());
        return Future.succeededFuture(backoffs.refused(Workload.uid(create.owner().object())));
    }

    /** core/v1 Event named as kube's recorder names them, {@code <object>.<hex nanoseconds>}. */
    void event(Plan.Involved involved, String type, String reason, String message) {
        ObjectNode owner = involved.object();
        ObjectNode meta = Json.metadata(owner);
        Instant now = clock.instant();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        ObjectNode event = Json.object().put("apiVersion", "v1").put("kind", "Event");
        event.putObject("metadata").put("name", Json.text(meta, "name") + "." + Long.toHexString(nanos))
                .put("namespace", Json.text(meta, "namespace"));
        event.putObject("involvedObject").put("apiVersion", involved.apiVersion()).put("kind", involved.kind())
                .put("name", Json.text(meta, "name")).put("namespace", Json.text(meta, "namespace"))
                .put("uid", Json.text(meta, "uid")).put("resourceVersion", Json.text(meta, "resourceVersion"));
        String stamp = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        event.put("reason", reason).put("message", message).put("type", type).put("count", 1)
                .put("firstTimestamp", stamp).put("lastTimestamp", stamp)
                .put("reportingComponent", component).put("reportingInstance", "");
        event.putObject("source").put("component", component);
        session.create(Resource.EVENTS, Json.text(meta, "namespace"), event)
                .onFailure(e -> LOG.debug("could not record event {} on {}", reason, Json.text(meta, "name"), e));
    }

    static long min(long a, long b) {
        return a == 0 ? b : b == 0 ? a : Math.min(a, b);
    }
}
