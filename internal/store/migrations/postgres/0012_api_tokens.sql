-- API tokens: an organization's service accounts. Only the SHA-256 hash of
-- the secret is kept. created_by is the person who made it ('' when made
-- by the console command); it is not a foreign key because the token
-- outlives nothing of its creator: deleting the creator revokes it in the
-- same transaction, and created_by_name keeps who it was for the record.
CREATE TABLE api_tokens (
    id               TEXT PRIMARY KEY,
    org_id           TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    created_by       TEXT NOT NULL DEFAULT '',
    created_by_name  TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ,
    last_used_at     TIMESTAMPTZ,
    last_used_ip     TEXT NOT NULL DEFAULT '',
    revoked_at       TIMESTAMPTZ,
    revoked_reason   TEXT NOT NULL DEFAULT '',
    UNIQUE (org_id, id)
);
CREATE INDEX api_tokens_org_created ON api_tokens (org_id, created_at, id);
CREATE INDEX api_tokens_creator ON api_tokens (org_id, created_by);

-- The groups a token carries: its permissions, like a person's memberships.
CREATE TABLE api_token_groups (
    org_id    TEXT NOT NULL,
    token_id  TEXT NOT NULL,
    group_id  TEXT NOT NULL,
    PRIMARY KEY (token_id, group_id),
    FOREIGN KEY (org_id, token_id) REFERENCES api_tokens (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE
);
CREATE INDEX api_token_groups_group ON api_token_groups (org_id, group_id);

-- Who acted: 'user' (actor_id is a user id), 'api_token' (a token id) or
-- 'system' (Console itself, actor_id ''). Events from before this column
-- say 'user', with actor_id '' where Console acted.
ALTER TABLE audit_events ADD COLUMN actor_type TEXT NOT NULL DEFAULT 'user';
