// Package e2e drives a real headless Chromium against a running Console.
//
// The tests need Chromium: CONSOLE_TEST_CHROMIUM names the binary, else
// /usr/bin/chromium or chromium, chromium-browser or google-chrome on PATH.
// Without one they are skipped, unless CONSOLE_TEST_REQUIRE lists "browser",
// as CI does: then they fail. When a test fails, a full-page screenshot and
// the page's HTML are written to e2e/screenshots/.
package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"console/internal/store/storetest"
)

const (
	// testTimeout bounds all the browser steps of one test.
	testTimeout = 60 * time.Second
	// closeTimeout bounds the screenshot and the browser shutdown at cleanup.
	closeTimeout = 10 * time.Second
	// screenshotDir is where failed tests leave their last page (gitignored).
	screenshotDir = "screenshots"
)

// NewBrowser starts a headless Chromium with a fresh profile for t and returns
// the context of its tab, which ends after a minute. Pass the context to
// chromedp.Do and chromedp.Run, or to Do and Run here. At cleanup a failed
// test saves a screenshot and the HTML of the page, then the browser closes.
func NewBrowser(t testing.TB) context.Context {
	t.Helper()
	bin := findChromium(t)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(bin, t.TempDir())...)
	browserCtx, cancelBrowser := chromedp.NewContext(allocCtx)
	// The first Do starts the browser and ties its life to browserCtx, which
	// has no deadline, so a timed-out test can still take its screenshot.
	if err := chromedp.Do(browserCtx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start %s: %v", bin, err)
	}
	consoleDone := forwardConsole(t, browserCtx)
	tabCtx, cancelTab := context.WithTimeout(browserCtx, testTimeout)
	t.Cleanup(func() {
		if t.Failed() {
			saveArtifacts(t, browserCtx)
		}
		cancelTab()
		closeBrowser(t, browserCtx)
		cancelBrowser()
		cancelAlloc() // waits for the browser process to exit
		<-consoleDone
	})
	return tabCtx
}

// allocatorOptions are the flags for a headless Chromium run as root in a
// container, with its profile in dir.
func allocatorOptions(bin, dir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1280, 900),
	)
}

// findChromium returns the browser binary, or skips or fails the test when
// there is none. A CONSOLE_TEST_CHROMIUM that names no program always fails.
func findChromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CONSOLE_TEST_CHROMIUM"); p != "" {
		bin, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("CONSOLE_TEST_CHROMIUM=%q: %v", p, err)
		}
		return bin
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if bin, err := exec.LookPath(name); err == nil {
			return bin
		}
	}
	const msg = "no Chromium found (set CONSOLE_TEST_CHROMIUM, or install Debian's chromium package: apt-get install chromium)"
	if storetest.Required("browser") {
		t.Fatal("CONSOLE_TEST_REQUIRE lists browser but " + msg)
	}
	t.Skip(msg)
	return ""
}

// forwardConsole logs the page's console errors, uncaught exceptions and
// failed loads until the browser closes; the returned channel closes when it
// stops. The 404 of the /favicon.ico that Chromium asks for on its own is left
// out.
func forwardConsole(t testing.TB, ctx context.Context) <-chan struct{} {
	done := make(chan struct{})
	messages := chromedp.Console(ctx)
	go func() {
		defer close(done)
		for m, err := range messages {
			if err != nil {
				return
			}
			if (m.Type == chromedp.ConsoleError || m.IsException()) && !strings.HasSuffix(m.URL, "/favicon.ico") {
				t.Logf("browser console: %s%s", m, where(m))
			}
		}
	}()
	return done
}

// where formats the place a console message came from, if known.
func where(m chromedp.ConsoleMessage) string {
	if m.URL == "" {
		return ""
	}
	return fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
}

// saveArtifacts writes the page's full-page screenshot and HTML to
// screenshots/<test name>.png and .html.
func saveArtifacts(t testing.TB, browserCtx context.Context) {
	ctx, cancel := context.WithTimeout(browserCtx, closeTimeout)
	defer cancel()
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	base := filepath.Join(screenshotDir, fileName(t.Name()))
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err != nil {
		t.Logf("screenshot: %v", err)
	} else if err := os.WriteFile(base+".png", png, 0o644); err != nil {
		t.Logf("screenshot: %v", err)
	} else {
		t.Logf("screenshot of the failed page: %s", absPath(base+".png"))
	}
	html, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
	if err == nil {
		err = os.WriteFile(base+".html", []byte(html), 0o644)
	}
	if err != nil {
		t.Logf("page HTML: %v", err)
	}
}

// closeBrowser closes the browser gracefully, waiting for it at most
// closeTimeout.
func closeBrowser(t testing.TB, browserCtx context.Context) {
	ctx, cancel := context.WithTimeout(browserCtx, closeTimeout)
	defer cancel()
	if err := chromedp.Cancel(ctx); err != nil && !errors.Is(err, context.Canceled) {
		t.Logf("close browser: %v", err)
	}
}

// fileName turns a test name such as TestX/sqlite into TestX_sqlite.
func fileName(testName string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>| `, r) {
			return '_'
		}
		return r
	}, testName)
}

func absPath(p string) string {
	if abs, err := filepath.Abs(p); err == nil {
		return abs
	}
	return p
}

// Do runs the steps in the tab of ctx and fails the test at the first error.
func Do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// Run runs one action that returns a value, failing the test on error.
func Run[T any](t testing.TB, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	return v
}

// ClickAndWait clicks the first element that sel finds and waits until the
// page it leads to has loaded, e.g. after a form submit or a link.
func ClickAndWait[S chromedp.Selectable](sel S, opts ...chromedp.QueryOption) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.Click(sel, opts...))(ctx, t)
		return err
	})
}

// Path returns the path of the page the tab of ctx shows, like "/users".
func Path(t testing.TB, ctx context.Context) string {
	t.Helper()
	loc := Run(t, ctx, chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}

// Screenshot saves the page at the given viewport width as
// screenshots/<test name>-<name>-<width>.png when CONSOLE_TEST_SCREENSHOTS
// is set, so that a person can look at a page in both layouts.
func Screenshot(t testing.TB, ctx context.Context, name string, width int64) {
	t.Helper()
	if os.Getenv("CONSOLE_TEST_SCREENSHOTS") == "" {
		return
	}
	Do(t, ctx, chromedp.EmulateViewport(width, 900))
	png := Run(t, ctx, chromedp.FullScreenshot(100)) // 100: PNG, not JPEG
	if err := os.MkdirAll(screenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(screenshotDir, fmt.Sprintf("%s-%s-%d.png", fileName(t.Name()), name, width))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", absPath(file))
}
