package hss

import (
	"net/http"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Seeds live in testdata/fuzz/<Target>; make fuzz runs each target for
// FUZZTIME.

func FuzzCanonicalQuery(f *testing.F) {
	for _, s := range []string{"", "limit=1", "b=2&a=1&a=0", "q=a+b%20c", "k", "%zz=1", "a=%E4%BB%BB&;x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		once := CanonicalQuery(raw)
		if twice := CanonicalQuery(once); twice != once {
			t.Errorf("not stable under re-encoding: %q -> %q -> %q", raw, once, twice)
		}
		for i := 0; i < len(once); i++ {
			if c := once[i]; !isUnreserved(c) && c != '%' && c != '=' && c != '&' {
				t.Fatalf("canonical query %q has the raw byte %q", once, c)
			}
		}
	})
}

func FuzzCanonicalURI(f *testing.F) {
	for _, s := range []string{"", "/", "/path", "/v5/p/export-task/a%25b", "/a%2Fb/", "%", "//x//", "/%E4%BB%BB"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		once := CanonicalURI(path)
		if !strings.HasSuffix(once, "/") {
			t.Fatalf("canonical URI %q does not end in /", once)
		}
		if twice := CanonicalURI(once); twice != once {
			t.Errorf("not stable under re-encoding: %q -> %q -> %q", path, once, twice)
		}
	})
}

func FuzzDecodeAPIError(f *testing.F) {
	f.Add(400, []byte(`{"error_code":"HSS.0011","error_msg":"not found"}`))
	f.Add(429, []byte(`{"error_code":"APIGW.0308","error_msg":"throttled","request_id":"r"}`))
	f.Add(502, []byte("<html><body>Bad Gateway</body></html>"))
	f.Add(403, []byte(`{"error":{"code":"x","message":"y"}}`))
	f.Add(500, []byte("\xff\x00\x1b[2J"))
	f.Add(400, []byte(`{"error_msg":"\u001b[31mred\u0007"}`))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		msg := decodeAPIError(status, http.Header{}, body, func(s string) string { return s }).Error()
		if !strings.HasPrefix(msg, "HTTP ") || !utf8.ValidString(msg) {
			t.Fatalf("Error() = %q", msg)
		}
		for _, r := range msg {
			if unicode.IsControl(r) {
				t.Fatalf("Error() %q carries a control character from the body", msg)
			}
		}
	})
}

func FuzzDecodeExportTask(f *testing.F) {
	f.Add([]byte(`{"task_id":"t","task_name":"n","task_status":"success","file_id":"f","file_name":"x.zip"}`))
	f.Add([]byte(`{"task_status":"running"}`))
	f.Add([]byte(`{"task_status":null}`))
	f.Add([]byte(`{"task_status":"succ`))
	f.Add([]byte(`<html>login</html>`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, body []byte) {
		task, err := decodeExportTask(body, ServerText)
		switch {
		case err == nil && (task == nil || task.TaskStatus == ""):
			t.Fatalf("accepted %q without a task_status", body)
		case err != nil && (task != nil || err.Reason == ""):
			t.Fatalf("an error without a reason, or with a task: %+v", err)
		}
	})
}
