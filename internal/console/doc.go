// Package console holds Console's domain: organizations, users and their
// statuses, groups, permissions, sessions, audit events, the actor making a
// request, and the error kinds every layer shares. It performs no I/O.
package console
