package api

import (
	"context"
	"net/http"

	"console/internal/console"
	"console/internal/httpx"
)

// lifecycle adapts a service action on one user, made only if If-Match
// (optional) names the user's version (412 otherwise): it answers the
// user as it is afterwards, with its new ETag.
func (a *API) lifecycle(action func(ctx context.Context, actor *console.Actor, id string, version int64) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		version, err := ifMatch(r)
		if err != nil {
			return err
		}
		actor, id := httpx.ActorFrom(r.Context()), r.PathValue("id")
		if err := action(r.Context(), actor, id, version); err != nil {
			return err
		}
		u, err := a.svc.GetUser(r.Context(), actor, id)
		if err != nil {
			return err
		}
		a.writeUser(w, u)
		return nil
	}
}

// cancelInvitation removes a pending user, if If-Match (optional) names
// their version: 204.
func (a *API) cancelInvitation(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := a.svc.CancelInvitation(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), version); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sendPasswordReset queues a reset email to the user, if If-Match
// (optional) names their version: 202.
func (a *API) sendPasswordReset(w http.ResponseWriter, r *http.Request) error {
	version, err := ifMatch(r)
	if err != nil {
		return err
	}
	if err := a.svc.SendPasswordReset(r.Context(), httpx.ActorFrom(r.Context()), r.PathValue("id"), version); err != nil {
		return err
	}
	httpx.WriteJSON(w, http.StatusAccepted, map[string]string{"status": "queued"})
	return nil
}

// deactivateUser makes an Active user Inactive and answers the user as it
// is afterwards. The body is optional; when sent it is
//
//	{"reason": "leave|end_of_contract|investigation|other", "note": "..."}
//
// both fields optional too, kept in the audit trail. An unknown reason or
// a note over 500 characters is 422 naming the field.
func (a *API) deactivateUser(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
		Note   string `json:"note"`
	}
	if r.ContentLength != 0 && r.Body != http.NoBody {
		if err := httpx.DecodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	why := console.Deactivation{Reason: console.DeactivationReason(in.Reason), Note: in.Note}
	return a.lifecycle(func(ctx context.Context, actor *console.Actor, id string, version int64) error {
		return a.svc.Deactivate(ctx, actor, id, version, why)
	})(w, r)
}
