package io.kubicle.apiserver;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /healthz}, {@code /livez} and {@code /readyz} as kube-apiserver answers them: "ok", or with
 * {@code ?verbose} one "[+]name ok" line per check; a failing check gives 500 with "[-]name failed".
 * {@code /readyz/<check>} runs one check. Liveness only says the process answers; readiness also
 * asks Postgres.
 */
final class HealthChecks {
    private final Map<String, Supplier<Future<Void>>> liveness = new LinkedHashMap<>();
    private final Map<String, Supplier<Future<Void>>> readiness = new LinkedHashMap<>();

    HealthChecks(Supplier<Future<Void>> database) {
        liveness.put("ping", Future::succeededFuture);
        readiness.put("ping", Future::succeededFuture);
        readiness.put("postgres", database);
    }

    void handle(RoutingContext ctx, String endpoint, String only) {
        Map<String, Supplier<Future<Void>>> checks = endpoint.equals("livez") ? liveness : readiness;
        if (only != null && !only.isEmpty()) {
            Supplier<Future<Void>> one = checks.get(only);
            if (one == null) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("404 page not found\n");
                return;
            }
            checks = Map.of(only, one);
        }
        boolean verbose = ctx.request().params().contains("verbose");
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<Void>> results = new ArrayList<>();
        checks.values().forEach(c -> results.add(c.get()));
        Future.join(results).onComplete(done -> {
            StringBuilder body = new StringBuilder();
            boolean healthy = true;
            for (int i = 0; i < names.size(); i++) {
                boolean ok = results.get(i).succeeded();
                healthy &= ok;
                body.append(ok ? "[+]" : "[-]").append(names.get(i)).append(ok ? " ok\n" : " failed: reason withheld\n");
            }
            String text = !healthy || verbose
                    ? body + endpoint + " check " + (healthy ? "passed" : "failed") + "\n"
                    : "ok";
            ctx.response().setStatusCode(healthy ? 200 : 500).putHeader("Content-Type", "text/plain; charset=utf-8")
                    .putHeader("X-Content-Type-Options", "nosniff").end(text);
        });
    }
}
