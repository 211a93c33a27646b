package serve

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

// NewServer serves the provider through terraform-plugin-framework, as
// every reference provider does (providerserver.NewProtocol6), with one
// workaround under ARCHITECTURE.md's rule (workaround.Sweep).
//
// The framework (v1.19.0, internal/proto6server/serve.go) wraps the
// context of every RPC in context.WithCancel and keeps the cancel function
// until StopProvider, which Terraform sends only on an interrupt. Each kept
// function keeps its context reachable, and with it the request's whole
// context chain (gRPC's stream, terraform-plugin-go's logging contexts):
// about 13 KB per RPC, two RPCs per data source read, for as long as the
// provider runs (upstream/terraform-plugin-framework-context-leak.md).
//
//  1. The framework gets, for each RPC, a context that forwards
//     cancellation, the deadline and values to the request's while the
//     RPC runs, and lets go of the request's once it returns; what the
//     framework keeps is then its own cancelCtx and the registration on
//     ours, some 600 bytes an RPC.
//  2. Those it lets go of on StopProvider, which does nothing but cancel
//     the contexts it kept. So the server also sends the framework a
//     StopProvider of its own every sweepEvery RPCs, at a moment when none
//     of the RPCs it serves is running (every method of the protocol goes
//     through the wrapper: TestServer_WrapsEveryMethod): every context the
//     framework then cancels belongs to an RPC that has returned, and its
//     memory stays flat however many reads a plan makes.
//
// Neither can change an answer: the framework sees the same requests and
// the same cancellations while each RPC runs.
func NewServer(p func() provider.Provider) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		framework := providerserver.NewProtocol6(p())()
		if !workaround.On(workaround.Sweep) {
			return framework
		}
		return &providerServer{ProviderServer: framework}
	}
}

// sweepEvery is how many RPCs may return between two sweeps.
const sweepEvery = 256

// providerServer hands each RPC a context it detaches when the RPC
// returns, and sweeps the framework's kept contexts when none runs. It
// declares every method of tfprotov6.ProviderServer, so that none passes
// through unseen (TestServer_WrapsEveryMethod fails on a new one).
type providerServer struct {
	tfprotov6.ProviderServer
	// running is held for reading by every RPC while it runs; a sweep
	// takes it for writing, and only if it is free at once.
	running  sync.RWMutex
	returned atomic.Int64
}

// unary calls f with a context detached from ctx once f returns.
func unary[Req, Resp any](s *providerServer, ctx context.Context, f func(context.Context, Req) (Resp, error), req Req) (Resp, error) {
	s.running.RLock()
	d := detach(ctx)
	resp, err := f(d, req)
	d.release()
	s.running.RUnlock()
	if s.returned.Add(1) >= sweepEvery {
		s.sweep()
	}
	return resp, err
}

// sweep has the framework drop the contexts of RPCs that have returned,
// unless an RPC is running (the next one to return tries again).
func (s *providerServer) sweep() {
	if !s.running.TryLock() {
		return
	}
	defer s.running.Unlock()
	s.returned.Store(0)
	framework := s.ProviderServer
	_, _ = framework.StopProvider(context.Background(), &tfprotov6.StopProviderRequest{})
}

// detached is a context that follows its parent while it is attached: its
// Done, Err and Deadline are the parent's, and Value asks the parent. Once
// released it refers to the parent no more, and nothing of the parent
// stays reachable through it.
type detached struct {
	mu          sync.Mutex
	parent      context.Context // nil once released
	deadline    time.Time
	hasDeadline bool
	done        chan struct{}
	err         error
	stopWatch   func() bool
	afterFuncs  map[*func()]struct{}
}

func detach(parent context.Context) *detached {
	d := &detached{parent: parent, done: make(chan struct{}), afterFuncs: map[*func()]struct{}{}}
	d.deadline, d.hasDeadline = parent.Deadline()
	d.stopWatch = context.AfterFunc(parent, func() { d.cancel(parent.Err()) })
	return d
}

