package serve

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	hssprovider "github.com/hss-community/terraform-provider-hss/internal/provider"
	"github.com/hss-community/terraform-provider-hss/internal/workaround"
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
	// Finalizers run on their own goroutine, late on a loaded machine: wait
	// for them (a condition), up to a bound that only a kept context reaches.
	for i := 0; i < 300 && freed.Load() < int64(n); i++ {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	return freed.Load()
}

// The framework keeps every RPC's context until StopProvider
// (upstream/terraform-plugin-framework-context-leak.md); served through
// NewServer it keeps none of them.
func TestServer_KeepsNoRequestContext(t *testing.T) {
	t.Setenv(workaround.NoWorkaroundsVar, "") // what it tests is the workaround
	const n = 50
	p := hssprovider.New("test")
	t.Run("the framework alone keeps them (the upstream bug; when this fails, it is fixed)", func(t *testing.T) {
		server := providerserver.NewProtocol6(p())()
		if freed := freedAfter(t, server, n); freed > n/10 {
			t.Errorf("%d of %d request contexts were freed: the framework no longer keeps them, and NewServer's workaround may go", freed, n)
		}
		runtime.KeepAlive(server)
	})
	t.Run("through NewServer none is kept", func(t *testing.T) {
		server := NewServer(p)()
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

// What the framework keeps of each released context is swept away: the
// heap after 20,000 RPCs is no larger than after the first few hundred.
func TestServer_MemoryStaysFlat(t *testing.T) {
	t.Setenv(workaround.NoWorkaroundsVar, "") // what it tests is the workaround
	server := NewServer(hssprovider.New("test"))()
	rpcs := func(n int) {
		for range n {
			if _, err := server.GetMetadata(context.Background(), &tfprotov6.GetMetadataRequest{}); err != nil {
				t.Fatal(err)
			}
		}
	}
	heap := func() int64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return int64(m.HeapAlloc)
	}
	rpcs(2 * sweepEvery)
	before := heap()
	const n = 20000
	rpcs(n)
	// Kept, a context costs some 600 bytes: 12 MB for n.
	if grown := heap() - before; grown > n*25 {
		t.Errorf("the heap grew by %d bytes over %d RPCs (%d per RPC): the framework keeps what each leaves", grown, n, grown/n)
	}
	// The sweeps are StopProviders: the framework must go on serving.
	schemas, err := server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatalf("after %d sweeps: %v", n/sweepEvery, err)
	}
	if len(schemas.Diagnostics) > 0 || schemas.DataSourceSchemas["hss_export_task"] == nil {
		t.Errorf("after %d sweeps the framework answers %v", n/sweepEvery, schemas.Diagnostics)
	}
	runtime.KeepAlive(server)
}

// stopCounter is a provider server whose GetMetadata waits for leave to
// close (when block is set), and which counts StopProvider calls.
type stopCounter struct {
	tfprotov6.ProviderServer
	block   bool
	entered chan struct{}
	leave   chan struct{}
	stops   atomic.Int64
}

func (s *stopCounter) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	if s.block {
		close(s.entered)
		<-s.leave
	}
	return &tfprotov6.GetMetadataResponse{}, nil
}

func (s *stopCounter) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return &tfprotov6.GetProviderSchemaResponse{}, nil
}

func (s *stopCounter) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.stops.Add(1)
	return &tfprotov6.StopProviderResponse{}, nil
}

// A sweep cancels what the framework kept, so it never runs while an RPC
// does: an RPC in flight would see its context cancelled.
func TestServer_SweepsOnlyWhenNoRPCRuns(t *testing.T) {
	inner := &stopCounter{block: true, entered: make(chan struct{}), leave: make(chan struct{})}
	server := &providerServer{ProviderServer: inner}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = server.GetMetadata(context.Background(), &tfprotov6.GetMetadataRequest{})
	}()
	<-inner.entered
	for range 3 * sweepEvery {
		_, _ = server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	}
	if n := inner.stops.Load(); n != 0 {
		t.Fatalf("%d sweeps ran while an RPC was running", n)
	}
	close(inner.leave)
	<-done
	if n := inner.stops.Load(); n != 1 {
		t.Fatalf("%d sweeps once the last RPC returned, want 1", n)
	}
	for range sweepEvery - 1 {
		_, _ = server.GetProviderSchema(context.Background(), &tfprotov6.GetProviderSchemaRequest{})
	}
	if n := inner.stops.Load(); n != 1 {
		t.Errorf("%d sweeps before another %d RPCs returned, want 1", n, sweepEvery)
	}
}

// Every method of the protocol goes through the wrapper, so that a sweep
// never runs beside one it does not see: the interface is enumerated by
// reflection and held against the methods server.go declares (promoted
// ones, from the embedded framework server, do not count). A
// terraform-plugin-go upgrade that adds a method fails here until the
// method is wrapped.
func TestServer_WrapsEveryMethod(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "server.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[string]bool{}
	for _, d := range file.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
			continue
		}
		if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && id.Name == "providerServer" {
				declared[fn.Name.Name] = true
			}
		}
	}
	iface := reflect.TypeFor[tfprotov6.ProviderServer]()
	for i := range iface.NumMethod() {
		if name := iface.Method(i).Name; !declared[name] {
			t.Errorf("providerServer does not wrap %s: it would pass through unseen by the sweep", name)
		}
	}
}

// With the workarounds off, NewServer is the framework's server as is.
func TestServer_WorkaroundsOff(t *testing.T) {
	t.Setenv(workaround.NoWorkaroundsVar, "1")
	if _, wrapped := NewServer(hssprovider.New("test"))().(*providerServer); wrapped {
		t.Errorf("%s is set, and the framework's server is still wrapped", workaround.NoWorkaroundsVar)
	}
}
