package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"console/internal/config"
)

// options are the flags of `console-bench run`.
type options struct {
	url, org, email, password string
	signinPassword            string
	conns                     int
	duration, warmup          time.Duration
	rates                     rates
	scenarios                 []string
	jsonFile                  string
	deepPages, signinUsers    int
	mix                       weights
	floorURL                  string
	hashTime, timeout         time.Duration
	inviteDomain              string
}

func parseRunFlags(args []string, getenv func(string) string, stdout io.Writer) (*options, error) {
	o := &options{rates: rates{}, mix: weights{}}
	var scenarios, rate, mix string
	fs := flag.NewFlagSet("console-bench run", flag.ContinueOnError)
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "the Console to load (http:// only)")
	fs.StringVar(&o.org, "org", "", "company slug of the organization (required)")
	fs.StringVar(&o.email, "email", "", "email of an administrator of it (required)")
	fs.StringVar(&o.password, "password", "", "that administrator's password (required; or CONSOLE_PASSWORD)")
	fs.StringVar(&o.signinPassword, "signin-password", "", "the password of the Active users the signin scenario signs in as (the seeder gives them all one)")
	fs.IntVar(&o.conns, "c", 8, "concurrent keep-alive connections")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "how long each scenario is measured")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "how long each scenario runs before it is measured")
	fs.StringVar(&rate, "rate", "", "pace to this many requests per second over all connections, latency from the due time: N for every scenario, name=N for one (\"500,signin=20\"); none: as fast as answered")
	fs.StringVar(&scenarios, "scenarios", "reads", "comma-separated scenarios, or reads, writes, all (signin joins reads when --signin-password is set)")
	fs.StringVar(&o.jsonFile, "json", "", "also write the results as JSON to this file")
	fs.IntVar(&o.deepPages, "deep-pages", 200, "users-deep: follow next_cursor this many pages of 50, then load the deeper half")
	fs.IntVar(&o.signinUsers, "signin-users", 64, "signin: how many Active users to sign in as, in turn")
	fs.StringVar(&mix, "mix", "", "mixed: weights of its kinds of request, changing those of "+defaultMix)
	fs.StringVar(&o.floorURL, "floor-url", "", "load this do-nothing server (console-load -serve) as the floor instead of one started in this process")
	fs.DurationVar(&o.hashTime, "hash-time", 3*time.Second, "how long to measure the raw hash rate (0: not at all)")
	fs.DurationVar(&o.timeout, "timeout", 30*time.Second, "give up on an answer after this long (counted as status 0)")
	fs.StringVar(&o.inviteDomain, "invite-domain", "bench.invalid", "invite: the domain of the fresh addresses invited")
	if err := config.Parse(fs, args, getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fmt.Fprintln(stdout, "Usage: console-bench run --url URL --org SLUG --email ADMIN --password PASS [flags]")
			fs.PrintDefaults()
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%w: unexpected %q", errUsage, fs.Arg(0))
	}
	if err := o.parse(scenarios, rate, mix); err != nil {
		return nil, fmt.Errorf("%w: %v", errUsage, err)
	}
	return o, nil
}

func (o *options) parse(scenarios, rate, mix string) error {
	switch {
	case o.org == "" || o.email == "" || o.password == "":
		return fmt.Errorf("--org, --email and --password (or CONSOLE_PASSWORD) are required")
	case o.conns < 1 || o.duration <= 0 || o.warmup < 0 || o.timeout <= 0:
		return fmt.Errorf("-c, -d and --timeout must be positive")
	case o.deepPages < 2 || o.signinUsers < 1:
		return fmt.Errorf("--deep-pages must be at least 2, --signin-users at least 1")
	}
	var err error
	if o.scenarios, err = selectScenarios(scenarios, o.signinPassword != ""); err != nil {
		return err
	}
	if err := o.rates.parse(rate); err != nil {
		return fmt.Errorf("--rate: %v", err)
	}
	if err := o.mix.parse(defaultMix + "," + mix); err != nil {
		return fmt.Errorf("--mix: %v", err)
	}
	if o.signinPassword == "" && (slices.Contains(o.scenarios, "signin") || slices.Contains(o.scenarios, "mixed") && o.mix["signin"] > 0) {
		return fmt.Errorf("signin needs --signin-password (or CONSOLE_SIGNIN_PASSWORD); or run mixed without sign-ins: --mix signin=0")
	}
	return nil
}

// selectScenarios reads --scenarios: names, or the groups reads, writes
// and all, in the order given.
func selectScenarios(list string, signin bool) ([]string, error) {
	var out []string
	for _, name := range strings.Split(list, ",") {
		switch name = strings.TrimSpace(name); name {
		case "":
		case "reads":
			out = append(out, readScenarios...)
			if signin {
				out = append(out, "signin")
			}
		case "writes":
			out = append(out, writeScenarios...)
		case "all":
			out = append(append(append(out, readScenarios...), "signin"), writeScenarios...)
		default:
			if !slices.Contains(allScenarios(), name) {
				return nil, fmt.Errorf("--scenarios: no scenario %q; there are %s", name, strings.Join(allScenarios(), ", "))
			}
			out = append(out, name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--scenarios: none given")
	}
	return unique(out), nil
}

// unique is names without repeats, in the order first given.
func unique(names []string) []string {
	var out []string
	for _, n := range names {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// rates are --rate: a rate for every scenario ("" key), and for some.
type rates map[string]float64

func (r rates) parse(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, named := strings.Cut(item, "=")
		if !named {
			name, value = "", item
		} else if !slices.Contains(allScenarios(), name) && name != "floor" {
			return fmt.Errorf("no scenario %q", name)
		}
		v, err := strconv.ParseFloat(value, 64)
		if err != nil || v <= 0 {
			return fmt.Errorf("%q: want a positive number of requests per second", item)
		}
		r[name] = v
	}
	return nil
}

// of is the rate of scenario name, 0 when not paced.
func (r rates) of(name string) float64 {
	if v, ok := r[name]; ok {
		return v
	}
	return r[""]
}

// defaultMix is the mixed scenario's weights unless --mix changes them:
// mostly list pages, some edits, a few sign-ins and invitations.
const defaultMix = "read=16,signin=1,invite=1,edit=2"

// weights are --mix: how many of each kind of request, in proportion.
type weights map[string]int

func (w weights) parse(s string) error {
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item == "" {
			continue
		}
		name, value, _ := strings.Cut(item, "=")
		n, err := strconv.Atoi(value)
		if !slices.Contains(mixKinds, name) || err != nil || n < 0 {
			return fmt.Errorf("%q: want kind=N, a kind among %s", item, strings.Join(mixKinds, ", "))
		}
		w[name] = n
	}
	total := 0
	for _, n := range w {
		total += n
	}
	if total == 0 {
		return fmt.Errorf("every weight is 0")
	}
	return nil
}
