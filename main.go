// Command terraform-provider-hss serves the HSS provider to Terraform.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/go-plugin"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5"
	"github.com/hashicorp/terraform-plugin-go/tfprotov5/tf5server"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"google.golang.org/grpc"

	"github.com/hss-community/terraform-provider-hss/internal/provider"
	"github.com/hss-community/terraform-provider-hss/internal/serve"
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

	defer startProfiles()()

	// Served through provider.NewServer rather than providerserver.Serve:
	// it works around the framework keeping every request's context.
	if debug {
		if err := tf6server.Serve(address, provider.NewServer(provider.New(version)), tf6server.WithManagedDebug()); err != nil {
			log.Fatal(err.Error())
		}
		return
	}
	serveProtocols()
}

const address = "registry.terraform.io/hss-community/hss"

// serveProtocols offers plugin protocol 6, the provider, and protocol 5,
// which only says that this Terraform is too old (provider.TooOldTerraform),
// so that Terraform before 1.0 gets a reason rather than a failed
// handshake; serve.Serve answers go-plugin's mutual TLS cheaply.
func serveProtocols() {
	serve.Serve(&plugin.ServeConfig{
		HandshakeConfig: plugin.HandshakeConfig{
			ProtocolVersion: 6,
			// Terraform's, the same in every provider.
			MagicCookieKey:   "TF_PLUGIN_MAGIC_COOKIE",
			MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		},
		VersionedPlugins: map[int]plugin.PluginSet{
			5: {"provider": &tf5server.GRPCProviderPlugin{Name: address,
				GRPCProvider: func() tfprotov5.ProviderServer { return provider.TooOldTerraform{} }}},
			6: {"provider": &tf6server.GRPCProviderPlugin{Name: address, GRPCProvider: provider.NewServer(provider.New(version))}},
		},
		GRPCServer: func(opts []grpc.ServerOption) *grpc.Server {
			// terraform-plugin-go's limits, for large states and schemas.
			return grpc.NewServer(append(opts, grpc.MaxRecvMsgSize(256<<20), grpc.MaxSendMsgSize(256<<20))...)
		},
	})
}
