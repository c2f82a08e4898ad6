package store

import (
	"context"
	"time"

	"console/internal/console"
)

// Reads are the queries that may run outside a transaction, on the
// shared read pool: Store embeds them. *Queries, given by Tx, has these
// and every write, so a change made outside a transaction does not
// compile. Only queries that change nothing belong here.
type Reads interface {
	ActiveHolders(ctx context.Context, orgID, perm string, limit int) ([]string, error)
	APITokenByID(ctx context.Context, orgID, id string) (*console.APIToken, error)
	APITokenForRequest(ctx context.Context, tokenHash string) (*console.APIToken, int64, error)
	AuthzVersion(ctx context.Context, orgID string) (int64, error)
	CountOrgs(ctx context.Context) (int, error)
	CountUsers(ctx context.Context, orgID string, f UserFilter) (n int64, counted bool, err error)
	EmailCounts(ctx context.Context) (map[console.DeliveryState]int, error)
	EmailToSend(ctx context.Context, orgID, id string, now time.Time) (*console.Email, EmailBody, LinkState, error)
	ExistingEmailKeys(ctx context.Context, orgID string, keys []string) (map[string]bool, error)
	GrantedPermissions(ctx context.Context, orgID string) (console.PermissionSet, error)
	GroupByBuiltIn(ctx context.Context, orgID string, key console.BuiltInGroup) (*console.GroupRef, error)
	GroupByID(ctx context.Context, orgID, id string) (*console.Group, error)
	GroupMembers(ctx context.Context, orgID, groupID string, limit int) ([]*console.User, error)
	GroupsByRefs(ctx context.Context, orgID string, refs []string) (found []*console.Group, unknown []string, err error)
	ImportByID(ctx context.Context, orgID, id string) (*console.Import, error)
	JobCounts(ctx context.Context) (map[string]int, error)
	ListAPITokens(ctx context.Context, orgID, cursor string, limit int) (*APITokenPage, error)
	ListAudit(ctx context.Context, orgID string, f AuditFilter) ([]*console.AuditEvent, error)
	ListEmails(ctx context.Context, orgID string, f EmailFilter) (*EmailPage, error)
	ListGroups(ctx context.Context, orgID string) ([]*console.Group, error)
	ListGroupsPage(ctx context.Context, orgID, cursor string, limit int) (*GroupPage, error)
	ListImportRows(ctx context.Context, orgID, importID string, outcome console.ImportOutcome, afterLine, limit int) ([]*console.ImportRow, error)
	ListImports(ctx context.Context, orgID, cursor string, limit int) (*ImportPage, error)
	ListOutbox(ctx context.Context, orgID, cursor string, limit int) (*OutboxPage, error)
	ListPermissions(ctx context.Context, orgID string) ([]console.Permission, error)
	ListPermissionsPage(ctx context.Context, orgID, after string, limit int) ([]console.Permission, error)
	ListSignInAttempts(ctx context.Context, orgID, userID string, limit int) ([]*console.SignInAttempt, error)
	ListUsers(ctx context.Context, orgID string, f UserFilter) (*UserPage, error)
	ListUserSessions(ctx context.Context, orgID, userID string) ([]*console.Session, error)
	ListUserSessionsPage(ctx context.Context, orgID string, f SessionFilter) (*SessionPage, error)
	MailedBefore(ctx context.Context, orgID, id string) (bool, error)
	OldestDueJob(ctx context.Context) (time.Time, error)
	PermissionByName(ctx context.Context, orgID, name string) (*console.Permission, error)
	OrgByID(ctx context.Context, id string) (*console.Org, error)
	OrgBySlug(ctx context.Context, slug string) (*console.Org, error)
	PeekUserToken(ctx context.Context, purpose TokenPurpose, tokenHash string, now time.Time) (TokenState, *console.User, error)
	SessionByTokenHash(ctx context.Context, tokenHash string) (*console.Session, *console.User, error)
	SessionForRequest(ctx context.Context, tokenHash string) (*console.Session, *console.User, int64, error)
	SetupTokenValid(ctx context.Context, tokenHash string, now time.Time) (bool, error)
	TokenGrants(ctx context.Context, orgID, tokenID string) ([]console.Grant, error)
	UserAuthz(ctx context.Context, orgID, userID string) (console.Status, []console.Grant, error)
	UserByEmail(ctx context.Context, orgID, email string) (*console.User, error)
	UserByID(ctx context.Context, orgID, id string) (*console.User, error)
	UserGrants(ctx context.Context, orgID, userID string) ([]console.Grant, error)
	UserPermissions(ctx context.Context, orgID, userID string) (console.PermissionSet, error)
}
