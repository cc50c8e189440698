package io.kubicle.storage;

import java.util.function.Predicate;

/**
 * A watch of a scope after a revision. {@code filter} (label selector and anything else the caller
 * decides, such as field selectors) is applied to both the old and the new state of each change,
 * so an object that stops matching is reported as deleted and one that starts matching as added,
 * the way kube-apiserver's watch cache does.
 */
public record WatchRequest(ResourceScope scope, long fromRevision, Predicate<StoredObject> filter) {
    private static final Predicate<StoredObject> EVERYTHING = o -> true;

    public WatchRequest {
        filter = filter == null ? EVERYTHING : filter;
    }

    /** No filter (null was given): every change of the scope is delivered as it happened. */
    public boolean unfiltered() {
        return filter == EVERYTHING;
    }

    public static WatchRequest of(ResourceScope scope, long fromRevision) {
        return new WatchRequest(scope, fromRevision, null);
    }

    public static WatchRequest of(ResourceScope scope, long fromRevision, LabelSelector selector) {
        return new WatchRequest(scope, fromRevision, o -> selector.matches(o.labels()));
    }
}
