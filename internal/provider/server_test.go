package provider

import (
	"context"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type payloadKey struct{}

// freedAfter sends n GetMetadata RPCs to server, each with a context
// holding a payload, and counts the payloads the garbage collector frees
// once the RPCs have returned: what the server still holds is not freed.
func freedAfter(t *testing.T, server tfprotov6.ProviderServer, n int) int64 {
	t.Helper()
	var freed atomic.Int64
	for range n {
		payload := new([64 << 10]byte)
		runtime.SetFinalizer(payload, func(*[64 << 10]byte) { freed.Add(1) })
		ctx, cancel := context.WithCancel(context.WithValue(context.Background(), payloadKey{}, payload))
		if _, err := server.GetMetadata(ctx, &tfprotov6.GetMetadataRequest{}); err != nil {
			t.Fatal(err)
		}
		cancel() // as gRPC does once the RPC is answered
	}
	for i := 0; i < 20 && freed.Load() < int64(n); i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return freed.Load()
}

// The framework keeps every RPC's context until StopProvider
// (upstream/terraform-plugin-framework-context-leak.md); served through
// NewServer it keeps none of them.
func TestServer_KeepsNoRequestContext(t *testing.T) {
	const n = 50
	p := func() *HSSProvider { return &HSSProvider{version: "test", getenv: func(string) string { return "" }} }
	t.Run("the framework alone keeps them (the upstream bug; when this fails, it is fixed)", func(t *testing.T) {
		server := providerserver.NewProtocol6(p())()
		if freed := freedAfter(t, server, n); freed > n/10 {
			t.Errorf("%d of %d request contexts were freed: the framework no longer keeps them, and NewServer's workaround may go", freed, n)
		}
		runtime.KeepAlive(server)
	})
	t.Run("through NewServer none is kept", func(t *testing.T) {
		server := NewServer(func() provider.Provider { return p() })()
		if freed := freedAfter(t, server, n); freed < n {
			t.Errorf("only %d of %d request contexts were freed", freed, n)
		}
		runtime.KeepAlive(server)
	})
	t.Run("cancellation still reaches the framework during an RPC", func(t *testing.T) {
		parent, cancel := context.WithCancel(context.Background())
		d := detach(parent)
		child, stop := context.WithCancel(d)
		defer stop()
		cancel()
		select {
		case <-child.Done():
		case <-time.After(5 * time.Second):
			t.Fatal("cancelling the request did not reach a context derived from the detached one")
		}
		if d.Err() != context.Canceled || d.Value(payloadKey{}) != nil {
			t.Errorf("err %v", d.Err())
		}
		d.release()
	})
	t.Run("the deadline and values pass through while attached", func(t *testing.T) {
		deadline := time.Now().Add(time.Hour)
		parent, cancel := context.WithDeadline(context.WithValue(context.Background(), payloadKey{}, "v"), deadline)
		defer cancel()
		d := detach(parent)
		if got, ok := d.Deadline(); !ok || !got.Equal(deadline) || d.Value(payloadKey{}) != "v" {
			t.Errorf("deadline %v %v, value %v", got, ok, d.Value(payloadKey{}))
		}
		d.release()
		if d.Value(payloadKey{}) != nil {
			t.Error("a released context still reaches its parent's values")
		}
	})
}
