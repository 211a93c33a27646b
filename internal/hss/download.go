package hss

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Downloading an exported file: GET /v5/{project_id}/download/{file_id}.

// MaxFileIDLength is the longest file id the API issues.
const MaxFileIDLength = 64

// ValidateFileID checks a file id (see ValidatePathSegment).
func ValidateFileID(id string) error { return ValidatePathSegment(id, MaxFileIDLength) }

// DownloadQuery names one exported file.
type DownloadQuery struct {
	FileID string
	// EnterpriseProjectID is sent as enterprise_project_id when not empty.
	EnterpriseProjectID string
	// Region overrides the client's region (see ExportTaskQuery).
	Region string
}

// Download streams the file to write, which must start over from scratch
// each time it is called: a body cut short, like any failed request, is
// retried from its start. The file is never held in memory. It returns the
// request id of the answer that arrived whole.
func (c *Client) Download(ctx context.Context, q DownloadQuery, write func(body io.Reader) error) (requestID string, err error) {
	if err := ValidateFileID(q.FileID); err != nil {
		return "", fmt.Errorf("file_id %q %w", q.FileID, err)
	}
	project, err := c.project(ctx, q.Region)
	if err != nil {
		return "", err
	}
	base, err := c.baseURL(q.Region)
	if err != nil {
		return "", err
	}
	var query url.Values
	if q.EnterpriseProjectID != "" {
		query = url.Values{"enterprise_project_id": {q.EnterpriseProjectID}}
	}
	u, err := apiURL(base, project, []pathPart{literal("download"), id("file_id", q.FileID, MaxFileIDLength)}, query)
	if err != nil {
		return "", err
	}
	err = c.t.stream(ctx, call{method: http.MethodGet, url: u, region: c.regionOf(q.Region), projectID: project, auth: c.auth},
		func(body io.Reader, header http.Header) error {
			requestID = c.secrets.requestID(header)
			if c.t.log == nil {
				return write(body)
			}
			return write(&progressReader{r: body, ctx: ctx, log: c.t.log, now: c.t.retry.now, fileID: q.FileID})
		})
	return requestID, err
}

// progressReader logs a download's progress at INFO about every
// ProgressEvery: the bytes so far, the rate and the time it has taken.
type progressReader struct {
	r      io.Reader
	ctx    context.Context
	log    Logger
	now    func() time.Time
	fileID string

	n             int64
	start, logged time.Time
}

func (p *progressReader) Read(b []byte) (int, error) {
	if p.start.IsZero() {
		p.start, p.logged = p.now(), p.now()
	}
	n, err := p.r.Read(b)
	p.n += int64(n)
	if now := p.now(); now.Sub(p.logged) >= ProgressEvery {
		p.logged = now
		elapsed := now.Sub(p.start)
		p.log.Info(p.ctx, "Downloading HSS export file "+p.fileID, map[string]any{"bytes": p.n,
			"rate_mb_per_s": fmt.Sprintf("%.1f", float64(p.n)/1e6/elapsed.Seconds()), "elapsed": elapsed.Round(time.Second).String()})
	}
	return n, err
}
