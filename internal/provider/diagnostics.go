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

// readErrorDiagnostic reports a failed read. A task that failed and a wait
// that ran out have summaries of their own; every other failure is
// "Unable to Read HSS Export Task" with readErrorDetail. Whatever the
// service said passes through client.Redact first: an error body may quote
// the credential it rejected.
func readErrorDiagnostic(q hss.ExportTaskQuery, client *hss.Client, timeout time.Duration, err error) diag.Diagnostic {
	var failed *hss.TaskFailedError
	var timedOut *hss.WaitTimeoutError
	switch {
	case errors.As(err, &failed):
		return diag.NewAttributeErrorDiagnostic(path.Root("task_id"), "HSS Export Task Failed",
			client.Redact(failed.Error())+". HSS could not produce the export file; start a new export, and if it "+
				"fails again contact Huawei Cloud support"+withRequestID(failed.Task.RequestID)+".")
	case errors.As(err, &timedOut):
		return diag.NewAttributeErrorDiagnostic(path.Root("timeouts"), "Timed Out Waiting for HSS Export Task",
			fmt.Sprintf("%s. Large exports can take longer: raise the wait with timeouts = { read = \"%s\" } "+
				"in the data source (now %s), or set wait_for_completion = false to read the status without waiting.",
				client.Redact(timedOut.Error()), shortDuration(2*timeout), shortDuration(timeout)))
	}
	return diag.NewErrorDiagnostic("Unable to Read HSS Export Task", client.Redact(readErrorDetail(q, client, timeout, err)))
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

// readErrorDetail explains a failed read: first what the user can do about
// it, then the service's own words (status, error code, message, request
// id) as the client reported them.
func readErrorDetail(q hss.ExportTaskQuery, client *hss.Client, timeout time.Duration, err error) string {
	var hint string
	var respErr *hss.ResponseError
	var transportErr *hss.TransportError
	var credErr *hss.CredentialError
	switch {
	case errors.As(err, &credErr) && credErr.Kind == hss.PasswordToken:
		hint = "IAM refused the password login. Check user_name and domain_name (or domain_id), or user_id, and " +
			"password, or their HW_USER_NAME, HW_DOMAIN_NAME, HW_DOMAIN_ID, HW_USER_ID and HW_USER_PASSWORD " +
			"variables, and auth_url. The provider asks IAM once and will not retry a refused login."
	case errors.As(err, &credErr) && credErr.Kind == hss.AgencyKeys:
		hint = "IAM refused the agency. Check assume_role's agency_name and domain_name or domain_id, and that " +
			"the base credentials may assume it."
	case errors.As(err, &credErr) && credErr.Kind == hss.AccountID:
		hint = "The provider could not look up in IAM the account (domain) the access key belongs to, which " +
			"assume_role needs. Set domain_id (or HW_DOMAIN_ID), or check the keys' access to IAM and auth_url."
	case errors.As(err, &credErr) && credErr.Kind == hss.ProjectID:
		hint = "The provider could not look up the project of the region in IAM. Set project_id (or " +
			"HW_PROJECT_ID), or check region and the credentials' access to IAM."
	case errors.Is(err, hss.ErrNotFound):
		ep := "the default enterprise project"
		if q.EnterpriseProjectID != "" {
			ep = fmt.Sprintf("enterprise project %q", q.EnterpriseProjectID)
		}
		hint = fmt.Sprintf("HSS export task %q was not found in %s, %s. Check task_id, the provider's "+
			"project_id, and enterprise_project_id: a task started in another enterprise project is only found "+
			"with that enterprise_project_id, or with \"all_granted_eps\".", q.TaskID, projectOf(client), ep)
	case errors.Is(err, hss.ErrClockSkew):
		hint = "HSS rejected the request's timestamp as more than 15 minutes off the server's clock. " +
			"Check this machine's clock (for example that NTP is running) and its time zone."
	case errors.Is(err, hss.ErrUnauthorized):
		hint = "HSS rejected the credentials. Check token, or access_key and secret_key (and security_token " +
			"for temporary keys), or their HW_* environment variables; that they have not expired; and that " +
			"this machine's clock is correct."
	case errors.Is(err, hss.ErrForbidden):
		hint = fmt.Sprintf("The credentials are valid but not allowed to read HSS export tasks in %s. "+
			"Grant the user an HSS read permission (such as HSS ReadOnlyAccess) in that project and "+
			"enterprise project, or check project_id and enterprise_project_id.", projectOf(client))
	case errors.Is(err, hss.ErrNoSuchAPI):
		hint = "The endpoint does not serve the HSS API. Check endpoint (HW_HSS_ENDPOINT) and region: the " +
			"default endpoint is https://hss.{region}.myhuaweicloud.com."
	case errors.Is(err, hss.ErrThrottled):
		hint = fmt.Sprintf("HSS kept throttling the request (max_retries = %d). Retry later, read fewer tasks "+
			"at a time (terraform -parallelism), or raise max_retries.", client.MaxRetries())
	case errors.Is(err, hss.ErrServer):
		var apiErr *hss.APIError
		errors.As(err, &apiErr)
		hint = fmt.Sprintf("HSS or its gateway kept failing (max_retries = %d). Retry later; if it persists, "+
			"contact Huawei Cloud support%s.", client.MaxRetries(), withRequestID(apiErr.RequestID))
	case errors.Is(err, hss.ErrInvalidParameter):
		hint = "HSS rejected a parameter. Check task_id and enterprise_project_id."
	case errors.As(err, &respErr):
		hint = "HSS answered, but not with an export task. Check that endpoint points at the HSS API and not " +
			"at a proxy or a login page."
	case errors.As(err, &transportErr):
		hint = transportHint(transportErr)
		var unknownAuthority x509.UnknownAuthorityError
		var certErr *x509.CertificateInvalidError
		var hostErr x509.HostnameError
		if errors.As(err, &unknownAuthority) || errors.As(err, &certErr) || errors.As(err, &hostErr) {
			hint = "The endpoint's TLS certificate could not be verified. Trust its CA (for example with the " +
				"SSL_CERT_FILE environment variable) or, against a test endpoint only, set insecure = true."
		}
	case errors.Is(err, context.Canceled):
		hint = "The read was cancelled."
	case errors.Is(err, context.DeadlineExceeded):
		hint = fmt.Sprintf("The read did not finish within timeouts.read (%s), retries included. Check the "+
			"endpoint's health, or raise it with timeouts = { read = \"%s\" }.", shortDuration(timeout), shortDuration(2*timeout))
	default:
		hint = "The request could not be made."
	}
	return hint + "\n\nHSS said: " + err.Error()
}

// transportHint says what a request that got no whole answer means, by
// how far it got.
func transportHint(e *hss.TransportError) string {
	switch e.Stage {
	case hss.StageAnswer:
		return fmt.Sprintf("The HSS endpoint %s accepted the connection but did not answer. It may be overloaded, "+
			"or a proxy or firewall on the way holds the request: check endpoint and the proxy settings "+
			"(HTTPS_PROXY, NO_PROXY), and retry later.", e.Endpoint)
	case hss.StageBody:
		return fmt.Sprintf("The HSS endpoint %s started to answer but the answer never arrived whole: it stopped "+
			"or came too slowly. Retry later, and check the proxy settings (HTTPS_PROXY, NO_PROXY).", e.Endpoint)
	}
	return fmt.Sprintf("The HSS endpoint %s could not be reached. Check endpoint and region, the network, and "+
		"proxy settings (HTTPS_PROXY, NO_PROXY).", e.Endpoint)
}

// projectOf names the project reads go to, for hints.
func projectOf(client *hss.Client) string {
	if id := client.ProjectID(); id != "" {
		return fmt.Sprintf("project %q", id)
	}
	return "the project IAM names after the region"
}
