-- Group ids are unique across organizations, so the group's index needs
-- no org_id in front: with it, SQLite took the index for a user's groups
-- (org_id matched) and read every membership of the organization, where
-- the primary key (user_id, group_id) finds them at once.
DROP INDEX memberships_group;
CREATE INDEX memberships_group_members ON memberships (group_id, user_created_at, user_id);
