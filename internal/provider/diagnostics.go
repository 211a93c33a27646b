package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
)

// operation words a failed call for the user: what was being done, to
// what, and where the attributes it depends on are.
type operation struct {
	// summary is the diagnostic's title, such as "Unable to Read HSS
	// Export Task"; doing says the same as a subject, "Reading the export
	// task".
	summary, doing string
	// object names what was asked for, such as "export task".
	object string
	// idAttr is the attribute holding its id; timeoutAttr the timeout that
	// bounds the operation, such as "read".
	idAttr, timeoutAttr string
	// permission is what the credentials need, such as "read HSS export
	// tasks".
	permission string
}

// readExportTask is hss_export_task's read.
var readExportTask = operation{summary: "Unable to Read HSS Export Task", doing: "Reading the export task", object: "export task",
	idAttr: "task_id", timeoutAttr: "read", permission: "read HSS export tasks"}

// failure is one failed operation, with what the hints need to be precise.
type failure struct {
	op                operation
	client            *hss.Client
	timeout           time.Duration
	id                string // the id asked for
	enterpriseProject string
	err               error
}

// hint is one class of failure the client reports: how the docs'
// troubleshooting table shows it, and what the diagnostic says to do.
// The first that matches explains a failure.
type hint struct {
	// shows, cause and fix are the docs' row.
	shows, cause, fix string
	match             func(err error) bool
	detail            func(f failure) string
}

func credentialKind(k hss.CredentialKind) func(error) bool {
	return func(err error) bool {
		var ce *hss.CredentialError
		return errors.As(err, &ce) && ce.Kind == k
	}
}

func is(target error) func(error) bool { return func(err error) bool { return errors.Is(err, target) } }

func as[T error]() func(error) bool {
	return func(err error) bool {
		var t T
		return errors.As(err, &t)
	}
}

func transportAt(stage hss.Stage) func(error) bool {
	return func(err error) bool {
		var te *hss.TransportError
		return errors.As(err, &te) && te.Stage == stage
	}
}

func untrustedCertificate(err error) bool {
	var unknownAuthority x509.UnknownAuthorityError
	var certErr *x509.CertificateInvalidError
	var hostErr x509.HostnameError
	return errors.As(err, &unknownAuthority) || errors.As(err, &certErr) || errors.As(err, &hostErr)
}

