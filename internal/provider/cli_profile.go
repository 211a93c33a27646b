package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// sharedConfig is the Huawei Cloud CLI's (KooCLI) configuration file,
// ~/.hcloud/config.json: named profiles and the one currently in use.
type sharedConfig struct {
	Current  string          `json:"current"`
	Profiles []sharedProfile `json:"profiles"`
}

// sharedProfile holds the fields of a CLI profile the provider uses.
type sharedProfile struct {
	Name            string `json:"name"`
	Mode            string `json:"mode"`
	AccessKeyID     string `json:"accessKeyId"`
	SecretAccessKey string `json:"secretAccessKey"`
	SecurityToken   string `json:"securityToken"`
	Region          string `json:"region"`
	ProjectID       string `json:"projectId"`
}

// defaultSharedConfigFile is where the CLI keeps its configuration.
func defaultSharedConfigFile() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".hcloud", "config.json")
	}
	return filepath.Join(home, ".hcloud", "config.json")
}

// loadProfile reads profile name from file; an empty name means the
// file's current profile.
func loadProfile(file, name string) (sharedProfile, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return sharedProfile{}, fmt.Errorf("cannot read the shared config file: %w", err)
	}
	var cfg sharedConfig
	if err := json.Unmarshal(raw, &cfg); err != nil {
		return sharedProfile{}, fmt.Errorf("the shared config file %s is not the Huawei Cloud CLI's JSON: %w", file, err)
	}
	if name == "" {
		name = cfg.Current
	}
	if name == "" {
		return sharedProfile{}, fmt.Errorf("%s names no current profile; set profile (or %s)", file, envOf("profile"))
	}
	var names []string
	for _, p := range cfg.Profiles {
		if p.Name == name {
			if p.Mode != "" && p.Mode != "AKSK" {
				return sharedProfile{}, fmt.Errorf("profile %q in %s uses mode %q; the provider reads AKSK profiles", name, file, p.Mode)
			}
			return p, nil
		}
		names = append(names, p.Name)
	}
	if len(names) == 0 {
		return sharedProfile{}, fmt.Errorf("%s has no profiles", file)
	}
	return sharedProfile{}, fmt.Errorf("%s has no profile %q (it has %q)", file, name, names)
}
