package io.kubicle.storage;

/**
 * Conditions an update or delete must meet, checked under the row lock. A null field is not checked.
 */
public record Preconditions(String uid, Long resourceVersion) {

    public static final Preconditions NONE = new Preconditions(null, null);

    public static Preconditions resourceVersion(long resourceVersion) {
        return new Preconditions(null, resourceVersion);
    }
}
