package provider

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
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
		_ = tf6server.Serve("registry.terraform.io/hss-community/hss", providerserver.NewProtocol6(p),
			tf6server.WithDebug(ctx, reattach, closed), tf6server.WithLoggingSink(t))
	}()
	t.Cleanup(func() { cancel(); <-closed })

	rc := <-reattach
	providers, err := json.Marshal(map[string]any{
		"registry.terraform.io/hss-community/hss": map[string]any{
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
