-- Group commit: one call applies a batch of writes to one workspace in one transaction, taking the
-- workspace's revision row lock once and flushing the WAL once for the whole batch. Each write is
-- checked on its own (create: key free; update/delete: object present, uid and resourceVersion
-- preconditions) and a write that fails its check takes no revision, so revisions stay gap-free and
-- one failed write never aborts the others. ops: 1 create, 2 update, 3 delete.
-- outcome: 0 done, 1 already exists, 2 not found, 3 uid precondition failed, 4 resourceVersion
-- precondition failed, 5 workspace missing. Lock order is workspace row, then object rows, as in
-- every other write path.
CREATE FUNCTION kubicle_write_batch(
    ws bigint, grps text[], ress text[], nss text[], nms text[], uids uuid[], gens bigint[], lbls text[],
    bodies bytea[], kids text[], owns text[], ops smallint[], pre_uids uuid[], pre_rvs bigint[])
RETURNS TABLE (idx int, outcome smallint, obj_uid uuid, obj_rv bigint, obj_generation bigint, obj_labels text,
               obj_body bytea, obj_key_id text)
LANGUAGE plpgsql AS $$
DECLARE
    cur bigint;
    first_rv bigint;
    old record;
BEGIN
    SELECT w.rv INTO cur FROM workspaces w WHERE w.id = ws FOR UPDATE;
    IF NOT FOUND THEN
        FOR i IN 1 .. coalesce(array_length(ops, 1), 0) LOOP
            idx := i; outcome := 5;
            RETURN NEXT;
        END LOOP;
        RETURN;
    END IF;
    first_rv := cur;
    FOR i IN 1 .. coalesce(array_length(ops, 1), 0) LOOP
        idx := i; obj_uid := NULL; obj_rv := NULL; obj_generation := NULL; obj_labels := NULL;
        obj_body := NULL; obj_key_id := NULL;
        IF ops[i] = 1 THEN
            INSERT INTO objects (workspace_id, api_group, resource, namespace, name, uid, rv, generation, labels,
                                 body, key_id, owners)
            VALUES (ws, grps[i], ress[i], nss[i], nms[i], uids[i], cur + 1, gens[i], lbls[i]::jsonb, bodies[i],
                    kids[i], string_to_array(owns[i], ',')::uuid[])
            ON CONFLICT DO NOTHING;
            IF FOUND THEN
                cur := cur + 1;
                INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                    labels, body, key_id)
                VALUES (ws, cur, 1, grps[i], ress[i], nss[i], nms[i], uids[i], gens[i], lbls[i]::jsonb, bodies[i],
                        kids[i]);
                outcome := 0; obj_uid := uids[i]; obj_rv := cur;
            ELSE
                outcome := 1;
            END IF;
        ELSE
            SELECT o.uid, o.rv, o.generation, o.labels, o.body, o.key_id INTO old FROM objects o
            WHERE o.workspace_id = ws AND o.api_group = grps[i] AND o.resource = ress[i] AND o.namespace = nss[i]
              AND o.name = nms[i] FOR UPDATE;
            IF NOT FOUND THEN
                outcome := 2;
            ELSIF pre_uids[i] IS NOT NULL AND pre_uids[i] <> old.uid THEN
                outcome := 3; obj_uid := old.uid; obj_rv := old.rv;
            ELSIF pre_rvs[i] IS NOT NULL AND pre_rvs[i] <> old.rv THEN
                outcome := 4; obj_uid := old.uid; obj_rv := old.rv;
            ELSIF ops[i] = 2 THEN
                cur := cur + 1;
                UPDATE objects o SET rv = cur, generation = gens[i], labels = lbls[i]::jsonb, body = bodies[i],
                                     key_id = kids[i], owners = string_to_array(owns[i], ',')::uuid[]
                WHERE o.workspace_id = ws AND o.api_group = grps[i] AND o.resource = ress[i] AND o.namespace = nss[i]
                  AND o.name = nms[i];
                INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                    labels, body, key_id, prev_rv, prev_generation, prev_labels, prev_body, prev_key_id)
                VALUES (ws, cur, 2, grps[i], ress[i], nss[i], nms[i], old.uid, gens[i], lbls[i]::jsonb, bodies[i],
                        kids[i], old.rv, old.generation, old.labels, old.body, old.key_id);
                outcome := 0; obj_uid := old.uid; obj_rv := cur;
            ELSE
                cur := cur + 1;
                DELETE FROM objects o
                WHERE o.workspace_id = ws AND o.api_group = grps[i] AND o.resource = ress[i] AND o.namespace = nss[i]
                  AND o.name = nms[i];
                INSERT INTO events (workspace_id, rv, type, api_group, resource, namespace, name, uid, generation,
                                    labels, body, key_id, prev_rv, prev_generation, prev_labels)
                VALUES (ws, cur, 3, grps[i], ress[i], nss[i], nms[i], old.uid, old.generation, old.labels, old.body,
                        old.key_id, old.rv, old.generation, old.labels);
                outcome := 0; obj_uid := old.uid; obj_rv := cur; obj_generation := old.generation;
                obj_labels := old.labels::text; obj_body := old.body; obj_key_id := old.key_id;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
    IF cur <> first_rv THEN
        UPDATE workspaces SET rv = cur WHERE id = ws;
    END IF;
END $$;