// release lets go of the parent; the context stays as it was (cancelled
// or not) for anyone who still holds it.
func (d *detached) release() {
	d.stopWatch()
	d.mu.Lock()
	defer d.mu.Unlock()
	// stopWatch refers to the parent too.
	d.parent, d.afterFuncs, d.stopWatch = nil, nil, nil
}

func (d *detached) cancel(err error) {
	d.mu.Lock()
	if d.err != nil || d.parent == nil {
		d.mu.Unlock()
		return
	}
	d.err = err
	close(d.done)
	funcs := d.afterFuncs
	d.afterFuncs = nil
	d.mu.Unlock()
	for f := range funcs {
		go (*f)()
	}
}

func (d *detached) Deadline() (time.Time, bool) { return d.deadline, d.hasDeadline }

func (d *detached) Done() <-chan struct{} { return d.done }

func (d *detached) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

func (d *detached) Value(key any) any {
	d.mu.Lock()
	parent := d.parent
	d.mu.Unlock()
	if parent == nil {
		return nil
	}
	return parent.Value(key)
}

// AfterFunc lets context.WithCancel(d) register its cancellation here
// rather than start a goroutine that would wait on d for ever.
func (d *detached) AfterFunc(f func()) func() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil {
		go f()
		return func() bool { return false }
	}
	if d.afterFuncs == nil { // released: it will never be cancelled
		return func() bool { return false }
	}
	key := &f
	d.afterFuncs[key] = struct{}{}
	return func() bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		_, ok := d.afterFuncs[key]
		delete(d.afterFuncs, key)
		return ok
	}
}

func (s *providerServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return unary(s, ctx, s.ProviderServer.GetMetadata, req)
}

func (s *providerServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return unary(s, ctx, s.ProviderServer.GetProviderSchema, req)
}

func (s *providerServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return unary(s, ctx, s.ProviderServer.GetResourceIdentitySchemas, req)
}

func (s *providerServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return unary(s, ctx, s.ProviderServer.ValidateProviderConfig, req)
}

func (s *providerServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return unary(s, ctx, s.ProviderServer.ConfigureProvider, req)
}

func (s *providerServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return unary(s, ctx, s.ProviderServer.ValidateResourceConfig, req)
}

func (s *providerServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return unary(s, ctx, s.ProviderServer.UpgradeResourceState, req)
}

func (s *providerServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return unary(s, ctx, s.ProviderServer.ReadResource, req)
}

func (s *providerServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return unary(s, ctx, s.ProviderServer.PlanResourceChange, req)
}

func (s *providerServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return unary(s, ctx, s.ProviderServer.ApplyResourceChange, req)
}

func (s *providerServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return unary(s, ctx, s.ProviderServer.ImportResourceState, req)
}

func (s *providerServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return unary(s, ctx, s.ProviderServer.MoveResourceState, req)
}

func (s *providerServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return unary(s, ctx, s.ProviderServer.UpgradeResourceIdentity, req)
}

func (s *providerServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return unary(s, ctx, s.ProviderServer.ValidateDataResourceConfig, req)
}

func (s *providerServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return unary(s, ctx, s.ProviderServer.ReadDataSource, req)
}

func (s *providerServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return unary(s, ctx, s.ProviderServer.GenerateResourceConfig, req)
}

func (s *providerServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return unary(s, ctx, s.ProviderServer.GetFunctions, req)
}

func (s *providerServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return unary(s, ctx, s.ProviderServer.CallFunction, req)
}

func (s *providerServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return unary(s, ctx, s.ProviderServer.ValidateEphemeralResourceConfig, req)
}

func (s *providerServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return unary(s, ctx, s.ProviderServer.OpenEphemeralResource, req)
}

func (s *providerServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return unary(s, ctx, s.ProviderServer.RenewEphemeralResource, req)
}

func (s *providerServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return unary(s, ctx, s.ProviderServer.CloseEphemeralResource, req)
}

// StopProvider is Terraform's, on an interrupt: it must reach the framework
// while RPCs run (it is how they are cancelled), so it takes no lock.
func (s *providerServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return s.ProviderServer.StopProvider(ctx, req)
}
