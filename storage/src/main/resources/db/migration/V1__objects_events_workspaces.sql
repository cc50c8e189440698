-- Kubicle schema v1. Every key starts with workspace_id so the tables can be distributed by
-- workspace (Citus) without cross-shard writes; the workspace row carries the revision counter.
CREATE TABLE workspaces (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        COLLATE "C" NOT NULL UNIQUE,
    rv            bigint      NOT NULL DEFAULT 0,
    compacted_rv  bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    spec          jsonb       NOT NULL DEFAULT '{}',
    status        jsonb       NOT NULL DEFAULT '{}'
);

CREATE TABLE objects (
    workspace_id bigint NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    api_group    text   COLLATE "C" NOT NULL,
    resource     text   COLLATE "C" NOT NULL,
    namespace    text   COLLATE "C" NOT NULL,
    name         text   COLLATE "C" NOT NULL,
    uid          uuid   NOT NULL,
    rv           bigint NOT NULL,
    generation   bigint NOT NULL,
    labels       jsonb  NOT NULL,
    body         bytea  NOT NULL,
    key_id       text,
    PRIMARY KEY (workspace_id, api_group, resource, namespace, name)
);

-- One row per change, kept for watch replay and for lists pinned to an older revision.
-- prev_* hold the state before the change (for DELETED, prev_body is NULL: the state before is body).
CREATE TABLE events (
    workspace_id    bigint      NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    rv              bigint      NOT NULL,
    type            smallint    NOT NULL,
    api_group       text        COLLATE "C" NOT NULL,
    resource        text        COLLATE "C" NOT NULL,
    namespace       text        COLLATE "C" NOT NULL,
    name            text        COLLATE "C" NOT NULL,
    uid             uuid        NOT NULL,
    generation      bigint      NOT NULL,
    labels          jsonb       NOT NULL,
    body            bytea       NOT NULL,
    key_id          text,
    prev_rv         bigint,
    prev_generation bigint,
    prev_labels     jsonb,
    prev_body       bytea,
    prev_key_id     text,
    created_at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (workspace_id, rv)
);
CREATE INDEX events_by_resource ON events (workspace_id, api_group, resource, rv);
CREATE INDEX events_by_age ON events (created_at);
