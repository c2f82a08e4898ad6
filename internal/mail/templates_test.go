package mail_test

import (
	"strings"
	"testing"
	"time"

	"console/internal/mail"
)

var expires = time.Date(2030, 3, 4, 5, 6, 0, 0, time.FixedZone("CET", 3600))

const expiresText = "Monday, 4 March 2030 at 04:06 UTC"

func contains(t *testing.T, part, got string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("%s lacks %q:\n%s", part, w, got)
		}
	}
}

func TestInvitation(t *testing.T) {
	link := "https://console.test/activate?token=abc&x=1"
	m, err := mail.Invitation{
		OrgName: "Acme", InviterName: "Ada Admin", Link: link, ExpiresAt: expires,
		WelcomeMessage: "Welcome <script>alert(1)</script>\r\nSecond line",
	}.Message("new@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if m.To != "new@example.com" || m.Subject != "You're invited to Acme on Console" {
		t.Errorf("To, Subject = %q, %q", m.To, m.Subject)
	}
	contains(t, "text", m.Text, "Ada Admin invited you to join Acme on Console.",
		"Welcome <script>alert(1)</script>\nSecond line", "\n"+link+"\n",
		"This link expires on "+expiresText, "If you did not expect this, ignore this email.")
	contains(t, "HTML", m.HTML, "Welcome &lt;script&gt;alert(1)&lt;/script&gt;<br>Second line",
		`href="https://console.test/activate?token=abc&amp;x=1"`, ">https://console.test/activate?token=abc&amp;x=1</a>",
		"This link expires on "+expiresText, "If you did not expect this, ignore this email.")
	if strings.Contains(m.HTML, "<script>") {
		t.Error("HTML contains an unescaped <script>")
	}
}

// TestEmailsNameTheSlug: the invitation and the reset email say which
// company slug to sign in with and link to the sign-in page with it
// filled in; without a sign-in link they say nothing of it; a sign-in link
// needs its slug.
func TestEmailsNameTheSlug(t *testing.T) {
	signIn := "https://console.test/login?org=acme-eu"
	inv := mail.Invitation{OrgName: "Acme", OrgSlug: "acme-eu", Link: "https://console.test/activate?token=t",
		SignInLink: signIn, ExpiresAt: expires}
	reset := mail.PasswordReset{OrgName: "Acme", OrgSlug: "acme-eu", Link: "https://console.test/reset?token=r",
		SignInLink: signIn, ExpiresAt: expires}
	for name, render := range map[string]func() (mail.Message, error){
		"invitation": func() (mail.Message, error) { return inv.Message("a@example.com") },
		"reset":      func() (mail.Message, error) { return reset.Message("a@example.com") },
	} {
		m, err := render()
		if err != nil {
			t.Fatal(err)
		}
		contains(t, name+" text", m.Text, `company slug "acme-eu"`, "\n"+signIn+"\n")
		contains(t, name+" HTML", m.HTML, "company slug <strong>acme-eu</strong>", `href="`+signIn+`"`)
	}
	inv.SignInLink, reset.SignInLink = "", ""
	for _, m := range []func() (mail.Message, error){
		func() (mail.Message, error) { return inv.Message("a@example.com") },
		func() (mail.Message, error) { return reset.Message("a@example.com") },
	} {
		if got, err := m(); err != nil || strings.Contains(got.Text, "slug") {
			t.Errorf("without a sign-in link: err %v, text:\n%s", err, got.Text)
		}
	}
	inv.SignInLink, inv.OrgSlug = signIn, ""
	if _, err := inv.Message("a@example.com"); err == nil {
		t.Error("a sign-in link without its slug was accepted")
	}
	reset.SignInLink = "javascript:alert(1)"
	if _, err := reset.Message("a@example.com"); err == nil {
		t.Error("a sign-in link that is not http(s) was accepted")
	}
}

