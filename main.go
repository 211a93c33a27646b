// Command terraform-provider-hss serves the HSS provider to Terraform.
package main

import (
	"flag"
	"log"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/hss-community/terraform-provider-hss/internal/provider"
	"github.com/hss-community/terraform-provider-hss/internal/serve"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for delve and TF_REATTACH_PROVIDERS")
	flag.Parse()

	defer startProfiles()()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		serve.ExitWithParent(3 * time.Second)
	}
	if err := tf6server.Serve(address, serve.NewServer(provider.New(version)), opts...); err != nil {
		log.Fatal(err.Error())
	}
}

const address = "registry.terraform.io/hss-community/hss"
