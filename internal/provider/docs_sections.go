package provider

// The docs' generated sections: figures and tables that come from the code
// that decides them, so that they cannot drift. `go generate` (make
// generate) writes them into the templates between "generated" markers
// (cmd in internal/docsections); TestDocs_GeneratedSections fails when the
// templates hold anything else.

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
	"github.com/hss-community/terraform-provider-hss/internal/workaround"
)

//go:generate go run ../docsections -root ../..

// DocSections is, for each template (a path from the repository's root),
// the text of each of its generated sections by name.
func DocSections() map[string]map[string]string {
	return map[string]map[string]string{
		"templates/index.md.tmpl": {"retries": retriesSection(), "waits": waitsSection(), "troubleshooting": troubleshootingRows(),
			"workarounds": workaroundsSection(), "arguments": argumentsTable()},
		"README.md":                          {"arguments": argumentsTable()},
		"templates/resources/export.md.tmpl": {"kinds": kindsSection()},
	}
}

// FillSections is text (a template) with each of its generated sections,
// between "<!-- generated from the code (NAME); make generate rewrites it
// -->" and "<!-- end of generated text -->", replaced by sections[NAME]. A
// section it lacks is an error.
func FillSections(text string, sections map[string]string) (string, error) {
	for name, body := range sections {
		re := regexp.MustCompile(`(?s)(<!-- generated from the code \(` + regexp.QuoteMeta(name) +
			`\); make generate rewrites it -->\n).*?(\n<!-- end of generated text -->)`)
		if !re.MatchString(text) {
			return "", fmt.Errorf("has no generated section %q", name)
		}
		text = re.ReplaceAllStringFunc(text, func(m string) string {
			sub := re.FindStringSubmatch(m)
			return sub[1] + body + sub[2]
		})
	}
	return text, nil
}

// argumentsTable lists every provider argument (arguments.go) with its
// environment variable and its description.
func argumentsTable() string {
	var b strings.Builder
	b.WriteString("| argument | environment variable | what it is |\n|---|---|---|")
	for _, a := range append(slices.Clone(arguments), assumeRoleArguments...) {
		name := a.name
		if a.parent != "" {
			name = a.parent + "." + a.name
		}
		fmt.Fprintf(&b, "\n| `%s` | `%s` | %s |", name, a.env, a.description)
	}
	return b.String()
}

// workaroundsSection says how to turn the workarounds off, and what each
// buys.
func workaroundsSection() string {
	var names []string
	for _, w := range workaround.All {
		names = append(names, fmt.Sprintf("- `%s`: %s", w, workaround.Buys[w]))
	}
	return fmt.Sprintf("If the provider misbehaves in a way none of these explains (it hangs, crashes, or answers "+
		"differently from one run to the next), run Terraform with `%[1]s=1`: the provider then works around no "+
		"defect of the libraries it is built on, and is served exactly as the Terraform Plugin Framework serves every "+
		"provider, at some cost in memory on large plans.\n\n"+
		"A comma-separated list of these names turns off only those (each with what it buys):\n\n%[2]s\n\nNames of "+
		"workarounds that were removed (%[3]s) are accepted and ignored. If turning one off helps, please report it "+
		"with the name that did.", workaround.NoWorkaroundsVar, strings.Join(names, "\n"), retiredNames())
}

// retiredNames lists workaround.Retired for the docs.
func retiredNames() string {
	var names []string
	for _, w := range workaround.Retired {
		names = append(names, "`"+string(w)+"`")
	}
	return strings.Join(names, ", ")
}

// waitsSection states how waits poll and how long they wait by default.
func waitsSection() string {
	p := hss.DefaultWaitPolicy()
	return fmt.Sprintf("A wait (`wait_for_completion`) reads the task at once, then after %s, doubling up to every %s "+
		"(never sooner than %s, or when HSS's `Retry-After` says), until it is no longer `running`. It is bounded by "+
		"`timeouts.read` for the data source (default %s) and `timeouts.create` for `hss_export` (default %s); "+
		"`hss_export`'s refresh of its task by its `timeouts.read` (default %s, an error when it runs out); "+
		"`hss_export_file`'s `timeouts` bound a download, its retries and its zip check (default %s).",
		seconds(p.FirstInterval), seconds(p.MaxInterval), seconds(p.MinInterval), minutes(defaultReadTimeout),
		minutes(defaultCreateTimeout), minutes(defaultRefreshTimeout), minutes(defaultDownloadTimeout))
}

