-- Console's first schema (SQLite). Times are TEXT in a fixed-width UTC form
-- (see store.Time) so that comparing them as text compares them in time.
-- Every tenant-owned row carries org_id; composite foreign keys make sure a
-- row can only point at rows of its own organization.

CREATE TABLE organizations (
    id                      TEXT PRIMARY KEY,
    slug                    TEXT NOT NULL UNIQUE,
    name                    TEXT NOT NULL,
    invitation_ttl_seconds  INTEGER NOT NULL DEFAULT 604800,
    created_at              TEXT NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    email_key       TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('invited', 'active', 'inactive')),
    password_hash   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    activated_at    TEXT,
    deactivated_at  TEXT,
    last_login_at   TEXT,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (org_id, id)
);
CREATE UNIQUE INDEX users_org_email ON users (org_id, email_key);
CREATE INDEX users_org_created ON users (org_id, created_at, id);

CREATE TABLE groups (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    name_key     TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    built_in     TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    UNIQUE (org_id, id)
);
CREATE UNIQUE INDEX groups_org_name ON groups (org_id, name_key);

-- Organization-defined permissions; Console's built-in ones live in code.
CREATE TABLE permissions (
    org_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    PRIMARY KEY (org_id, name)
);

CREATE TABLE group_permissions (
    org_id      TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    permission  TEXT NOT NULL,
    PRIMARY KEY (group_id, permission),
    FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE
);

CREATE TABLE memberships (
    org_id      TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    group_id    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, group_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, group_id) REFERENCES groups (org_id, id) ON DELETE CASCADE
);
CREATE INDEX memberships_group ON memberships (group_id);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (org_id, user_id);

-- One-time tokens sent by email: invitations and password resets.
CREATE TABLE user_tokens (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    purpose     TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    used_at     TEXT,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX user_tokens_user ON user_tokens (org_id, user_id, purpose);

-- Links printed by `console serve` while no organization exists.
CREATE TABLE setup_tokens (
    token_hash  TEXT PRIMARY KEY,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- actor_id and target_id are kept when a user is deleted: they become
-- tombstones that keep the trail attributable without personal data.
CREATE TABLE audit_events (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    actor_id     TEXT NOT NULL DEFAULT '',
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL DEFAULT '',
    target_id    TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT '',
    details      TEXT NOT NULL DEFAULT '{}',
    created_at   TEXT NOT NULL
);
CREATE INDEX audit_events_org_time ON audit_events (org_id, created_at, id);
CREATE INDEX audit_events_org_target ON audit_events (org_id, target_id);
CREATE INDEX audit_events_org_actor ON audit_events (org_id, actor_id);

-- org_id is NULL when the company slug matched no organization.
CREATE TABLE sign_in_attempts (
    id          TEXT PRIMARY KEY,
    org_id      TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    user_id     TEXT,
    email       TEXT NOT NULL,
    result      TEXT NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    user_agent  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
);
CREATE INDEX sign_in_attempts_org_user ON sign_in_attempts (org_id, user_id, created_at);
CREATE INDEX sign_in_attempts_org_time ON sign_in_attempts (org_id, created_at);

-- Durable background jobs, inserted in the transaction of the change that
-- causes them and claimed by workers with a lease.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,
    org_id        TEXT,
    kind          TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '{}',
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'running', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    max_attempts  INTEGER NOT NULL DEFAULT 25,
    run_at        TEXT NOT NULL,
    locked_until  TEXT,
    last_error    TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    finished_at   TEXT
);
CREATE INDEX jobs_due ON jobs (state, run_at);
