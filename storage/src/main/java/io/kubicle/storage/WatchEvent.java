package io.kubicle.storage;

/** One change seen by a watch, in revision order. */
public sealed interface WatchEvent {

    /** The object after the change; for a deletion, its last state with the deletion's revision. */
    StoredObject object();

    enum Type { ADDED, MODIFIED, DELETED }

    Type type();

    default long resourceVersion() {
        return object().resourceVersion();
    }

    record Added(StoredObject object) implements WatchEvent {
        public Type type() {
            return Type.ADDED;
        }
    }

    record Modified(StoredObject object) implements WatchEvent {
        public Type type() {
            return Type.MODIFIED;
        }
    }

    record Deleted(StoredObject object) implements WatchEvent {
        public Type type() {
            return Type.DELETED;
        }
    }
}
