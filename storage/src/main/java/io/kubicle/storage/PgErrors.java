package io.kubicle.storage;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/** The one place where driver and SQL failures become {@link StorageException}s. */
final class PgErrors {
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private PgErrors() {
    }

    static <T> Future<T> translate(Throwable error, String what) {
        return Future.failedFuture(toStorage(error, what));
    }

    static StorageException toStorage(Throwable error, String what) {
        if (error instanceof StorageException se) {
            return se;
        }
        if (error instanceof PgException pg) {
            if (UNIQUE_VIOLATION.equals(pg.getSqlState())) {
                return new StorageException.AlreadyExists(what + " already exists");
            }
            if (FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
                return new StorageException.NotFound("workspace of " + what + " does not exist");
            }
            return new StorageException.Unavailable("database error on " + what + ": " + pg.getMessage()
                    + " (SQLSTATE " + pg.getSqlState() + ")", pg);
        }
        return new StorageException.Unavailable("database unavailable on " + what + ": " + error.getMessage(), error);
    }
}
