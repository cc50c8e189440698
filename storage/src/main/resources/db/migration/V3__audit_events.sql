-- The audit log: one row per mutating API request, kept with the workspace (and removed with it).
CREATE TABLE audit_events (
    workspace_id bigint      NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    audit_id     uuid        NOT NULL,
    received_at  timestamptz NOT NULL,
    completed_at timestamptz NOT NULL,
    username     text        NOT NULL,
    groups       text[]      NOT NULL,
    verb         text        NOT NULL,
    request_uri  text        NOT NULL,
    api_group    text        NOT NULL,
    api_version  text        NOT NULL,
    resource     text        NOT NULL,
    subresource  text        NOT NULL,
    namespace    text        NOT NULL,
    name         text        NOT NULL,
    code         integer     NOT NULL,
    PRIMARY KEY (workspace_id, id)
);
