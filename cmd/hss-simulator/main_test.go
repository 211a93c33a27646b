package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// -h exits 0 and documents the flags, every key of the seed file and a
// complete example, which is a valid seed.
func TestRun_Help(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-h"}, &out); err != nil {
		t.Fatalf("-h: %v", err)
	}
	for _, want := range []string{"Usage: hss-simulator", "-allow-network", "Seed file (-seed)", hsssim.SeedDoc(), seedExample} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("-h does not print %.80q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "internal/") {
		t.Error("-h sends users into internal/")
	}
	cfg, err := loadSeed([]byte(seedExample))
	if err != nil || !hasCredentials(cfg) || len(cfg.Tasks) == 0 || len(cfg.Users) == 0 || len(cfg.Projects) == 0 || len(cfg.Agencies) == 0 {
		t.Errorf("the example seed: %+v, %v", cfg, err)
	}
}

// Off loopback only when asked; a simulator without credentials says it
// will refuse every request.
func TestRun_ListenAndCredentials(t *testing.T) {
	err := run([]string{"-listen", "0.0.0.0:0", "-project-id", "p", "-token", "t"}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "-allow-network") {
		t.Errorf("a non-loopback -listen without -allow-network: %v", err)
	}
	if hasCredentials(hsssim.Config{ProjectID: "p"}) || !strings.Contains(noCredentials, "refuse every request") {
		t.Error("a simulator without credentials is not told apart")
	}
	if _, err := loadSeed([]byte(`{"project_id": "p", "tokenz": []}`)); err == nil {
		t.Error("a seed with an unknown key is accepted")
	}
}
