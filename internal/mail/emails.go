package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Invitation invites someone to an organization. InviterName and WelcomeMessage may be
// empty; Link (absolute http or https) accepts the invitation, and ExpiresAt is when it stops
// working. OrgSlug is the company slug the person signs in with afterwards, and SignInLink
// (absolute, optional) the sign-in page with the slug filled in.
type Invitation struct {
	OrgName, OrgSlug, InviterName, WelcomeMessage, Link, SignInLink string
	ExpiresAt                                                       time.Time
}

// Message renders the invitation to `to` with subject "You're invited to <OrgName> on
// Console". The welcome message is HTML-escaped with its line breaks kept. It fails when
// OrgName, Link or ExpiresAt is missing or Link is not an absolute http(s) URL.
func (d Invitation) Message(to string) (Message, error) {
	if err := check(d.OrgName, d.Link, d.ExpiresAt); err != nil {
		return Message{}, fmt.Errorf("mail: invitation: %w", err)
	}
	if err := checkSignIn(d.OrgSlug, d.SignInLink); err != nil {
		return Message{}, fmt.Errorf("mail: invitation: %w", err)
	}
	d.OrgName, d.InviterName = oneLine(d.OrgName), oneLine(d.InviterName)
	d.WelcomeMessage = strings.TrimSpace(strings.ReplaceAll(d.WelcomeMessage, "\r\n", "\n"))
	return render("invitation", to, "You're invited to "+d.OrgName+" on Console", d)
}

// PasswordReset sends a password reset link, valid until ExpiresAt (normally 1 hour).
// OrgSlug and SignInLink are as in Invitation.
type PasswordReset struct {
	OrgName, OrgSlug, Link, SignInLink string
	// SentBy names the administrator who sent the link; "" when the
	// person asked for it on the sign-in page.
	SentBy    string
	ExpiresAt time.Time
}

// Message renders the reset email to `to` with subject "Reset your <OrgName> password". It
// fails when OrgName, Link or ExpiresAt is missing or Link is not an absolute http(s) URL.
func (d PasswordReset) Message(to string) (Message, error) {
	if err := check(d.OrgName, d.Link, d.ExpiresAt); err != nil {
		return Message{}, fmt.Errorf("mail: password reset: %w", err)
	}
	if err := checkSignIn(d.OrgSlug, d.SignInLink); err != nil {
		return Message{}, fmt.Errorf("mail: password reset: %w", err)
	}
	d.OrgName, d.SentBy = oneLine(d.OrgName), oneLine(d.SentBy)
	return render("password_reset", to, "Reset your "+d.OrgName+" password", d)
}

// EmailChanged tells the OLD address of an account that its sign-in email changed.
type EmailChanged struct {
	OrgName, OldEmail, NewEmail string
}

// Message renders the notice to `to`, which should be OldEmail, with subject "Your <OrgName>
// sign-in email was changed". It fails when a field is empty.
func (d EmailChanged) Message(to string) (Message, error) {
	if d.OrgName == "" || d.OldEmail == "" || d.NewEmail == "" {
		return Message{}, errors.New("mail: email changed: OrgName, OldEmail and NewEmail are required")
	}
	d.OrgName = oneLine(d.OrgName)
	return render("email_changed", to, "Your "+d.OrgName+" sign-in email was changed", d)
}

func check(orgName, link string, expiresAt time.Time) error {
	if orgName == "" {
		return errors.New("OrgName is required")
	}
	if expiresAt.IsZero() {
		return errors.New("ExpiresAt is required")
	}
	return checkLink(link)
}

// checkLink fails unless link is an absolute http(s) URL.
func checkLink(link string) error {
	u, err := url.Parse(link)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("link %q is not an absolute http(s) URL", link)
	}
	return nil
}

// oneLine folds line breaks and runs of spaces so a name fits a subject or a sentence.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// checkSignIn fails when a sign-in link is given without the slug it fills
// in, or is not an absolute http(s) URL.
func checkSignIn(slug, link string) error {
	if link == "" {
		return nil
	}
	if slug == "" {
		return errors.New("OrgSlug is required with SignInLink")
	}
	return checkLink(link)
}
