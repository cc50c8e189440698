-- Owner uids of each object (from metadata.ownerReferences), indexed so that the garbage collector
-- finds an owner's dependents with one query instead of sweeping every resource.
ALTER TABLE objects ADD COLUMN owners uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX objects_by_owner ON objects USING gin (owners);
