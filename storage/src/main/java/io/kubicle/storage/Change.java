package io.kubicle.storage;

import io.vertx.sqlclient.Row;

/**
 * One row of the event history as the watch machinery sees it: the state after the change and the
 * state before it (null for a creation). For a deletion the state after is the last state, carrying
 * the deletion's revision.
 */
record Change(long revision, WatchEvent.Type type, StoredObject object, StoredObject previous) {

    /** Columns selected by every history query, in the order {@link #read} expects. */
    static final String COLUMNS = "rv, type, api_group, resource, namespace, name, uid, generation, labels::text, body,"
            + " key_id, prev_rv, prev_generation, prev_labels::text, prev_body, prev_key_id";

    /** The resource of the change, readable without decoding (or decrypting) the bodies. */
    static String resourceOf(Row row, int first) {
        return row.getString(first + 2) + "/" + row.getString(first + 3);
    }

    static Change read(Row row, int first, long workspaceId, RowCodec codec) {
        long rv = row.getLong(first);
        WatchEvent.Type type = switch (row.getShort(first + 1)) {
            case 1 -> WatchEvent.Type.ADDED;
            case 2 -> WatchEvent.Type.MODIFIED;
            default -> WatchEvent.Type.DELETED;
        };
        ObjectKey key = new ObjectKey(workspaceId, row.getString(first + 2), row.getString(first + 3),
                row.getString(first + 4), row.getString(first + 5));
        String uid = row.getUUID(first + 6).toString();
        byte[] body = codec.open(key, row.getBuffer(first + 9), row.getString(first + 10));
        StoredObject object = new StoredObject(key, uid, rv, row.getLong(first + 7),
                RowCodec.labels(row.getString(first + 8)), body);
        StoredObject previous = null;
        Long prevRv = row.getLong(first + 11);
        if (prevRv != null) {
            byte[] prevBody = row.getBuffer(first + 14) == null ? body
                    : codec.open(key, row.getBuffer(first + 14), row.getString(first + 15));
            previous = new StoredObject(key, uid, prevRv, row.getLong(first + 12),
                    RowCodec.labels(row.getString(first + 13)), prevBody);
        }
        return new Change(rv, type, object, previous);
    }
}
