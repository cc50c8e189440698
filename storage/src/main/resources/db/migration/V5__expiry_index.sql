-- Objects that expire carry the label kubicle.io/expires-at = the UTC instant in basic ISO 8601
-- (20261206T053500Z: fixed width, so its byte order is time order). This partial index holds only those
-- rows, so the sweep that removes expired ones reads a range of it across every workspace at once: no
-- per-workspace timer, no scan of the objects table. A label rather than a column: the expiry then
-- travels through every write path (single writes, group commit, seeds) with no change to them, and
-- SQL can read it although bodies may be encrypted.
CREATE INDEX IF NOT EXISTS objects_by_expiry
    ON objects (api_group, resource, (labels ->> 'kubicle.io/expires-at') COLLATE "C")
    WHERE labels ? 'kubicle.io/expires-at';

-- ServiceAccount token records written before this version hold their expiry only in the body ("expiresAt",
-- an RFC 3339 instant in UTC); they get the label here, once, so that the sweep finds them too. Their bodies are
-- never encrypted (only Secrets are; key_id IS NULL keeps it so), the label is the only change (the body stays as
-- written), and no revision is taken: nothing watches these records and no client reads their labels.
-- The CTE is materialized so that only token records' bodies are ever read as JSON.
WITH records AS MATERIALIZED (
    SELECT workspace_id, namespace, name, body FROM objects
    WHERE api_group = 'kubicle.io' AND resource = 'tokenhashes' AND key_id IS NULL
      AND NOT labels ? 'kubicle.io/expires-at'),
expiring AS MATERIALIZED (
    SELECT workspace_id, namespace, name, convert_from(body, 'UTF8')::jsonb ->> 'expiresAt' AS expires_at FROM records)
UPDATE objects o
SET labels = o.labels || jsonb_build_object('kubicle.io/expires-at',
        to_char(e.expires_at::timestamptz AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"'))
FROM expiring e
WHERE o.workspace_id = e.workspace_id AND o.api_group = 'kubicle.io' AND o.resource = 'tokenhashes'
  AND o.namespace = e.namespace AND o.name = e.name
  AND e.expires_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z$';
