package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/hashicorp/go-plugin"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"

	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

// rawProvider is the client half of a provider plugin: the bare gRPC
// connection, to call methods by name.
type rawProvider struct{ plugin.Plugin }

func (rawProvider) GRPCServer(*plugin.GRPCBroker, *grpc.Server) error { return nil }

func (rawProvider) GRPCClient(_ context.Context, _ *plugin.GRPCBroker, conn *grpc.ClientConn) (any, error) {
	return conn, nil
}

// schemaAs starts the built provider as a Terraform that speaks only
// protocol version would, asks for the provider's schema with method, and
// returns the answer's bytes (unparsed: the protocol's messages are
// terraform-plugin-go's own). With mutualTLS, the client asks for
// go-plugin's automatic mutual TLS, as Terraform and OpenTofu do.
func schemaAs(t *testing.T, version int, method string, mutualTLS bool, env ...string) string {
	t.Helper()
	cmd := exec.Command(filepath.Join(providerBinary(t), "terraform-provider-hss"))
	cmd.Env = append(os.Environ(), env...)
	client := plugin.NewClient(&plugin.ClientConfig{
		HandshakeConfig: plugin.HandshakeConfig{MagicCookieKey: "TF_PLUGIN_MAGIC_COOKIE",
			MagicCookieValue: "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"},
		VersionedPlugins: map[int]plugin.PluginSet{version: {"provider": rawProvider{}}},
		Cmd:              cmd,
		AllowedProtocols: []plugin.Protocol{plugin.ProtocolGRPC},
		AutoMTLS:         mutualTLS,
	})
	t.Cleanup(client.Kill)
	rpc, err := client.Client()
	if err != nil {
		t.Fatal(err)
	}
	if got := client.NegotiatedVersion(); got != version {
		t.Fatalf("negotiated protocol %d, want %d", got, version)
	}
	raw, err := rpc.Dispense("provider")
	if err != nil {
		t.Fatal(err)
	}
	conn, _ := raw.(*grpc.ClientConn)
	var answer emptypb.Empty // keeps every field as unknown bytes
	if err := conn.Invoke(context.Background(), method, &emptypb.Empty{}, &answer); err != nil {
		t.Fatal(err)
	}
	return string(answer.ProtoReflect().GetUnknown())
}

// The built binary serves protocol 6 to a go-plugin client as Terraform
// is one, with and without mutual TLS, with the workarounds on and off.
// (Protocol 5 is not offered: the registry manifest already keeps a
// Terraform before 1.0, which speaks only it, from installing the
// provider.)
func TestProtocol_ServesProtocol6(t *testing.T) {
	t.Parallel()
	for _, mutualTLS := range []bool{false, true} {
		for _, env := range [][]string{nil, {workaround.NoWorkaroundsVar + "=1"}} {
			t.Run(fmt.Sprintf("mutual TLS %v, environment %v", mutualTLS, env), func(t *testing.T) {
				t.Parallel()
				got := schemaAs(t, 6, "/tfplugin6.Provider/GetProviderSchema", mutualTLS, env...)
				if !strings.Contains(got, "hss_export_file") {
					t.Errorf("the protocol 6 schema answer is not the provider's: %.300q", got)
				}
			})
		}
	}
}

// A provider whose Terraform is killed with SIGKILL exits by itself: its
// parent here is a shell that is killed so, and the provider, re-parented,
// must be gone soon after (it polls its parent every 3 s; the bound below
// only ends a test that would otherwise wait forever).
func TestProtocol_OrphanedProviderExits(t *testing.T) {
	t.Parallel()
	bin := filepath.Join(providerBinary(t), "terraform-provider-hss")
	handshake := filepath.Join(t.TempDir(), "handshake")
	parent := exec.Command("sh", "-c", `"$0" >"$1" 2>/dev/null & echo $!; wait`, bin, handshake)
	parent.Env = append(os.Environ(), "TF_PLUGIN_MAGIC_COOKIE=d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2",
		"PLUGIN_PROTOCOL_VERSIONS=6")
	out, err := parent.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	if _, err := fmt.Fscan(out, &pid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Kill(pid, syscall.SIGKILL) })
	alive := func() bool {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return false
		}
		_, rest, _ := strings.Cut(string(b), ") ")
		return !strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "X")
	}
	if !alive() {
		t.Skip("no /proc here to watch the provider with")
	}
	// Killed once it serves (its handshake line written), as Terraform
	// would be: a parent gone before the provider starts leaves it init's
	// child from the start, which is also how a provider run by init looks.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if b, _ := os.ReadFile(handshake); strings.Contains(string(b), "|grpc|") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the provider did not print its handshake within a minute")
		}
	}
	if err := parent.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = parent.Wait()
	for deadline := time.Now().Add(time.Minute); alive(); {
		if time.Now().After(deadline) {
			t.Fatal("the provider outlived its killed parent by a minute")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
