-- Objects that expire carry the label kubicle.io/expires-at = the UTC instant in basic ISO 8601
-- (20261206T053500Z: fixed width, so its byte order is time order). This partial index holds only those
-- rows, so the sweep that removes expired ones reads a range of it across every workspace at once: no
-- per-workspace timer, no scan of the objects table. A label rather than a column: the expiry then
-- travels through every write path (single writes, group commit, seeds) with no change to them, and
-- SQL can read it although bodies may be encrypted.
CREATE INDEX objects_by_expiry ON objects (api_group, resource, (labels ->> 'kubicle.io/expires-at') COLLATE "C")
    WHERE labels ? 'kubicle.io/expires-at';
