package io.kubicle.storage;

import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Object writes as parallel column arrays, the shape the bulk statements take (a workspace's seed,
 * a write batch): one round trip carries them all. Owners travel as comma-joined uids, one text per
 * write, and are split into {@code uuid[]} in SQL.
 */
final class WriteArrays {
    private final String[] groups;
    private final String[] resources;
    private final String[] namespaces;
    private final String[] names;
    private final UUID[] uids;
    private final Long[] generations;
    private final String[] labels;
    private final Buffer[] bodies;
    private final String[] keyIds;
    private final String[] owners;

    WriteArrays(int size) {
        groups = new String[size];
        resources = new String[size];
        namespaces = new String[size];
        names = new String[size];
        uids = new UUID[size];
        generations = new Long[size];
        labels = new String[size];
        bodies = new Buffer[size];
        keyIds = new String[size];
        owners = new String[size];
    }

    /** Fills row {@code i}; {@code write} and {@code sealed} are null for a delete, {@code uid} for all but a create. */
    void set(int i, ObjectKey key, UUID uid, ObjectWrite write, RowCodec.SealedBody sealed) {
        groups[i] = key.group();
        resources[i] = key.resource();
        namespaces[i] = key.namespace();
        names[i] = key.name();
        uids[i] = uid;
        if (write != null) {
            generations[i] = write.generation();
            labels[i] = RowCodec.labelsJson(write.labels());
            bodies[i] = sealed.bytes();
            keyIds[i] = sealed.keyId();
            owners[i] = String.join(",", write.owners().stream().map(o -> RowCodec.uuid(o).toString()).toList());
        }
    }

    /** Appends groups, resources, namespaces, names, uids, generations, labels, bodies, key ids, owners. */
    Tuple appendTo(Tuple args) {
        return args.addArrayOfString(groups).addArrayOfString(resources).addArrayOfString(namespaces)
                .addArrayOfString(names).addArrayOfUUID(uids).addArrayOfLong(generations).addArrayOfString(labels)
                .addArrayOfBuffer(bodies).addArrayOfString(keyIds).addArrayOfString(owners);
    }
}
