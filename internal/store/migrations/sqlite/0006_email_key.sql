-- One mailbox, one user: email_key becomes console.EmailKey's canonical
-- form (Unicode normalization, IDNA ASCII domain, case folding) instead of
-- the trimmed, lower-cased address. Go computes it, so Console recomputes
-- the keys after migrating (store.fillEmailKeys), in batches.

-- The address email_key was computed from. A user whose email differs
-- (every user right after this migration, and any that an older Console
-- creates or re-addresses since) has a key to recompute.
ALTER TABLE users ADD COLUMN email_key_of TEXT;

-- Pre-existing duplicates: users whose addresses the old key told apart and
-- the canonical key makes one mailbox. Empty for every other user; for the
-- duplicate, its own id, so that the unique index below keeps both rows
-- while no new user can take a key that any user holds.
ALTER TABLE users ADD COLUMN email_dup TEXT NOT NULL DEFAULT '';

DROP INDEX users_org_email;
CREATE UNIQUE INDEX users_org_email ON users (org_id, email_key, email_dup);

-- Finds the users whose key is to recompute without scanning the table.
CREATE INDEX users_email_key_stale ON users (org_id, id) WHERE email_key_of IS NULL OR email_key_of <> email;
