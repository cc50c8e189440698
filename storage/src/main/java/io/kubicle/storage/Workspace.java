package io.kubicle.storage;

import java.time.Instant;

/**
 * A workspace row: its id (the first part of every key), unique name, latest revision and the
 * JSON spec/status the tenancy layer keeps there.
 */
public record Workspace(long id, String name, long resourceVersion, Instant createdAt, String specJson,
                        String statusJson) {
}
