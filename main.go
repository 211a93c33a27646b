// Command terraform-provider-hss serves the HSS provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hss-community/terraform-provider-hss/internal/provider"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for delve and TF_REATTACH_PROVIDERS")
	flag.Parse()
	provider.QuietUnlessLogging()

	defer startProfiles()()

	// Served through provider.NewServer rather than providerserver.Serve:
	// it works around the framework keeping every request's context.
	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	if err := tf6server.Serve("registry.terraform.io/hss-community/hss", provider.NewServer(provider.New(version)), opts...); err != nil {
		log.Fatal(err.Error())
	}
}
