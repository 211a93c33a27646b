// Command hss-simulator serves the HSS simulator on a loopback port, for the
// demo, the benchmarks and trying the provider by hand.
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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "hss-simulator:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("hss-simulator", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address to listen on; port 0 picks a free one")
	addrFile := fs.String("addr-file", "", "write the base URL to this file once listening")
	seed := fs.String("seed", "", "JSON file with project_id, tokens, credentials and tasks (see internal/hsssim.Config)")
	projectID := fs.String("project-id", "", "project id (overrides the seed file)")
	token := fs.String("token", "", "accept this IAM token")
	accessKey := fs.String("access-key", "", "accept this access key (with -secret-key)")
	secretKey := fs.String("secret-key", "", "secret key of -access-key")
	f := faultFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}

	var cfg hsssim.Config
	if *seed != "" {
		raw, err := os.ReadFile(*seed)
		if err != nil {
			return err
		}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg); err != nil {
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
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("-listen %q: the simulator only listens on loopback", *listen)
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
	fmt.Printf("hss-simulator: serving project %s with %d task(s) on %s\n", cfg.ProjectID, len(cfg.Tasks), url)

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
