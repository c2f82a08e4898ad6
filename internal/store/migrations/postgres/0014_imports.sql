-- Bulk import (issue 13, see service.ReviewImport). An import is one
-- uploaded file: 'receiving' while its review is being written (never
-- shown; a crash leaves it for retention), 'review' until confirmed,
-- cancelled or expired (expires_at), then 'confirming' while the job
-- invites its rows, and 'done' or 'stopped' (reason says why). version
-- moves with the state, not with the progress counts.
CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    state         TEXT NOT NULL CHECK (state IN ('receiving', 'review', 'confirming', 'done', 'stopped', 'cancelled')),
    file_name     TEXT NOT NULL,
    message       TEXT NOT NULL DEFAULT '',
    -- who uploaded it: a user id or an API token id (uploader_type).
    uploader_id   TEXT NOT NULL,
    uploader_type TEXT NOT NULL DEFAULT 'user',
    uploader_ip   TEXT NOT NULL DEFAULT '',
    confirmed_by  TEXT NOT NULL DEFAULT '',
    total_rows    INTEGER NOT NULL DEFAULT 0,
    will_invite   INTEGER NOT NULL DEFAULT 0,
    existing      INTEGER NOT NULL DEFAULT 0,
    errors        INTEGER NOT NULL DEFAULT 0,
    blank         INTEGER NOT NULL DEFAULT 0,
    -- progress of the confirm: rows invited, found to be users already,
    -- and refused on the re-check.
    invited       INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    failed        INTEGER NOT NULL DEFAULT 0,
    reason        TEXT NOT NULL DEFAULT '',
    -- What the file's reader noticed without refusing it: unknown columns.
    warning       TEXT NOT NULL DEFAULT '',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    confirmed_at  TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    UNIQUE (org_id, id)
);
CREATE INDEX imports_org_created ON imports (org_id, created_at, id);
CREATE INDEX imports_state_expires ON imports (state, expires_at);

-- One row of an import's file, keyed by its line. outcome: 'invite'
-- (pending), 'invited' (user_id set), 'existing', 'error' (reason says
-- why). groups are the names as the file gives them, joined by '; '.
CREATE TABLE import_rows (
    org_id     TEXT NOT NULL,
    import_id  TEXT NOT NULL,
    line       INTEGER NOT NULL,
    sheet_row  INTEGER NOT NULL DEFAULT 0,
    email      TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    groups     TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL CHECK (outcome IN ('invite', 'invited', 'existing', 'error')),
    reason     TEXT NOT NULL DEFAULT '',
    user_id    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (import_id, line),
    FOREIGN KEY (org_id, import_id) REFERENCES imports (org_id, id) ON DELETE CASCADE
);
CREATE INDEX import_rows_outcome ON import_rows (import_id, outcome, line);
