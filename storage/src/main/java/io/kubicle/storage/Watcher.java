package io.kubicle.storage;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's watch. While its history replays, live changes are buffered; afterwards they are
 * delivered straight away. Every method runs under the feed's lock, which orders all deliveries.
 */
final class Watcher implements Watch {
    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);

    private final WatchRequest request;
    private final WatchListener listener;
    private final WorkspaceFeed feed;
    private long last;
    private List<Change> buffered = new ArrayList<>();
    private boolean closed;

    Watcher(WatchRequest request, WatchListener listener, WorkspaceFeed feed) {
        this.request = request;
        this.listener = listener;
        this.feed = feed;
        this.last = request.fromRevision();
    }

    String resource() {
        return request.scope().group() + "/" + request.scope().resource();
    }

    boolean unfiltered() {
        return request.unfiltered();
    }

    /** A live change from the feed. */
    void offer(Change change) {
        if (buffered != null) {
            buffered.add(change);
        } else {
            deliver(change);
        }
    }

    /** A change from the history replay, or a buffered live one after it. */
    void deliver(Change change) {
        if (closed || change.revision() <= last) {
            return;
        }
        last = change.revision();
        if (!request.scope().contains(change.object().key())) {
            return;
        }
        WatchEvent event = translate(change);
        if (event == null) {
            return;
        }
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed; closing the watch", e);
            end(new StorageException.Unavailable("watch listener failed: " + e, e));
        }
    }

    void finishReplay() {
        List<Change> pending = buffered;
        buffered = null;
        if (pending != null) {
            pending.forEach(this::deliver);
        }
    }

    /** Applies the filter to the states before and after, as kube-apiserver's watch cache does. */
    private WatchEvent translate(Change change) {
        if (request.unfiltered()) {
            // a change this process committed comes without its previous state, which only a filter needs
            return switch (change.type()) {
                case ADDED -> new WatchEvent.Added(change.object());
                case MODIFIED -> new WatchEvent.Modified(change.object());
                case DELETED -> new WatchEvent.Deleted(change.object());
            };
        }
        var filter = request.filter();
        if (change.type() == WatchEvent.Type.DELETED) {
            return filter.test(change.object()) ? new WatchEvent.Deleted(change.object()) : null;
        }
        boolean now = filter.test(change.object());
        boolean before = change.previous() != null && filter.test(change.previous());
        if (now && before) {
            return new WatchEvent.Modified(change.object());
        }
        if (now) {
            return new WatchEvent.Added(change.object());
        }
        return before ? new WatchEvent.Deleted(change.object()) : null;
    }

    /** Ends the watch from the store's side; the listener hears why. */
    void end(StorageException error) {
        if (closed) {
            return;
        }
        closed = true;
        feed.detach(this);
        try {
            listener.onClose(error);
        } catch (RuntimeException e) {
            LOG.warn("watch listener failed on close", e);
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        feed.closeWatcher(this);
    }
}
