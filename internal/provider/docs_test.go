package provider

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// The docs' figures and troubleshooting rows come from the code that
// decides them, so that they cannot drift: the sections of
// templates/index.md.tmpl between "generated" markers must be what
// generatedSections renders. make generate rewrites them
// (HSS_UPDATE_DOCS=1); CI fails when they differ.
func TestDocs_GeneratedSections(t *testing.T) {
	const file = "../../templates/index.md.tmpl"
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(raw)
	for name, body := range generatedSections() {
		re := regexp.MustCompile(`(?s)(<!-- generated from the code \(` + name + `\); make generate rewrites it -->\n).*?(\n<!-- end of generated text -->)`)
		if !re.MatchString(text) {
			t.Fatalf("%s has no generated section %q", file, name)
		}
		text = re.ReplaceAllStringFunc(text, func(m string) string {
			sub := re.FindStringSubmatch(m)
			return sub[1] + body + sub[2]
		})
	}
	if text == string(raw) {
		return
	}
	if os.Getenv("HSS_UPDATE_DOCS") != "" {
		if err := os.WriteFile(file, []byte(text), 0o644); err != nil { //nolint:gosec // a docs template
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is not what the code says; run make generate", file)
}

// generatedSections renders each generated section from the code.
func generatedSections() map[string]string {
	return map[string]string{"retries": retriesSection(), "troubleshooting": troubleshootingRows()}
}

// retriesSection states the retry policy with the client's numbers.
func retriesSection() string {
	var waits []string
	var total time.Duration
	for n := 1; ; n++ {
		d := hss.NominalBackoff(n)
		if n <= hss.DefaultMaxRetries {
			total += d
		}
		waits = append(waits, seconds(d))
		if d == hss.MaxBackoff && n >= hss.DefaultMaxRetries {
			break
		}
	}
	waitList := strings.Join(waits[:len(waits)-1], ", ") + ", then " + waits[len(waits)-1]
	return fmt.Sprintf(`A request is retried after throttling (HTTP 429), a gateway or service failure (HTTP 5xx) and a
failed connection, up to `+"`max_retries`"+` times (default %d, at most %d). Between attempts it waits
%s, each with jitter of up to half, or what the service's `+"`Retry-After`"+`
header says, up to %s. With the default %d retries a request waits at most %s between
attempts without `+"`Retry-After`"+`, and at most %s when the service asks for long waits. Each attempt
has a %s timeout, body included, and every response body read whole is capped at %d MiB. A data
source's `+"`timeouts.read`"+` (default %s) bounds the whole read, retries and `+"`wait_for_completion`"+`
included. Other errors (bad credentials, permissions, a task that does not exist) are never
retried. Interrupting Terraform (Ctrl-C) ends a wait at once.`,
		hss.DefaultMaxRetries, maxRetriesLimit, waitList, seconds(hss.MaxRetryAfter), hss.DefaultMaxRetries,
		seconds(total), seconds(hss.DefaultMaxRetries*hss.MaxRetryAfter), seconds(hss.DefaultAttemptTimeout),
		hss.MaxBodyBytes>>20, minutes(defaultReadTimeout))
}

// troubleshootingRows are the table rows of the request failures, one per
// hint.
func troubleshootingRows() string {
	rows := []string{"| error | cause | what to do |", "|---|---|---|"}
	for _, h := range hints {
		rows = append(rows, "| "+h.shows+" | "+h.cause+" | "+h.fix+" |")
	}
	return strings.Join(rows, "\n")
}

func seconds(d time.Duration) string {
	return strings.TrimSuffix(fmt.Sprintf("%g", d.Seconds()), ".0") + " s"
}

func minutes(d time.Duration) string { return fmt.Sprintf("%g minutes", d.Minutes()) }