func TestInvitationWithoutInviterOrMessage(t *testing.T) {
	m, err := mail.Invitation{OrgName: "Acme", Link: "http://127.0.0.1:8080/activate?token=t", ExpiresAt: expires}.Message("a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	contains(t, "text", m.Text, "You have been invited to join Acme on Console.", "http://127.0.0.1:8080/activate?token=t")
	if strings.Contains(m.Text, "wrote") || strings.Contains(m.Text, "Welcome message") {
		t.Errorf("text shows an empty welcome message:\n%s", m.Text)
	}
}

func TestPasswordReset(t *testing.T) {
	link := "https://console.test/reset?token=r"
	m, err := mail.PasswordReset{OrgName: "Acme", Link: link, ExpiresAt: expires}.Message("a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Reset your Acme password" {
		t.Errorf("Subject = %q", m.Subject)
	}
	for part, got := range map[string]string{"text": m.Text, "HTML": m.HTML} {
		contains(t, part, got, link, expiresText,
			"If you did not ask for this, ignore this email; your password stays the same.")
	}
}

// TestPasswordResetSentByAnAdministrator: a reset an administrator sent
// says who sent it, and does not tell the person to ignore a request
// they never made.
func TestPasswordResetSentByAnAdministrator(t *testing.T) {
	link := "https://console.test/reset?token=r"
	m, err := mail.PasswordReset{OrgName: "Acme", SentBy: "Ada <Admin>", Link: link, ExpiresAt: expires}.Message("a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	for part, got := range map[string]string{"text": m.Text, "HTML": m.HTML} {
		contains(t, part, got, link, "an administrator of", "your current password keeps working")
		if strings.Contains(got, "did not ask") || strings.Contains(got, "Someone asked") {
			t.Errorf("%s speaks of a request the person never made:\n%s", part, got)
		}
	}
	if !strings.Contains(m.Text, "Ada <Admin>") || !strings.Contains(m.HTML, "Ada &lt;Admin&gt;") {
		t.Errorf("the sender's name is not given, escaped for HTML:\n%s\n%s", m.Text, m.HTML)
	}
}

func TestEmailChanged(t *testing.T) {
	m, err := mail.EmailChanged{OrgName: "Acme <Corp>", OldEmail: "old@example.com", NewEmail: "new@example.com"}.Message("old@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if m.To != "old@example.com" || m.Subject != "Your Acme <Corp> sign-in email was changed" {
		t.Errorf("To, Subject = %q, %q", m.To, m.Subject)
	}
	contains(t, "text", m.Text, "The sign-in email of your Acme <Corp> account was changed from old@example.com to new@example.com.",
		"If you did not expect this, contact your administrator.")
	contains(t, "HTML", m.HTML, "Acme &lt;Corp&gt;", "old@example.com", "new@example.com", "contact your administrator")
}

func TestTemplatesRejectBadInput(t *testing.T) {
	bad := map[string]func() error{
		"javascript link": func() error {
			_, err := mail.Invitation{OrgName: "A", Link: "javascript:alert(1)", ExpiresAt: expires}.Message("a@example.com")
			return err
		},
		"relative link": func() error {
			_, err := mail.PasswordReset{OrgName: "A", Link: "/reset?token=x", ExpiresAt: expires}.Message("a@example.com")
			return err
		},
		"no expiry": func() error {
			_, err := mail.PasswordReset{OrgName: "A", Link: "https://x.test/r"}.Message("a@example.com")
			return err
		},
		"no org": func() error {
			_, err := mail.Invitation{Link: "https://x.test/a", ExpiresAt: expires}.Message("a@example.com")
			return err
		},
		"no new email": func() error {
			_, err := mail.EmailChanged{OrgName: "A", OldEmail: "a@example.com"}.Message("a@example.com")
			return err
		},
	}
	for name, render := range bad {
		if render() == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSubjectIsOneLine(t *testing.T) {
	m, err := mail.PasswordReset{OrgName: "Acme\r\nBcc: x@evil.test", Link: "https://x.test/r", ExpiresAt: expires}.Message("a@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if m.Subject != "Reset your Acme Bcc: x@evil.test password" {
		t.Errorf("Subject = %q", m.Subject)
	}
}
