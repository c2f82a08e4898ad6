-- Whether a user has a live link (unused, not expired) is answered from
-- the index alone: the expired-invitations filter asks it of every Invited
-- user it passes, and every page asks it of each Invited user shown.
CREATE INDEX user_tokens_live ON user_tokens (org_id, user_id, purpose, used_at, expires_at);
DROP INDEX user_tokens_user;
