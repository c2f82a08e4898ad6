package bench_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"console/internal/console"
	"console/internal/jobs"
	"console/internal/mail"
	"console/internal/mailtest"
	"console/internal/service"
	"console/internal/store"
	"console/internal/store/storetest"
)

// BenchmarkEmailDelivery drains b.N queued invitations (each an Invited
// user, a live activation link and the rendered email) through the job
// queue to a local SMTP server with 1, 4, 8 and 16 job workers, and
// reports emails/s. Queueing is not timed; each email costs its share of
// a batched claim, the link check, the SMTP exchange on a reused
// connection, and the transaction that records it sent and the job done.
//
//	go test -run '^$' -bench EmailDelivery -benchtime 2000x ./internal/bench/
func BenchmarkEmailDelivery(b *testing.B) {
	for _, e := range storetest.Engines() {
		for _, workers := range []int{1, 4, 8, 16} {
			b.Run(fmt.Sprintf("%s/workers=%d", e.Name, workers), func(b *testing.B) {
				benchDelivery(b, e, workers)
			})
		}
	}
}

func benchDelivery(b *testing.B, e storetest.Engine, workers int) {
	st, _ := e.Open(b)
	smtp := mailtest.Start(b)
	sender, err := mail.NewSMTP(smtp.URL(), "Console <console@test.example>")
	if err != nil {
		b.Fatal(err)
	}
	sender.SetMaxIdle(workers)
	b.Cleanup(func() { sender.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	svc := service.New(st, service.Config{BaseURL: "http://console.test", Sessions: console.DefaultSessionPolicy, Mail: sender}, quiet)
	org, err := svc.CreateOrg(context.Background(), service.CreateOrgInput{Slug: "acme", Name: "Acme", AdminEmail: "admin@acme.test",
		AdminPassword: "a long passphrase for acme"})
	if err != nil {
		b.Fatal(err)
	}
	queueInvitations(b, st, org.Org.ID, b.N, 0)
	w := jobs.NewWorker(st, svc.HandleJob, svc.Now, quiet)
	w.Failed, w.Concurrency, w.Poll = svc.RecordJobFailure, workers, 10*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	b.ResetTimer()
	go func() { defer close(done); w.Run(ctx) }()
	deadline := time.Now().Add(30 * time.Minute)
	for smtp.Count() < b.N {
		if time.Now().After(deadline) {
			b.Fatalf("%d of %d emails delivered", smtp.Count(), b.N)
		}
		time.Sleep(2 * time.Millisecond)
	}
	b.StopTimer()
	cancel()
	<-done
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "emails/s")
}

// queueInvitations creates n Invited users, each with an activation link
// and its email queued, as InviteUser does, in batches; the emails are
// due after delay.
func queueInvitations(b *testing.B, st *store.Store, orgID string, n int, delay time.Duration) {
	ctx := context.Background()
	now := time.Now()
	for start := 0; start < n; start += 1000 {
		err := st.Tx(ctx, func(q *store.Queries) error {
			for i := start; i < min(start+1000, n); i++ {
				u := &console.User{OrgID: orgID, Email: "person" + strconv.Itoa(i) + "@acme.test", Status: console.StatusInvited, CreatedAt: now}
				if err := q.CreateUser(ctx, u); err != nil {
					return err
				}
				hash := fmt.Sprintf("%064d", i)
				if err := q.CreateUserToken(ctx, orgID, u.ID, store.PurposeInvitation, hash, now, now.Add(7*24*time.Hour)); err != nil {
					return err
				}
				msg, err := mail.Invitation{OrgName: "Acme", InviterName: "Admin", Link: "http://console.test/activate?token=" + hash,
					ExpiresAt: now.Add(7 * 24 * time.Hour)}.Message(u.Email)
				if err != nil {
					return err
				}
				e := &console.Email{OrgID: orgID, UserID: u.ID, Kind: console.EmailInvitation, To: u.Email, CreatedAt: now}
				if err := q.InsertEmail(ctx, e, store.EmailBody{Subject: msg.Subject, Text: msg.Text, HTML: msg.HTML}, hash); err != nil {
					return err
				}
				if err := q.InsertJob(ctx, orgID, "send_email", []byte(`{"email_id":"`+e.ID+`"}`), delay); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
