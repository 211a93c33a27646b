package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// What a failed read tells the user, for failures that are slow or rare to
// stage through the CLI: how far a request got, a 5xx with or without a
// request id, and a service that quotes the credential it rejected.
func TestReadErrorDiagnostic(t *testing.T) {
	const token = "tok-echoed-0123456789"
	client, err := hss.NewClient(hss.Config{Endpoint: "https://hss.example.com", ProjectID: "p", Auth: hss.TokenAuth{Token: token}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name      string
		err       error
		want, not []string
	}{
		{"a connection that never opened could not be reached",
			&hss.TransportError{Endpoint: "https://h", Stage: hss.StageConnect, Err: errors.New("connection refused")},
			[]string{"The HSS endpoint https://h could not be reached"}, nil},
		{"a connection that got no answer is not called unreachable",
			&hss.TransportError{Endpoint: "https://h", Stage: hss.StageAnswer, Err: errors.New("no answer within 30s")},
			[]string{"accepted the connection but did not answer"}, []string{"could not be reached"}},
		{"an answer cut short or trickling is not called unreachable",
			&hss.TransportError{Endpoint: "https://h", Stage: hss.StageBody, Err: errors.New("no complete answer within 30s")},
			[]string{"started to answer but the answer never arrived whole"}, []string{"could not be reached"}},
		{"a 502 without a request id does not point at one",
			&hss.APIError{StatusCode: 502, Message: "Bad Gateway"},
			[]string{"contact Huawei Cloud support with the time of the failure (the answer carried no request id)"},
			[]string{"request id below"}},
		{"a 502 with a request id names it",
			&hss.APIError{StatusCode: 502, Message: "Bad Gateway", RequestID: "req-7"},
			[]string{"contact Huawei Cloud support with request id req-7"}, nil},
		{"a token the service quotes back is masked",
			&hss.APIError{StatusCode: 401, Code: "APIGW.0301", Message: "token " + token + " is expired"},
			[]string{"HSS said: HTTP 401 APIGW.0301: token *** is expired"}, []string{token}},
		{"a cancellation on this side is not worded as something HSS said",
			fmt.Errorf("the request to https://h stopped after 1 attempt(s): %w", context.Canceled),
			[]string{"Cause: the request to https://h stopped"}, []string{"HSS said"}},
		{"a timeout's advice doubles a positive timeout, written as one would",
			&hss.WaitTimeoutError{Last: &hss.ExportTask{TaskID: "t"}, Waited: 10 * time.Minute, Polls: 60},
			[]string{`timeouts = { read = "20m" }`, "(now 10m)"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := errorDiagnostic(failure{op: readExportTask, client: client, timeout: 10 * time.Minute, id: "t", err: c.err})
			text := d.Summary() + ": " + d.Detail()
			for _, w := range c.want {
				if !strings.Contains(text, w) {
					t.Errorf("the diagnostic does not say %q:\n%s", w, text)
				}
			}
			for _, n := range c.not {
				if strings.Contains(text, n) {
					t.Errorf("the diagnostic says %q:\n%s", n, text)
				}
			}
		})
	}
}

// A file HSS no longer has points to a fresh export; a task not found does
// not.
func TestNotFoundDiagnostic_DownloadSuggestsAFreshExport(t *testing.T) {
	client, err := hss.NewClient(hss.Config{Endpoint: "https://hss.example.com", ProjectID: "p", Auth: hss.TokenAuth{Token: "token-for-a-test"}})
	if err != nil {
		t.Fatal(err)
	}
	notFound := &hss.APIError{StatusCode: 400, Code: "HSS.0011", Message: "not found"}
	d := errorDiagnostic(failure{op: downloadFile, client: client, id: "f-1", err: notFound})
	if !strings.Contains(d.Detail(), "start a fresh one (change hss_export's triggers)") {
		t.Errorf("a download that is not found does not suggest a fresh export:\n%s", d.Detail())
	}
	d = errorDiagnostic(failure{op: readExportTask, client: client, id: "t-1", err: notFound})
	if strings.Contains(d.Detail(), "triggers") {
		t.Errorf("a task read suggests a fresh export:\n%s", d.Detail())
	}
}
