package io.kubicle.storage;

/**
 * Every failure the store reports. The cases are storage facts, not HTTP codes: the API server
 * maps them to Kubernetes Status objects in one place.
 */
public abstract sealed class StorageException extends RuntimeException {

    protected StorageException(String message, Throwable cause) {
        super(message, cause, false, cause != null);
    }

    /** The object (or workspace) does not exist. */
    public static final class NotFound extends StorageException {
        public NotFound(String message) {
            super(message, null);
        }
    }

    /** Create found an object with the same key. */
    public static final class AlreadyExists extends StorageException {
        public AlreadyExists(String message) {
            super(message, null);
        }
    }

    /** A precondition (resourceVersion or uid) did not hold: someone else wrote first. */
    public static final class Conflict extends StorageException {
        private final long currentRevision;

        public Conflict(String message, long currentRevision) {
            super(message, null);
            this.currentRevision = currentRevision;
        }

        /** The object's revision at the time of the failed write. */
        public long currentRevision() {
            return currentRevision;
        }
    }

    /** The requested revision is older than the retained history (compacted away). */
    public static final class Expired extends StorageException {
        private final long oldestRevision;

        public Expired(String message, long oldestRevision) {
            super(message, null);
            this.oldestRevision = oldestRevision;
        }

        /** The oldest revision still replayable; a new list-then-watch starts here or later. */
        public long oldestRevision() {
            return oldestRevision;
        }
    }

    /** The requested revision is newer than anything committed yet. */
    public static final class TooLargeRevision extends StorageException {
        private final long currentRevision;

        public TooLargeRevision(String message, long currentRevision) {
            super(message, null);
            this.currentRevision = currentRevision;
        }

        public long currentRevision() {
            return currentRevision;
        }
    }

    /** The caller passed something the store cannot use (bad key, bad continue token, bad selector). */
    public static final class InvalidArgument extends StorageException {
        public InvalidArgument(String message) {
            super(message, null);
        }
    }

    /** The database could not be reached or failed in a way that is not the caller's fault. */
    public static final class Unavailable extends StorageException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
