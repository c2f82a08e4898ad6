package service

import (
	"context"

	"console/internal/console"
	"console/internal/store"
)

// endCredentials applies console.CredentialChange's rule to user u in the
// change's own transaction q: outstanding links die, and the sessions the
// change ends, but keepSession (the actor's own, for a password change).
// It returns how many sessions ended.
func (s *Service) endCredentials(ctx context.Context, q *store.Queries, u *console.User, change console.CredentialChange, keepSession string) (int64, error) {
	if change.EndsLinks() {
		if err := q.DeleteUserLinks(ctx, u.OrgID, u.ID, s.now()); err != nil {
			return 0, err
		}
	}
	switch change.EndsSessions() {
	case console.EndAllSessions:
		return q.DeleteUserSessions(ctx, u.OrgID, u.ID)
	case console.EndOtherSessions:
		return q.DeleteOtherSessions(ctx, u.OrgID, u.ID, keepSession)
	}
	return 0, nil
}
