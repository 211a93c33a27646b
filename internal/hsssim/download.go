package hsssim

import (
	"archive/zip"
	"bufio"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// The download of an exported file: GET /v5/{project_id}/download/{file_id}
// serves a real zip holding a CSV of the exported columns, of about
// Config.FileSize bytes, written as it is sent so that a file of hundreds
// of megabytes costs the simulator no memory.

// RouteDownload is the download route, as faults can target it.
const RouteDownload = "GET /v5/{project_id}/download/{file_id}"

// DefaultFileSize is the size of a downloaded file when Config.FileSize
// is zero.
const DefaultFileSize = 64 << 10

// exportFile is a file an export produced.
type exportFile struct {
	columns []string
}

// columnsOf are the titles of an export's columns, or a default row.
func columnsOf(k kinds.Kind, body any) []string {
	pairs := body
	if obj, ok := body.(map[string]any); ok {
		pairs = obj[k.HeadersField]
	}
	var titles []string
	if list, ok := pairs.([]any); ok {
		for _, e := range list {
			if pair, ok := e.([]any); ok && len(pair) == 2 {
				titles = append(titles, fmt.Sprint(pair[1]))
			}
		}
	}
	if len(titles) == 0 {
		titles = []string{"id", "name"}
	}
	return titles
}

// serveDownload streams the file as a zip.
func (s *Simulator) serveDownload(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
	s.mu.Lock()
	f, ok := s.files[r.PathValue("file_id")]
	size := s.cfg.FileSize
	s.mu.Unlock()
	if !ok {
		return hssError(w, http.StatusBadRequest, "HSS.0011", "The requested resource does not exist"), ""
	}
	if size <= 0 {
		size = DefaultFileSize
	}
	var out io.Writer = w
	if fault := exchangeOf(r).fault; fault != nil {
		out = &faultyWriter{w: w, cutAfter: fault.CutAfter, pace: fault.Pace, flusher: http.NewResponseController(w)}
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.WriteHeader(http.StatusOK)
	if err := writeZip(out, f.columns, size); err != nil {
		// The connection is cut: the client sees a body that stops short.
		panic(http.ErrAbortHandler)
	}
	return http.StatusOK, ""
}

// writeZip writes a zip of one CSV, export.csv, of about size bytes.
func writeZip(w io.Writer, columns []string, size int64) error {
	bw := bufio.NewWriterSize(w, 32<<10)
	zw := zip.NewWriter(bw)
	// Stored, not deflated: the file is as large on the wire as asked.
	csv, err := zw.CreateHeader(&zip.FileHeader{Name: "export.csv", Method: zip.Store, Modified: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		return err
	}
	// Rows are numbered and made in blocks of about blockSize: a formatted
	// row and a checksum update per few dozen bytes held a 200 MB file to
	// some 30 MB/s, so a download measured the simulator, not the client.
	header := strings.Join(columns, ",") + "\n"
	suffix := strings.Repeat(",value", len(columns)-1) + "\n"
	if _, err := io.WriteString(csv, header); err != nil {
		return err
	}
	const blockSize = 1 << 20
	written := int64(len(header))
	block := make([]byte, 0, blockSize+64)
	var digits [20]byte
	for i := int64(0); written < size; i++ {
		start := len(block)
		d := strconv.AppendInt(digits[:0], i, 10)
		for pad := len(d); pad < 8; pad++ {
			block = append(block, '0')
		}
		block = append(append(block, d...), suffix...)
		written += int64(len(block) - start)
		if len(block) >= blockSize {
			if _, err := csv.Write(block); err != nil {
				return err
			}
			block = block[:0]
		}
	}
	if _, err := csv.Write(block); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

// faultyWriter plays a download fault: the body cut after cutAfter bytes,
// or sent in small pieces pace apart.
type faultyWriter struct {
	w        io.Writer
	cutAfter int64
	pace     time.Duration
	sent     int64
	flusher  *http.ResponseController
}

var errCut = fmt.Errorf("the simulator cut the body")

func (f *faultyWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		chunk := p
		if f.pace > 0 && len(chunk) > 4<<10 {
			chunk = chunk[:4<<10]
		}
		if f.cutAfter > 0 && f.sent+int64(len(chunk)) > f.cutAfter {
			chunk = chunk[:f.cutAfter-f.sent]
		}
		n, err := f.w.Write(chunk)
		written += n
		f.sent += int64(n)
		if err != nil {
			return written, err
		}
		p = p[n:]
		if f.cutAfter > 0 && f.sent >= f.cutAfter {
			_ = f.flusher.Flush()
			return written, errCut
		}
		if f.pace > 0 {
			_ = f.flusher.Flush()
			time.Sleep(f.pace)
		}
	}
	return written, nil
}
