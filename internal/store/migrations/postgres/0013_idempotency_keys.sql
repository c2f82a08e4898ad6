-- Idempotency-Key (see service.ReserveIdempotencyKey): one row per key a
-- caller sent to a creating route, holding its reservation while the first
-- request runs, then the answer replayed to retries; 'gone' once what it
-- created was deleted with the person it was about (the answer is erased). id changes when a
-- reservation whose request died is taken over, so that the late report
-- of the request that lost it matches nothing.
CREATE TABLE idempotency_keys (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    scope         TEXT NOT NULL,
    route         TEXT NOT NULL,
    idem_key      TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'gone')),
    locked_until  TIMESTAMPTZ NOT NULL,
    status        INTEGER NOT NULL DEFAULT 0,
    headers       TEXT NOT NULL DEFAULT '{}',
    body          TEXT NOT NULL DEFAULT '',
    -- 1 when the answer held a secret shown once (an API token): only
    -- its status and headers are kept, never the body.
    withheld      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (org_id, scope, route, idem_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
