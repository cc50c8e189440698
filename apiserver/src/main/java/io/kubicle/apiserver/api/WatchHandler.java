package io.kubicle.apiserver.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubicle.apiserver.ApiError;
import io.kubicle.apiserver.Statuses;
import io.kubicle.storage.LabelSelector;
import io.kubicle.storage.ListRequest;
import io.kubicle.storage.StorageException;
import io.kubicle.storage.Store;
import io.kubicle.storage.StoredObject;
import io.kubicle.storage.Watch;
import io.kubicle.storage.WatchEvent;
import io.kubicle.storage.WatchListener;
import io.kubicle.storage.WatchRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * WATCH: a chunked stream of {"type","object"} lines. Honours resourceVersion ("" and "0" start
 * with the current state as ADDED events), sendInitialEvents (WatchList, as client-go 1.35
 * informers use it: initial ADDED events then a BOOKMARK marked k8s.io/initial-events-end),
 * allowWatchBookmarks, timeoutSeconds, label and field selectors, and Tables for kubectl get -w.
 * A start revision older than the history gets HTTP 200 then an ERROR event with 410 Expired.
 */
public final class WatchHandler {
    private static final long BOOKMARK_EVERY_MS = 30_000;
    private static final int MAX_WRITES_WHILE_FULL = 10_000;
    private final Vertx vertx;
    private final Store store;
    private final Clock clock;

    public WatchHandler(Vertx vertx, Store store, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.clock = clock;
    }

    public void watch(ApiCall call, Responses.Shape shape) {
        LabelSelector labels = LabelSelector.parse(call.param("labelSelector"));
        FieldSelector fields = FieldSelector.parse(call.param("fieldSelector"), call.strategy(), Json.object());
        boolean bookmarks = call.param("allowWatchBookmarks").equals("true");
        boolean initialEvents = call.param("sendInitialEvents").equals("true");
        if (initialEvents && (!bookmarks || !call.param("resourceVersionMatch").equals("NotOlderThan"))) {
            throw Statuses.invalid("meta.k8s.io", "ListOptions", "", java.util.List.of(FieldError.forbidden(
                    "sendInitialEvents", "sendInitialEvents is allowed only with allowWatchBookmarks=true and"
                            + " resourceVersionMatch=NotOlderThan")));
        }
        String rv = call.param("resourceVersion");
        Long from = ObjectHandler.parseVersion(rv);
        long timeoutMs = timeout(call.param("timeoutSeconds"));
        Predicate<StoredObject> filter = stored -> labels.matches(stored.labels())
                && (fields.isEverything() || fields.matches(Json.parseStored(stored.body()), call.strategy()));
        java.util.function.Consumer<WatchSink> start = sink -> {
            Stream stream = new Stream(call, sink, shape, bookmarks);
            boolean initialState = initialEvents || from == null || from == 0;
            Future<Long> begin = initialState ? sendInitialState(call, labels, fields, stream) : Future.succeededFuture(from);
            begin.compose(startRv -> {
                stream.lastRevision = startRv;
                if (initialEvents) {
                    stream.bookmark(startRv, true);
                }
                return store.watch(new WatchRequest(call.scope(), startRv, filter), stream);
            }).onSuccess(watch -> stream.started(watch, timeoutMs)).onFailure(stream::fail);
        };
        if (WatchSink.wantsWebSocket(call.ctx().request())) {
            // Upgrade only now, so that a bad request above still gets its Status as a plain HTTP answer.
            call.ctx().request().toWebSocket().onSuccess(socket -> start.accept(new WatchSink.WebSocket(socket)))
                    .onFailure(call.ctx()::fail);
        } else {
            start.accept(new WatchSink.Chunked(call.ctx().response()));
        }
    }

    /**
     * A request that asks for a WebSocket must reach {@link #watch} unread: the upgrade takes over the
     * connection (the router's body reading would end the request first).
     */
    public static boolean wantsWebSocket(io.vertx.core.http.HttpServerRequest request) {
        return WatchSink.wantsWebSocket(request);
    }

    private Future<Long> sendInitialState(ApiCall call, LabelSelector labels, FieldSelector fields, Stream stream) {
        return store.list(new ListRequest(call.scope(), labels, 0, null, 0)).map(result -> {
            for (StoredObject stored : result.items()) {
                ObjectNode object = ObjectHandler.visible(stored, call.type());
                if (fields.matches(object, call.strategy())) {
                    stream.send("ADDED", object);
                }
            }
            return result.resourceVersion();
        });
    }

