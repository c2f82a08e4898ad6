-- The job queue: fenced claims, abandoned attempts, once-per-period jobs.

-- How many times a worker took the job and stopped without reporting
-- (killed, out of memory, hung past its lease); a job abandoned too often
-- is failed rather than claimed for ever.
ALTER TABLE jobs ADD COLUMN abandoned INTEGER NOT NULL DEFAULT 0;
-- A job with a key exists once: a periodic job's key names its period,
-- so however many instances schedule it, it runs once per period.
ALTER TABLE jobs ADD COLUMN unique_key TEXT;
CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL;
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;
DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (state, run_at, id);
CREATE INDEX jobs_lease ON jobs (locked_until) WHERE state = 'running';

-- Every email Console sends, with its delivery state. The message is
-- rendered when the change that causes it commits, so every attempt sends
-- the same link; the body is dropped once the email is sent or given up.
-- attempts counts every try, mailed those handed to the SMTP server (not
-- the Outbox): only those can have reached the person.
CREATE TABLE emails (
    id          TEXT PRIMARY KEY,
    org_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id     TEXT,
    kind        TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT NOT NULL DEFAULT '',
    html_body   TEXT NOT NULL DEFAULT '',
    token_hash  TEXT,
    state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'sent', 'failed', 'kept', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    mailed      INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX emails_org_state ON emails (org_id, state, created_at, id);
CREATE INDEX emails_org_user ON emails (org_id, user_id, created_at);
CREATE INDEX emails_updated ON emails (updated_at);

-- Retention sweeps by age.
CREATE INDEX sign_in_attempts_time ON sign_in_attempts (created_at);
CREATE INDEX mail_outbox_time ON mail_outbox (created_at);
CREATE INDEX rate_limits_window ON rate_limits (window_start);
CREATE INDEX user_tokens_expires ON user_tokens (expires_at);
