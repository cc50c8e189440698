package io.kubicle.storage;

import static io.kubicle.storage.TestPostgres.await;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of tests that need one real store: a fresh database on the shared embedded Postgres and its own
 * Vert.x, for all the tests of the class. Shared with other modules through the test jar.
 */
public abstract class StoreTest {
    protected static Vertx vertx;
    protected static PgStore store;

    @BeforeAll
    static void startStore() {
        vertx = Vertx.vertx();
        store = TestPostgres.store(vertx, TestPostgres.freshDatabase(), TestPostgres.quickOptions());
    }

    @AfterAll
    static void stopStore() {
        await(store.closeAsync());
        await(vertx.close());
    }
}
