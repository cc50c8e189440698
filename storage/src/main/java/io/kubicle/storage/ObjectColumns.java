package io.kubicle.storage;

import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * Reads the object columns every query selects in the same order:
 * uid, rv, generation, labels::text, body, key_id.
 */
final class ObjectColumns {
    static final String SELECT = "uid, rv, generation, labels::text, body, key_id";

    private ObjectColumns() {
    }

    static StoredObject read(Row row, int first, ObjectKey key, RowCodec codec) {
        UUID uid = row.getUUID(first);
        return new StoredObject(key, uid.toString(), row.getLong(first + 1), row.getLong(first + 2),
                RowCodec.labels(row.getString(first + 3)), codec.open(key, row.getBuffer(first + 4), row.getString(first + 5)));
    }
}
