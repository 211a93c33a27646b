package sdktest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	hssv5 "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/hss/v5"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

const (
	project = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	ak      = "AKPARITYEXAMPLE"
	sk      = "sk-parity-example-secret"
	region  = "cn-north-9"
	taskID  = "94ad7efb-8f0d-4b58-9d44-ae1c5d0c31f2"
	fileID  = "b3e83d25-d92f-4963-a293-e056e81ec44d"
)

// A request as it arrived: what the parity tests compare.
type recorded struct {
	Method string
	// Path is the path as sent, escaped.
	Path string
	// Query is the query decoded as RFC 3986 does (%XX only: a "+" stays a
	// plus), in the order sent; RawQuery is the query as sent.
	Query    [][2]string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// recorder is a loopback server that keeps every request and answers as
// HSS would, well enough for both clients to decode the answer.
type recorder struct {
	mu   sync.Mutex
	reqs []recorded
	url  string
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{}
	srv := httptest.NewServer(http.HandlerFunc(rec.serve))
	t.Cleanup(srv.Close)
	rec.url = srv.URL
	return rec
}

func (rec *recorder) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path, rawQuery, _ := strings.Cut(r.RequestURI, "?")
	q, err := decodeQuery(rawQuery)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	rec.mu.Lock()
	rec.reqs = append(rec.reqs, recorded{Method: r.Method, Path: path, Query: q, RawQuery: rawQuery, Header: r.Header.Clone(), Body: body})
	rec.mu.Unlock()
	w.Header().Set("X-Request-Id", "req-parity")
	switch {
	case strings.HasSuffix(path, "/baseline/risk-config/export"):
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprint(w, `{"total_num":1,"data_list":[{"host_id":"h-1","severity":"High","scan_result":"failed","create_time":1}]}`)
	case strings.Contains(path, "/download/"):
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	case r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"task_id":%q,"task_name":"export","task_status":"success","file_id":%q,"file_name":"a.zip"}`, taskID, fileID)
	default:
		w.Header().Set("Content-Type", "application/json")
		_, _ = fmt.Fprintf(w, `{"task_id":%q,"record_total_num":3}`, taskID)
	}
}

// take returns the one request recorded since the last take.
func (rec *recorder) take(t *testing.T) recorded {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.reqs) != 1 {
		t.Fatalf("want exactly one request, recorded %d", len(rec.reqs))
	}
	r := rec.reqs[0]
	rec.reqs = nil
	return r
}

// decodeQuery splits a raw query into its pairs and decodes each part as
// RFC 3986 does: %XX only, so a "+" is a plus, not a space.
func decodeQuery(raw string) ([][2]string, error) {
	var out [][2]string
	if raw == "" {
		return nil, nil
	}
	for _, part := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.PathUnescape(k)
		if err != nil {
			return nil, fmt.Errorf("query key %q: %w", k, err)
		}
		dv, err := url.PathUnescape(v)
		if err != nil {
			return nil, fmt.Errorf("query value %q: %w", v, err)
		}
		out = append(out, [2]string{dk, dv})
	}
	// Keys sorted, each key's values in the order sent.
	slices.SortStableFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out, nil
}

// sdkClient is the official SDK's HSS client, signing with ak/sk, for
// project, against endpoint.
func sdkClient(t *testing.T, endpoint string) *hssv5.HssClient {
	t.Helper()
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(project).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	hc, err := hssv5.HssClientBuilder().WithEndpoints([]string{endpoint}).WithCredential(cred).
		WithHttpConfig(config.DefaultHttpConfig()).SafeBuild()
	if err != nil {
		t.Fatal(err)
	}
	return hssv5.NewHssClient(hc)
}

// ourClient is this project's client with the same keys and project.
func ourClient(t *testing.T, endpoint string) *hss.Client {
	t.Helper()
	c, err := hss.NewClient(hss.Config{Endpoint: endpoint, Region: "cn-north-4", ProjectID: project,
		Auth: hss.AKSKAuth{AccessKey: ak, SecretKey: sk}, MaxRetries: 0, UserAgent: "terraform-provider-hss/parity"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// callSDK calls the SDK's operation op with the request described by doc
// (the SDK request struct's JSON: query and header fields by their tags,
// the body under "body"). A field of doc the SDK's request does not have
// is an error: the two sides would not mean the same request.
func callSDK(client *hssv5.HssClient, op string, doc map[string]any) (any, error) {
	m := reflect.ValueOf(client).MethodByName(op)
	if !m.IsValid() {
		return nil, fmt.Errorf("the SDK's HSS client has no operation %s", op)
	}
	req := reflect.New(m.Type().In(0).Elem())
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(req.Interface()); err != nil {
		return nil, fmt.Errorf("the SDK's %s request does not take %s: %w", op, b, err)
	}
	out := m.Call([]reflect.Value{req})
	if e, ok := out[1].Interface().(error); ok && e != nil {
		return nil, fmt.Errorf("the SDK's %s failed: %w", op, e)
	}
	return out[0].Interface(), nil
}

// sdkRequestHas says whether the SDK's request of op has a field with the
// JSON name name (at its top level: a query, path or header field).
func sdkRequestHas(client *hssv5.HssClient, op, name string) bool {
	m := reflect.ValueOf(client).MethodByName(op)
	if !m.IsValid() {
		return false
	}
	_, ok := jsonFields(m.Type().In(0).Elem())[name]
	return ok
}

// jsonFields maps a struct's JSON names to their fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	out := map[string]reflect.StructField{}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out[name] = f
		}
	}
	return out
}

// compare reports every difference between what the SDK sent and what we
// sent, as lines: byte for byte where the SDK is deterministic (the raw
// query, the headers that carry meaning, Content-Type, the set of signed
// headers), the body as JSON (the SDK's key order is its encoder's). What
// may differ, and why:
//   - User-Agent: each client names itself;
//   - host among the signed headers: ours signs it, binding a signature to
//     the endpoint it was made for, so that it cannot be replayed to another
//     within its 15 minutes; the SDK leaves it out (the gateway verifies
//     whatever SignedHeaders lists).
func compare(sdk, ours recorded) []string {
	var diffs []string
	add := func(what string, s, o any) {
		diffs = append(diffs, fmt.Sprintf("%s:\n\t  SDK: %v\n\tours: %v", what, s, o))
	}
	if sdk.Method != ours.Method {
		add("method", sdk.Method, ours.Method)
	}
	if sdk.Path != ours.Path {
		add("escaped path", sdk.Path, ours.Path)
	}
	if sdk.RawQuery != ours.RawQuery {
		add("raw query", sdk.RawQuery, ours.RawQuery)
	}
	for _, h := range []string{"Region", "X-Project-Id", "X-Security-Token", "X-Domain-Id", "Content-Type"} {
		if s, o := sdk.Header.Values(h), ours.Header.Values(h); !slices.Equal(s, o) {
			add("header "+h, s, o)
		}
	}
	if s, o := signedHeaders(sdk.Header), slices.DeleteFunc(signedHeaders(ours.Header), func(h string) bool { return h == "host" }); !slices.Equal(s, o) {
		add("signed headers (host aside)", s, o)
	}
	if s, o := jsonOf(sdk.Body), jsonOf(ours.Body); !reflect.DeepEqual(s, o) {
		add("body (as JSON)", string(sdk.Body), string(ours.Body))
	}
	return diffs
}

// signedHeaders is the SignedHeaders list of a request's Authorization.
func signedHeaders(h http.Header) []string {
	_, rest, _ := strings.Cut(h.Get("Authorization"), "SignedHeaders=")
	list, _, _ := strings.Cut(rest, ",")
	if list == "" {
		return nil
	}
	return strings.Split(list, ";")
}

// jsonOf is a body decoded as JSON; no body at all is nil, as is "null".
func jsonOf(b []byte) any {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var v any
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return "not JSON: " + string(b)
	}
	return v
}
