package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells other processes on the same database that a workspace has new revisions, and listens for
 * their news. NOTIFY is sent after the write has committed, from a separate statement, and
 * coalesced (one in flight at a time, carrying every workspace changed meanwhile): a NOTIFY inside
 * the write transaction would serialize all commits of the database on Postgres' notify lock.
 */
final class ChangeNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotifier.class);
    static final String CHANNEL = "kubicle_changes";
    private static final int MAX_PAYLOAD = 7000; // Postgres allows just under 8000 bytes
    private static final String EVERYTHING = "*";

    private final Vertx vertx;
    private final Pool pool;
    private final WatchHub hub;
    private final PgSubscriber subscriber;
    private final Map<Long, Long> pending = new HashMap<>();
    private boolean sending;

    ChangeNotifier(Vertx vertx, Pool pool, PgConnectOptions connect, WatchHub hub) {
        this.vertx = vertx;
        this.pool = pool;
        this.hub = hub;
        this.subscriber = PgSubscriber.subscriber(vertx, connect).reconnectPolicy(retries -> 500L);
        subscriber.channel(CHANNEL)
                .subscribeHandler(v -> hub.pokeAll()) // after a (re)connect we may have missed news
                .handler(this::received);
    }

    Future<Void> start() {
        return subscriber.connect();
    }

    /**
     * A local write of {@code resource} ("group/resource") committed: wake local watchers now (with the change, when
     * the writer knows it: they may get it without a read) and tell the other processes soon.
     */
    void committed(long workspaceId, long revision, String resource, WatchEvent.Type type, StoredObject object) {
        hub.committedHere(workspaceId, revision, resource, type, object);
        synchronized (this) {
            pending.merge(workspaceId, revision, Math::max);
            if (sending) {
                return;
            }
            sending = true;
        }
        send();
    }

    private void send() {
        String payload;
        synchronized (this) {
            if (pending.isEmpty()) {
                sending = false;
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<Long, Long> e : pending.entrySet()) {
                if (sb.length() > MAX_PAYLOAD) {
                    sb.setLength(0);
                    sb.append(EVERYTHING);
                    break;
                }
                if (sb.length() > 0) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append(':').append(e.getValue());
            }
            pending.clear();
            payload = sb.toString();
        }
        pool.preparedQuery("SELECT pg_notify($1, $2)").execute(Tuple.of(CHANNEL, payload)).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("could not notify other Kubicle processes; they will catch up on their next check", ar.cause());
            }
            vertx.setTimer(2, t -> send()); // at most one NOTIFY every couple of milliseconds
        });
    }

    private void received(String payload) {
        if (EVERYTHING.equals(payload)) {
            hub.pokeAll();
            return;
        }
        for (String item : payload.split(",")) {
            int colon = item.indexOf(':');
            try {
                hub.poke(Long.parseLong(item.substring(0, colon)), Long.parseLong(item.substring(colon + 1)));
            } catch (RuntimeException e) {
                LOG.warn("ignoring malformed change notification {}", item);
            }
        }
    }

    Future<Void> close() {
        return subscriber.close();
    }
}
