package io.kubicle.apiserver.tenancy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;
import org.slf4j.Logger;

/** A sweep run on one Vert.x timer per server, never two passes at once: a slow pass swallows the ticks it overlaps. */
final class PeriodicSweep {
    private final Vertx vertx;
    private long timer = -1;
    private boolean running;

    PeriodicSweep(Vertx vertx) {
        this.vertx = vertx;
    }

    void start(long intervalMillis, Supplier<Future<?>> pass, Logger log, String what) {
        timer = vertx.setPeriodic(intervalMillis, t -> {
            if (running) {
                return;
            }
            running = true;
            pass.get().onComplete(r -> {
                running = false;
                if (r.failed()) {
                    log.warn(what + " failed", r.cause());
                }
            });
        });
    }

    void stop() {
        vertx.cancelTimer(timer);
    }
}
