// Command hss-simulator serves the HSS simulator on a loopback port, for the
// demo, the benchmarks, trying the provider by hand and users' own CI (as a
// service container, with -allow-network).
//
//	hss-simulator -listen 127.0.0.1:0 -addr-file sim.addr -seed seed.json
//
// It prints the base URL it listens on (and writes it to -addr-file), then
// serves until interrupted. Its fault flags (see -h) rehearse what HSS and
// the network do to a configuration: throttling with Retry-After, 5xx
// answers, slow and failing exports, downloads cut, slow, not a zip or a
// zip bomb, IAM tokens that expire.
package main

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hss-simulator:", err)
		os.Exit(1)
	}
}

const usage = `Usage: hss-simulator [flags]

Serves an offline HSS simulator (the HSS export, task status and download
APIs, and the IAM endpoints the provider uses) until interrupted. It prints
the base URL it listens on: set the provider's endpoint (and auth_url, +"/v3")
to it. Every request is checked as HSS checks it: the project, the token or
the SDK-HMAC-SHA256 signature.

Flags:
`

const seedUsage = `
Seed file (-seed), JSON; every key but project_id is optional:
%s
A complete example (seed.example.json, which the release archive carries):

%s

`

//go:embed seed.example.json
var seedExample string

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("hss-simulator", flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		_, _ = fmt.Fprint(stdout, usage)
		fs.PrintDefaults()
		_, _ = fmt.Fprintf(stdout, seedUsage, hsssim.SeedDoc(), seedExample)
	}
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on, loopback unless -allow-network; port 0 picks a free one")
	allowNetwork := fs.Bool("allow-network", false, "allow -listen on an address other machines reach (a CI service container): "+
		"the simulator then accepts its seeded credentials from the network")
	addrFile := fs.String("addr-file", "", "write the base URL to this file once listening")
	seed := fs.String("seed", "", "JSON file seeding the simulator: project, credentials, users, tasks (see below)")
	projectID := fs.String("project-id", "", "project id (overrides the seed file)")
	token := fs.String("token", "", "accept this IAM token")
	accessKey := fs.String("access-key", "", "accept this access key (with -secret-key)")
	secretKey := fs.String("secret-key", "", "secret key of -access-key")
	f := faultFlags(fs)
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return nil
	} else if err != nil {
		return err
	}

	var cfg hsssim.Config
	if *seed != "" {
		raw, err := os.ReadFile(*seed)
		if err != nil {
			return err
		}
		if cfg, err = loadSeed(raw); err != nil {
			return fmt.Errorf("seed %s: %w", *seed, err)
		}
	}
	if *projectID != "" {
		cfg.ProjectID = *projectID
	}
	if *token != "" {
		cfg.Tokens = append(cfg.Tokens, *token)
	}
	if (*accessKey == "") != (*secretKey == "") {
		return errors.New("-access-key and -secret-key go together")
	}
	if *accessKey != "" {
		cfg.Credentials = append(cfg.Credentials, hsssim.Credential{AccessKey: *accessKey, SecretKey: *secretKey})
	}
	if cfg.ProjectID == "" {
		return errors.New("no project id: pass -project-id or a seed file with project_id")
	}
	faults, err := f.apply(&cfg)
	if err != nil {
		return err
	}

	host, _, err := net.SplitHostPort(*listen)
	if err != nil {
		return fmt.Errorf("-listen %q: %w", *listen, err)
	}
	loopback := host == "localhost"
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		loopback = true
	}
	if !loopback && !*allowNetwork {
		return fmt.Errorf("-listen %q is not a loopback address: add -allow-network to serve other machines (a CI service container)", *listen)
	}
	if !hasCredentials(cfg) {
		_, _ = fmt.Fprintln(stdout, noCredentials)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String()
	if *addrFile != "" {
		// Written whole and renamed, so a script polling for it never reads half.
		tmp := *addrFile + ".tmp"
		if err := os.WriteFile(tmp, []byte(url+"\n"), 0o600); err != nil {
			return err
		}
		if err := os.Rename(tmp, *addrFile); err != nil {
			return err
		}
	}
	_, _ = fmt.Fprintf(stdout, "hss-simulator: serving project %s with %d task(s) on %s\n", cfg.ProjectID, len(cfg.Tasks), url)
	if !loopback {
		_, _ = fmt.Fprintf(stdout, offLoopback+"\n", ln.Addr())
	}

	sim := hsssim.New(cfg)
	faults(sim)
	srv := &http.Server{Handler: sim, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// loadSeed reads a seed file, refusing a key the simulator does not know.
func loadSeed(raw []byte) (hsssim.Config, error) {
	var cfg hsssim.Config
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return cfg, dec.Decode(&cfg)
}

// hasCredentials says whether any request can be accepted.
func hasCredentials(cfg hsssim.Config) bool {
	return len(cfg.Tokens) > 0 || len(cfg.Credentials) > 0 || len(cfg.Users) > 0
}

const (
	noCredentials = "hss-simulator: no credentials (no -token, no -access-key, and no tokens, credentials or users " +
		"in a seed file): it will refuse every request"
	offLoopback = "hss-simulator: listening on %s, off this machine: it accepts its seeded credentials (tokens, keys, " +
		"passwords) from anyone who reaches it; serve only a network of your own"
)
