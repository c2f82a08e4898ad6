-- Bumped in the transaction of every change to who holds what (memberships,
-- group permissions, user statuses), so that each Console process can cache
-- permissions and still see a change on the very next request.
ALTER TABLE organizations ADD COLUMN authz_version BIGINT NOT NULL DEFAULT 1;