var hints = []hint{
	{shows: "invalid export: …", cause: "arguments known only at apply do not fit the kind (the others are checked at plan time)",
		fix: "fix the values the message names", match: as[*hss.InvalidExportError](),
		detail: func(failure) string {
			return "The export does not fit its kind; nothing was sent. Values known only at apply are checked then."
		}},
	{shows: "… IAM refused the password login (HTTP 401)", cause: "wrong user, account or password",
		fix: "fix them; the provider asked IAM once", match: credentialKind(hss.PasswordToken),
		detail: func(failure) string {
			return fmt.Sprintf("IAM refused the password login. Check user_name and domain_name (or domain_id), or "+
				"user_id, and password, or their %s, %s, %s, %s and %s variables, and auth_url. The provider asks IAM "+
				"once and will not retry a refused login.", envOf("user_name"), envOf("domain_name"), envOf("domain_id"),
				envOf("user_id"), envOf("password"))
		}},
	{shows: "… IAM refused the agency (HTTP 403)", cause: "the agency does not exist or may not be assumed",
		fix: "check `assume_role` and the trust of the agency", match: credentialKind(hss.AgencyKeys),
		detail: func(failure) string {
			return "IAM refused the agency. Check assume_role's agency_name and domain_name or domain_id, and that " +
				"the base credentials may assume it."
		}},
	{shows: "… could not look up in IAM the account (domain) the access key belongs to",
		cause: "`assume_role` with access keys, and IAM would not name their account", fix: "set `domain_id`",
		match: credentialKind(hss.AccountID),
		detail: func(failure) string {
			return "The provider could not look up in IAM the account (domain) the access key belongs to, which " +
				"assume_role needs. Set domain_id (or " + envOf("domain_id") + "), or check the keys' access to IAM and auth_url."
		}},
	{shows: "… could not look up the project of the region", cause: "no project, or several, named after the region",
		fix: "set `project_id`", match: credentialKind(hss.ProjectID),
		detail: func(failure) string {
			return "The provider could not look up the project of the region in IAM. Set project_id (or " +
				envOf("project_id") + "), or check region and the credentials' access to IAM."
		}},
	{shows: "… may have started … whether it took effect is unknown",
		cause: "a call that must not be repeated (it starts an export) failed after it may have reached HSS",
		fix:   "look for the export in the HSS console before you apply again", match: is(hss.ErrOutcomeUnknown),
		detail: func(f failure) string {
			return fmt.Sprintf("The request may have reached HSS, so the provider did not send it again: an %s "+
				"may have started. Look for it in the HSS console (or with the data source, if you find its task id) "+
				"before you apply again, which would start another.", f.op.object)
		}},
	{shows: "… was not found (HTTP 400 HSS.0011)", cause: "no such thing in this project and enterprise project",
		fix: "check the id, `project_id` and `enterprise_project_id` (try `all_granted_eps`)", match: is(hss.ErrNotFound),
		detail: func(f failure) string {
			ep := "the default enterprise project"
			if f.enterpriseProject != "" {
				ep = fmt.Sprintf("enterprise project %q", f.enterpriseProject)
			}
			text := fmt.Sprintf("HSS %s %q was not found in %s, %s. Check %s, the provider's project_id, and "+
				"enterprise_project_id: one made in another enterprise project is only found with that "+
				"enterprise_project_id, or with \"all_granted_eps\".", f.op.object, f.id, projectOf(f.client), ep, f.op.idAttr)
			if f.op == downloadFile {
				text += " HSS keeps exported files for a limited time: if this one came from an earlier export, " +
					"start a fresh one (change hss_export's triggers) and download its file_id."
			}
			return text
		}},
	{shows: "… 15 minutes off the server's clock (HTTP 401 APIGW.0303)", cause: "this machine's clock is wrong",
		fix: "synchronise the clock (NTP)", match: is(hss.ErrClockSkew),
		detail: func(failure) string {
			return "HSS rejected the request's timestamp as more than 15 minutes off the server's clock. " +
				"Check this machine's clock (for example that NTP is running) and its time zone."
		}},
	{shows: "… rejected the credentials (HTTP 401 APIGW.0301)", cause: "wrong, expired or revoked credentials",
		fix: "check the token or keys (and `security_token`), and the clock", match: is(hss.ErrUnauthorized),
		detail: func(failure) string {
			return "HSS rejected the credentials. Check token, or access_key and secret_key (and security_token " +
				"for temporary keys), or their HW_* environment variables; that they have not expired; and that " +
				"this machine's clock is correct."
		}},
	{shows: "… not allowed to … (HTTP 403, HSS.0010, HSS.0013)", cause: "the user lacks HSS permissions",
		fix: "grant an HSS policy in that project and enterprise project", match: is(hss.ErrForbidden),
		detail: func(f failure) string {
			return fmt.Sprintf("The credentials are valid but not allowed to %s in %s. Grant the user an HSS "+
				"permission that allows it in that project and enterprise project, or check project_id and "+
				"enterprise_project_id.", f.op.permission, projectOf(f.client))
		}},
	{shows: "… does not serve the HSS API (HTTP 404 APIGW.0101)", cause: "wrong `endpoint` or `region`",
		fix: "check both", match: is(hss.ErrNoSuchAPI),
		detail: func(failure) string {
			return "The endpoint does not serve the HSS API. Check endpoint (" + envOf("endpoint") + ") and region: the " +
				"default endpoint is https://hss.{region}." + hss.DefaultCloud + "."
		}},
	{shows: "… kept throttling the request (HTTP 429 APIGW.0308)", cause: "throttled on every attempt",
		fix: "retry later, lower `terraform -parallelism`, or raise `max_retries`", match: is(hss.ErrThrottled),
		detail: func(f failure) string {
			return fmt.Sprintf("HSS kept throttling the request (max_retries = %d). Retry later, make fewer "+
				"requests at a time (terraform -parallelism), or raise max_retries.", f.client.MaxRetries())
		}},
	{shows: "… kept failing (HTTP 5xx)", cause: "the service or its gateway is failing",
		fix: "retry later; contact support with the request id, or the time when the answer had none", match: is(hss.ErrServer),
		detail: func(f failure) string {
			var apiErr *hss.APIError
			errors.As(f.err, &apiErr)
			return fmt.Sprintf("HSS or its gateway kept failing (max_retries = %d). Retry later; if it persists, "+
				"contact Huawei Cloud support%s.", f.client.MaxRetries(), withRequestID(apiErr.RequestID))
		}},
	{shows: "… rejected a parameter (HTTP 400 HSS.0001, HSS.0002)", cause: "a value HSS does not accept",
		fix: "check the arguments the message names", match: is(hss.ErrInvalidParameter),
		detail: func(f failure) string {
			return fmt.Sprintf("HSS rejected a parameter. Check %s and the other arguments of the %s.", f.op.idAttr, f.op.object)
		}},
	{shows: "… answered, but not as the API does", cause: "a 200 answer of the wrong shape (HTML, no `task_status`, …)",
		fix: "check that `endpoint` points at HSS, not at a proxy or login page", match: as[*hss.ResponseError](),
		detail: func(f failure) string {
			return fmt.Sprintf("HSS answered, but not with the %s the API promises. Check that endpoint points at "+
				"the HSS API and not at a proxy or a login page.", f.op.object)
		}},
	{shows: "… TLS certificate could not be verified", cause: "an untrusted or mismatched certificate",
		fix: "trust the CA (`SSL_CERT_FILE`), or for test endpoints only `insecure = true`", match: untrustedCertificate,
		detail: func(failure) string {
			return "The endpoint's TLS certificate could not be verified. Trust its CA (for example with the " +
				"SSL_CERT_FILE environment variable) or, against a test endpoint only, set insecure = true."
		}},
	{shows: "… speaks plain HTTP, not HTTPS", cause: "an `https://` endpoint that answers in plain HTTP",
		fix: "use `http://`, with `allow_http = true` where it is not this machine", match: is(hss.ErrAnswersPlainHTTP),
		detail: func(f failure) string {
			return "The HSS endpoint " + endpointOf(f.err) + " answered the TLS handshake in plain HTTP: it speaks " +
				"HTTP, not HTTPS, and will every time, so the request was not retried. Use an http:// endpoint (" +
				envOf("endpoint") + "); plain HTTP to anything but this machine also needs allow_http = true (" +
				envOf("allow_http") + "), and sends credentials in the clear."
		}},
	{shows: "… accepted the connection but did not answer", cause: "the endpoint or a proxy held every attempt past its limit",
		fix: "retry later; check `endpoint` and the proxy settings", match: transportAt(hss.StageAnswer),
		detail: func(f failure) string {
			return "The HSS endpoint " + endpointOf(f.err) + " accepted the connection but did not answer. It may be " +
				"overloaded, or a proxy or firewall on the way holds the request: check endpoint and the proxy " +
				"settings (HTTPS_PROXY, NO_PROXY), and retry later."
		}},
	{shows: "… started to answer but the answer never arrived whole", cause: "the body stopped, or trickled past an attempt's limit",
		fix: "retry later; check the proxy settings", match: transportAt(hss.StageBody),
		detail: func(f failure) string {
			return "The HSS endpoint " + endpointOf(f.err) + " started to answer but the answer never arrived whole: " +
				"it stopped or came too slowly. Retry later, and check the proxy settings (HTTPS_PROXY, NO_PROXY)."
		}},
	{shows: "… could not be reached", cause: "no connection (refused, unreachable, DNS) on every attempt",
		fix: "check `endpoint`, the network and `HTTPS_PROXY` / `NO_PROXY`", match: transportAt(hss.StageConnect),
		detail: func(f failure) string {
			return "The HSS endpoint " + endpointOf(f.err) + " could not be reached. Check endpoint and region, the " +
				"network, and proxy settings (HTTPS_PROXY, NO_PROXY)."
		}},
	{shows: "… was cancelled", cause: "Terraform was interrupted (Ctrl-C)", fix: "run it again",
		match:  is(context.Canceled),
		detail: func(f failure) string { return f.op.doing + " was cancelled." }},
	{shows: "… did not finish within timeouts", cause: "the operation, retries included, took longer than its timeout",
		fix: "check the endpoint's health, or raise the timeout", match: is(context.DeadlineExceeded),
		detail: func(f failure) string {
			return fmt.Sprintf("%s did not finish within timeouts.%s (%s), retries included. Check the endpoint's "+
				"health, or raise it with timeouts = { %s = \"%s\" }.", f.op.doing, f.op.timeoutAttr, shortDuration(f.timeout),
				f.op.timeoutAttr, shortDuration(2*f.timeout))
		}},
}

