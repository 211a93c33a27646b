package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hss-community/terraform-provider-hss/internal/serve"
)

// terraformPath is the CLI the tests drive: TF_ACC_TERRAFORM_PATH (which
// make test sets), else terraform on PATH.
func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Skip("no terraform on PATH and TF_ACC_TERRAFORM_PATH unset; run make test")
	}
	return p
}

// providerAddress is the provider's full address for the CLI under test:
// registry.opentofu.org/… under OpenTofu (TF_ACC_PROVIDER_HOST, which
// terraform-plugin-testing reads too).
func providerAddress() string {
	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	return host + "/hss-community/hss"
}

// terraformCommand prepares a terraform command in a fresh directory
// holding config, talking to p served in-process through
// TF_REATTACH_PROVIDERS. Unlike resource.UnitTest it hands back the
// process, so a test can signal it or read its log.
func terraformCommand(t *testing.T, p *HSSProvider, config string, args ...string) *exec.Cmd {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	reattach := make(chan *plugin.ReattachConfig, 1)
	closed := make(chan struct{})
	go func() {
		_ = tf6server.Serve(providerAddress(), serve.NewServer(func() provider.Provider { fresh := *p; return &fresh }),
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithLoggingSink(t))
	}()
	t.Cleanup(func() { cancel(); <-closed })

	rc := <-reattach
	providers, err := json.Marshal(map[string]any{
		providerAddress(): map[string]any{
			"Protocol": rc.Protocol, "ProtocolVersion": rc.ProtocolVersion, "Pid": rc.Pid, "Test": true,
			"Addr": map[string]string{"Network": rc.Addr.Network(), "String": rc.Addr.String()},
		},
	})
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	full := `terraform {
  required_providers {
    hss = { source = "hss-community/hss" }
  }
}
` + config
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(terraformPath(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TF_REATTACH_PROVIDERS="+string(providers), "TF_IN_AUTOMATION=1")
	return cmd
}

var (
	buildOnce sync.Once
	binDir    string
	buildErr  error
)

// providerBinary builds terraform-provider-hss once per test run, for tests
// that must see the provider as users run it: its own process, its own
// environment (SSL_CERT_FILE), its log lines in TF_LOG_PATH.
func providerBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binDir = filepath.Join(testRoot, "bin")
		cmd := exec.Command("go", "build", "-o", filepath.Join(binDir, "terraform-provider-hss"), "../..")
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binDir
}

// binaryRun is one terraform command against the built provider, in its
// own directory, with TF_LOG=TRACE written to log.
type binaryRun struct {
	dir, log string
	cmdPath  string
	env      []string
	out      []byte
	err      error
}

// again runs terraform args in the same directory and environment.
func (r binaryRun) again(args ...string) binaryRun {
	cmd := exec.Command(r.cmdPath, args...)
	cmd.Dir, cmd.Env = r.dir, r.env
	r.out, r.err = cmd.CombinedOutput()
	return r
}

// runWithBinary runs terraform args in a fresh directory holding config,
// with the provider binary installed through dev_overrides and env added
// to a clean environment (no HW_* from the user).
func runWithBinary(t *testing.T, config string, env []string, args ...string) binaryRun {
	t.Helper()
	bin := providerBinary(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, ".terraformrc")
	rcText := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    \"hss-community/hss\" = %q\n  }\n  direct {}\n}\n", bin)
	full := "terraform {\n  required_providers {\n    hss = { source = \"hss-community/hss\" }\n  }\n}\n" + config
	if err := os.WriteFile(rc, []byte(rcText), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(full), 0o600); err != nil {
		t.Fatal(err)
	}
	r := binaryRun{dir: dir, log: filepath.Join(dir, "trace.log")}
	cmd := exec.Command(terraformPath(t), args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HW_") && !strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "SSL_CERT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "TF_CLI_CONFIG_FILE="+rc, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1",
		"TF_LOG=TRACE", "TF_LOG_PATH="+r.log)
	cmd.Env = append(cmd.Env, env...)
	r.env, r.cmdPath = cmd.Env, cmd.Path
	r.out, r.err = cmd.CombinedOutput()
	return r
}

func (r binaryRun) file(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(r.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// expectNoSecrets fails if the run's TRACE log, state or output contains
// any of secrets, or any signature or security token the simulator saw.
// The log must hold the provider's request lines, so that an empty log
// cannot pass.
func (r binaryRun) expectNoSecrets(t *testing.T, f *fixture, secrets ...string) {
	t.Helper()
	log := r.file(t, "trace.log")
	if !strings.Contains(log, "HSS response") {
		t.Fatalf("the trace log lacks the provider's request lines; is TRACE on?\n%.2000s", log)
	}
	for _, req := range f.sim.Requests() {
		if a := req.Header.Get("Authorization"); a != "" {
			secrets = append(secrets, a[strings.LastIndex(a, "=")+1:])
		}
		if st := req.Header.Get("X-Security-Token"); st != "" {
			secrets = append(secrets, st)
		}
	}
	state, _ := os.ReadFile(filepath.Join(r.dir, "terraform.tfstate"))
	for _, s := range secrets {
		for where, text := range map[string]string{"TRACE log": log, "state": string(state), "output": string(r.out)} {
			if strings.Contains(text, s) {
				t.Errorf("the %s contains the secret %q", where, s)
			}
		}
	}
}

// applyReads applies config and fails unless it read the fixture's task.
func applyReads(t *testing.T, config string, env []string, args ...string) binaryRun {
	t.Helper()
	r := runWithBinary(t, config, env, append([]string{"apply", "-auto-approve", "-input=false", "-no-color"}, args...)...)
	if r.err != nil || !strings.Contains(string(r.out), "hss-vul-vul-en.zip") {
		t.Fatalf("apply: %v\n%s", r.err, r.out)
	}
	return r
}