// kindsSection documents every kind of the table: what it exports, how
// its columns go, where its task is read, and each filter.
func kindsSection() string {
	var b strings.Builder
	for i, k := range kinds.All {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "### `%s`\n\n%s HSS operation `%s`: `POST /v5/{project_id}%s`.", k.Name, k.Description, k.Operation, k.Path)
		switch {
		case k.Headers == kinds.NoHeaders:
			b.WriteString(" It takes no `headers`.")
		case k.Headers == kinds.HeadersBareBody:
			b.WriteString(" `headers` (required) are sent as the whole request body.")
		case k.HeadersRequired:
			fmt.Fprintf(&b, " `headers` (required) are sent as `%s`.", k.HeadersField)
		default:
			fmt.Fprintf(&b, " `headers` (optional) are sent as `%s`.", k.HeadersField)
		}
		if p, ok := k.Param("export_size"); ok {
			fmt.Fprintf(&b, " `export_size` (%s) goes in the %s%s.", map[bool]string{true: "required", false: "optional"}[p.Required], p.In, rangeNote(p))
		} else {
			b.WriteString(" It has no `export_size`.")
		}
		switch k.Region {
		case kinds.RegionRequired:
			b.WriteString(" It needs a region, sent as the `region` header.")
		case kinds.RegionOptional:
			b.WriteString(" The region is sent as the `region` header.")
		}
		statusPath := map[kinds.StatusEndpoint]string{kinds.GenericStatus: "/v5/{project_id}/export-task/{task_id}",
			kinds.EventStatus: "/v5/{project_id}/event/export-task/{task_id}"}[k.Status]
		if k.StatusSource != "" {
			fmt.Fprintf(&b, " Its task is read at `GET %s` (confirmed: %s).", statusPath, k.StatusSource)
		} else {
			fmt.Fprintf(&b, " Its task is read at `GET %s` first: a default, which no source confirms for this kind; a "+
				"task not found there is looked for at the other status endpoints.", statusPath)
		}
		if k.MaxHeaders > 0 {
			fmt.Fprintf(&b, " At most %d columns.", k.MaxHeaders)
		}
		if len(k.Columns) > 0 {
			fmt.Fprintf(&b, " Column keys (from %s; another key is a warning): `%s`.", k.ColumnsSource, strings.Join(k.Columns, "`, `"))
		}
		for _, d := range k.Deprecated {
			fmt.Fprintf(&b, " `%s` is deprecated by HSS and refused: use `%s`.", d.Name, d.Instead)
		}
		for _, sp := range k.Spans {
			fmt.Fprintf(&b, " `%s` may be at most %s after `%s`.", sp.To, sp.Says, sp.From)
		}
		for _, ex := range k.Exclusive {
			fmt.Fprintf(&b, " `%s` is not allowed with `%s`.", ex[0], strings.Join(ex[1:], "` or `"))
		}
		b.WriteString("\n\n| filter | in | type | required | allowed |\n|---|---|---|---|---|\n")
		for _, p := range k.Params {
			if p.Name == "export_size" {
				continue
			}
			required := map[bool]string{true: "yes", false: ""}[p.Required]
			if p.Default != nil {
				required = fmt.Sprintf("set to `%v` when omitted", p.Default)
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", p.Name, p.In, p.Type, required, allowed(p))
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

func rangeNote(p kinds.Param) string {
	return ", " + boundsText(p)
}

// boundsText is p's range: of its value for a whole number (the SDK's
// int32 where the table leaves a side open), of its length for a string.
func boundsText(p kinds.Param) string {
	lo, hi := p.Min, p.Max
	if p.Type == kinds.Int || p.Type == kinds.IntList {
		lo, hi = p.IntRange()
	}
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("%d to %d", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("at least %d", *lo)
	case hi != nil:
		return fmt.Sprintf("at most %d", *hi)
	}
	return ""
}

// allowed says what values a filter takes.
func allowed(p kinds.Param) string {
	var parts []string
	if len(p.Enum) > 0 {
		parts = append(parts, "`"+strings.Join(p.Enum, "`, `")+"`")
	}
	if what := boundsText(p); what != "" {
		if p.Type == kinds.String || p.Type == kinds.StringList {
			what += " characters"
		}
		parts = append(parts, what)
	}
	if p.MinItems != nil || p.MaxItems != nil {
		lo, hi := int64(0), "any number of"
		if p.MinItems != nil {
			lo = *p.MinItems
		}
		if p.MaxItems != nil {
			hi = fmt.Sprint(*p.MaxItems)
		}
		parts = append(parts, fmt.Sprintf("%d to %s elements", lo, hi))
	}
	if len(p.Fields) > 0 {
		var fields []string
		for _, f := range p.Fields {
			fields = append(fields, fmt.Sprintf("`%s` (%s%s)", f.Name, f.Type, map[bool]string{true: ", required", false: ""}[f.Required]))
		}
		parts = append(parts, "fields "+strings.Join(fields, ", "))
	}
	if p.Doc != "" {
		parts = append(parts, p.Doc)
	}
	return strings.Join(parts, "; ")
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