// errorDiagnostic reports a failed operation: a hint first, then the
// service's own words (status, error code, message, request id). A task
// that failed and a wait that ran out have summaries of their own.
// Everything passes through client.Redact: an error body may quote the
// credential it rejected.
func errorDiagnostic(f failure) diag.Diagnostic {
	var failed *hss.TaskFailedError
	var timedOut *hss.WaitTimeoutError
	switch {
	case errors.As(f.err, &failed):
		return diag.NewAttributeErrorDiagnostic(path.Root(f.op.idAttr), "HSS Export Task Failed",
			f.client.Redact(failed.Error())+". HSS could not produce the export file; start a new export, and if it "+
				"fails again contact Huawei Cloud support"+withRequestID(failed.Task.RequestID)+".")
	case errors.As(f.err, &timedOut):
		return diag.NewAttributeErrorDiagnostic(path.Root("timeouts"), "Timed Out Waiting for HSS Export Task",
			fmt.Sprintf("%s. Large exports can take longer: raise the wait with timeouts = { %s = \"%s\" } "+
				"(now %s), or do not wait for the task to finish.",
				f.client.Redact(timedOut.Error()), f.op.timeoutAttr, shortDuration(2*f.timeout), shortDuration(f.timeout)))
	}
	text := "The request could not be made."
	for _, h := range hints {
		if h.match(f.err) {
			text = h.detail(f)
			break
		}
	}
	return diag.NewErrorDiagnostic(f.op.summary, f.client.Redact(text+"\n\n"+causeLabel(f.err)+f.err.Error()))
}