    private static long timeout(String seconds) {
        if (seconds.isEmpty()) {
            return (1800 + ThreadLocalRandom.current().nextInt(1800)) * 1000L; // kube: 30-60 minutes
        }
        try {
            return Math.max(1, Long.parseLong(seconds)) * 1000L;
        } catch (NumberFormatException e) {
            throw Statuses.badRequest("timeoutSeconds \"" + seconds + "\" is not a number");
        }
    }

    /** One client's stream; storage calls it in revision order. */
    private final class Stream implements WatchListener {
        private final ApiCall call;
        private final WatchSink sink;
        private final Responses.Shape shape;
        private final boolean bookmarks;
        private Watch watch;
        private long timer = -1;
        private long bookmarkTimer = -1;
        private volatile long lastRevision;
        private boolean ended;
        private int writesWhileFull;

        Stream(ApiCall call, WatchSink sink, Responses.Shape shape, boolean bookmarks) {
            this.call = call;
            this.sink = sink;
            this.shape = shape;
            this.bookmarks = bookmarks;
            sink.onGone(this::stop);
        }

        void started(Watch w, long timeoutMs) {
            synchronized (this) {
                watch = w;
                if (ended) {
                    w.close();
                    return;
                }
                sink.open(); // under the lock: a change may be written from a storage thread meanwhile
            }
            timer = vertx.setTimer(timeoutMs, t -> stop());
            if (bookmarks) {
                bookmarkTimer = vertx.setPeriodic(BOOKMARK_EVERY_MS, t -> bookmark(lastRevision, false));
            }
        }

        synchronized void send(String type, ObjectNode object) {
            if (ended) {
                return;
            }
            ObjectNode event = Json.object();
            event.put("type", type);
            event.set("object", shape == Responses.Shape.TABLE
                    ? Tables.table(java.util.List.of(object), call.strategy(), clock.instant(),
                    ListHandler.includeObject(call), null, null)
                    : shape == Responses.Shape.PARTIAL_METADATA ? Tables.partial(object) : object);
            write(event);
        }

        synchronized void bookmark(long revision, boolean initialEventsEnd) {
            if (ended) {
                return;
            }
            ObjectNode object = Json.object();
            object.put("kind", call.type().kind()).put("apiVersion", call.type().apiVersion());
            ObjectNode meta = object.putObject("metadata");
            meta.put("resourceVersion", Long.toString(revision));
            if (initialEventsEnd) {
                meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
            }
            ObjectNode event = Json.object();
            event.put("type", "BOOKMARK");
            event.set("object", object);
            write(event);
        }

        private void write(ObjectNode event) {
            write(Json.bytes(event));
        }

        private void write(byte[] event) {
            if (sink.full()) {
                if (++writesWhileFull > MAX_WRITES_WHILE_FULL) {
                    stop(); // a client this slow would make us buffer without bound; it will re-watch
                    return;
                }
            } else {
                writesWhileFull = 0;
            }
            sink.send(event);
        }

        @Override
        public void onEvent(WatchEvent event) {
            lastRevision = event.resourceVersion();
            byte[] object = shape == Responses.Shape.OBJECT && call.type().group().isEmpty() // core kinds: never converted
                    ? StoredJson.withResourceVersion(event.object().body(), event.object().resourceVersion()) : null;
            if (object != null) {
                sendSpliced(event.type().name(), object);
            } else {
                send(event.type().name(), ObjectHandler.visible(event.object(), call.type()));
            }
        }

        /** The event {@code {"type":...,"object":...}} around an object's JSON, as {@link #send} would write it. */
        private synchronized void sendSpliced(String type, byte[] object) {
            if (ended) {
                return;
            }
            byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            byte[] event = new byte[head.length + object.length + 1];
            System.arraycopy(head, 0, event, 0, head.length);
            System.arraycopy(object, 0, event, head.length, object.length);
            event[event.length - 1] = '}';
            write(event);
        }

        @Override
        public void onClose(StorageException error) {
            if (error != null) {
                fail(error);
            } else {
                stop();
            }
        }

        void fail(Throwable error) {
            // once a watch runs, the store ends it with NotFound only when its workspace is deleted
            ApiError status = error instanceof StorageException.Expired ? Statuses.gone(error.getMessage())
                    : error instanceof StorageException.NotFound ? Statuses.workspaceDeleted(call.workspace()) : Statuses.from(error);
            synchronized (this) {
                if (!ended) {
                    ObjectNode event = Json.object();
                    event.put("type", "ERROR");
                    event.set("object", Statuses.toStatus(status));
                    write(event);
                }
            }
            stop();
        }

        void stop() {
            Watch w;
            synchronized (this) {
                if (ended) {
                    return;
                }
                ended = true;
                w = watch;
            }
            vertx.cancelTimer(timer);
            vertx.cancelTimer(bookmarkTimer);
            if (w != null) {
                w.close();
            }
            sink.end();
        }
    }
}
