package api_test

import (
	"strconv"
	"testing"

	"console/internal/apptest"
	"console/internal/service"
)

// eachEngine runs fn on each engine; see apptest.EachEngine.
var eachEngine = apptest.EachEngine

type problem struct {
	Status    int    `json:"status"`
	RequestID string `json:"request_id"`
	Title     string `json:"title"`
	Detail    string `json:"detail"`
	Errors    []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

func wantProblem(t *testing.T, r *apptest.Response, status int) problem {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, status, r.Body)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("Content-Type %q, want application/problem+json", ct)
	}
	var p problem
	r.JSON(t, &p)
	if p.Status != status || p.Title == "" {
		t.Fatalf("problem body %s", r.Body)
	}
	if id := r.Header.Get("X-Request-Id"); id == "" || p.RequestID != id {
		t.Fatalf("problem's request_id %q, X-Request-Id %q", p.RequestID, id)
	}
	return p
}

type user struct {
	ID          string   `json:"id"`
	Email       string   `json:"email"`
	Status      string   `json:"status"`
	Permissions []string `json:"permissions"`
	Groups      []struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"groups"`
}

func serviceOrg(slug string) service.CreateOrgInput {
	return service.CreateOrgInput{Slug: slug, Name: slug, AdminEmail: "x@" + slug + ".test", AdminPassword: "a long and private phrase"}
}

type versioned struct {
	ID                string `json:"id"`
	Email             string `json:"email"`
	Name              string `json:"name"`
	Status            string `json:"status"`
	Version           int64  `json:"version"`
	InvitationExpired bool   `json:"invitation_expired"`
}

func getUser(t *testing.T, c *apptest.Client, id string) versioned {
	t.Helper()
	var u versioned
	c.Do("GET", "/api/v1/users/"+id, nil).ExpectStatus(t, 200).JSON(t, &u)
	return u
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

func serviceEditNone() service.EditInput { return service.EditInput{} }
