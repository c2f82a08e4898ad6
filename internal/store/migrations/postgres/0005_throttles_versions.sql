-- Failures in a row per throttled key (an account as typed at sign-in, a
-- client address), shared by every Console process so that guessing is
-- slowed the same whichever instance answers. Keys are hashes: no email
-- or address is kept here.
CREATE TABLE throttles (
    key              TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX throttles_last_failure ON throttles (last_failure_at);

-- Groups and organization-defined permissions are versioned like users:
-- a write made from a stale copy is refused, never merged.
ALTER TABLE groups ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE permissions ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- When a change last ended the user's credentials (console.CredentialChange):
-- an email job queued before it must not mint a link afterwards.
ALTER TABLE users ADD COLUMN credentials_changed_at TIMESTAMPTZ;
