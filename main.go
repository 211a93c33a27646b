// Command terraform-provider-hss serves the HSS provider to Terraform.
package main

import (
	"flag"
	"log"
	"time"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"

	"github.com/hss-community/terraform-provider-hss/internal/provider"
	"github.com/hss-community/terraform-provider-hss/internal/serve"
	"github.com/hss-community/terraform-provider-hss/internal/workaround"
	// Its init builds, in the background, the curve tables that checking
	// Terraform's handshake signature needs.
	_ "github.com/hss-community/terraform-provider-hss/internal/serve/prewarm"
)

// version is set at release time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "start the provider in debug mode, for delve and TF_REATTACH_PROVIDERS")
	flag.Parse()
	provider.QuietUnlessLogging()
	tuneGC()

	defer startProfiles()()
	if !debug {
		serve.ExitWithParent(3 * time.Second)
	}

	server := serve.NewServer(provider.New(version))
	var err error
	switch {
	case debug:
		err = tf6server.Serve(address, server, tf6server.WithManagedDebug())
	case !workaround.On(workaround.Handshake):
		// As every reference provider is served.
		err = tf6server.Serve(address, server)
	default:
		// The same, with a P-256 handshake certificate (internal/serve).
		serve.Serve(&plugin.ServeConfig{
			HandshakeConfig: plugin.HandshakeConfig{
				ProtocolVersion: 6,
				// Terraform's, the same in every provider.
				MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
				MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
			},
			Plugins: plugin.PluginSet{"provider": &tf6server.GRPCProviderPlugin{Name: address, GRPCProvider: server}},
			GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
				// terraform-plugin-go's limits, for large states and schemas.
				return grpc.NewServer(append(opts, grpc.MaxRecvMsgSize(256<<20), grpc.MaxSendMsgSize(256<<20))...)
			},
		})
	}
	if err != nil {
		log.Fatal(err.Error())
	}
}

const address = "registry.terraform.io/hss-community/hss"