// causeLabel introduces an error's own words: HSS's when the service
// answered, never for what failed on this side (a cancellation, a timeout,
// a connection, a local file).
func causeLabel(err error) string {
	var apiErr *hss.APIError
	var respErr *hss.ResponseError
	if errors.As(err, &apiErr) || errors.As(err, &respErr) {
		return "HSS said: "
	}
	return "Cause: "
}

// oddityWarnings turns what is strange about an answer into warnings the
// user sees in the plan, each with the request id to report it with.
func oddityWarnings(client *hss.Client, task *hss.ExportTask, asked string) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, odd := range task.Oddities(asked) {
		id := "Request id: " + task.RequestID + "."
		if task.RequestID == "" {
			id = "The answer carried no request id."
		}
		diags.AddWarning("Unexpected HSS Export Task Answer", client.Redact(odd)+". "+id)
	}
	return diags
}

// withRequestID ends a request to contact support: with the request id
// the service gave, or else with what support can use instead.
func withRequestID(id string) string {
	if id == "" {
		return " with the time of the failure (the answer carried no request id)"
	}
	return " with request id " + id
}

// shortDuration prints d as a timeout would be written: "20m", not "20m0s".
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// endpointOf is the endpoint a transport error names.
func endpointOf(err error) string {
	var te *hss.TransportError
	if errors.As(err, &te) {
		return te.Endpoint
	}
	return ""
}

// projectOf names the project requests go to, for hints.
func projectOf(client *hss.Client) string {
	if id := client.ProjectID(); id != "" {
		return fmt.Sprintf("project %q", id)
	}
	return "the project IAM names after the region"
}
