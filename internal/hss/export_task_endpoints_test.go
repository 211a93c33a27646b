package hss_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hss-community/terraform-provider-hss/internal/hss"
	"github.com/hss-community/terraform-provider-hss/internal/hsssim"
)

// Which endpoint serves a kind's task is confirmed for a few kinds only, so
// a read looks at the others before it gives up, and says so when the
// table's guess was wrong. The simulator knows each task at one endpoint.
func TestGetExportTask_LooksElsewhereBeforeGivingUp(t *testing.T) {
	eventTask := hsssim.Task{ID: "ev-1", Kind: "events", Name: "e", Status: "success", FileID: "f-1", FileName: "a.zip"}
	vulTask := hsssim.Task{ID: "vul-1", Kind: "vulnerabilities", Name: "v", Status: "success", FileID: "f-2", FileName: "b.zip"}
	reportTask := hsssim.Task{ID: "rep-1", Kind: "operational_report", Name: "r", Status: "running"}
	sim, srv := newSim(t, eventTask, vulTask, reportTask)
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
	ctx := context.Background()
	cases := []struct {
		name, id, kind string
		faults         []hsssim.Fault
		at             hss.TaskEndpoint
		paths          []string
		elsewhere      bool
	}{
		{name: "an events task is read at the event endpoint first", id: "ev-1", kind: "events",
			at: hss.EventEndpoint, paths: []string{"/event/export-task/ev-1"}},
		{name: "an events task read without its kind is still found, without a warning", id: "ev-1",
			at: hss.EventEndpoint, paths: []string{"/export-task/ev-1", "/event/export-task/ev-1"}},
		{name: "a task not where its kind says is found at the other endpoint, with a warning", id: "vul-1", kind: "events",
			at: hss.GenericEndpoint, paths: []string{"/event/export-task/vul-1", "/export-task/vul-1"}, elsewhere: true},
		{name: "an operational report that neither path knows is looked for by its type last", id: "rep-1", kind: "operational_report",
			faults: []hsssim.Fault{{Status: 400, Code: "HSS.0011", Message: "not found", Route: hsssim.RouteExportTask, Count: 1}},
			at:     hss.LatestByTypeEndpoint, elsewhere: true,
			paths: []string{"/export-task/rep-1", "/event/export-task/rep-1", "/export-task?export_task_type=operational-report&task_id=rep-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := len(sim.Requests())
			sim.Inject(tc.faults...)
			task, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: tc.id, Kind: tc.kind})
			if err != nil {
				t.Fatal(err)
			}
			if task.At != tc.at || (task.Elsewhere != "") != tc.elsewhere {
				t.Errorf("found at %v (elsewhere %q); want %v, a warning %v", task.At, task.Elsewhere, tc.at, tc.elsewhere)
			}
			var paths []string
			for _, r := range sim.Requests()[before:] {
				p := strings.TrimPrefix(r.Path, "/v5/"+project)
				if r.RawQuery != "" {
					p += "?" + r.RawQuery
				}
				paths = append(paths, p)
			}
			if strings.Join(paths, " ") != strings.Join(tc.paths, " ") {
				t.Errorf("read at %q; want %q", paths, tc.paths)
			}
		})
	}
	t.Run("a task no endpoint knows is the first endpoint's not-found error", func(t *testing.T) {
		_, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: "nope", Kind: "events"})
		if !errors.Is(err, hss.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
	t.Run("a wait keeps reading where the first read found the task, and still says so at the end", func(t *testing.T) {
		sim.AddTask(hsssim.Task{ID: "vul-2", Kind: "vulnerabilities", Name: "v", Status: "success", FileID: "f-3", FileName: "c.zip", RunningPolls: 2})
		before := len(sim.Requests())
		task, err := c.WaitForExportTask(ctx, hss.ExportTaskQuery{TaskID: "vul-2", Kind: "events"},
			hss.WaitPolicy{FirstInterval: time.Millisecond, MaxInterval: time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		if task.Elsewhere == "" {
			t.Error("the warning of the first read was lost")
		}
		event := 0
		for _, r := range sim.Requests()[before:] {
			if strings.Contains(r.Path, "/event/") {
				event++
			}
		}
		if event != 1 {
			t.Errorf("the event endpoint was asked %d times; want once", event)
		}
	})
}

// A status endpoint that is not published in the region (404 APIGW.0101,
// or a 404 with no HSS error code) is passed over like one that does not
// know the task, and the warning says plainly that nothing is wrong; when
// no endpoint has the task, an HSS.0011 from any of them wins. Whose guess
// the first endpoint was decides the words of a task found elsewhere.
func TestGetExportTask_UnpublishedEndpointsAndWhoseGuess(t *testing.T) {
	vulTask := hsssim.Task{ID: "vul-1", Kind: "vulnerabilities", Name: "v", Status: "success", FileID: "f-2", FileName: "b.zip"}
	sim, srv := newSim(t, vulTask)
	c := newClient(t, srv.URL, hss.TokenAuth{Token: token})
	ctx := context.Background()
	for _, fault := range []hsssim.Fault{
		{Status: 404, Route: hsssim.RouteExportTask},
		{Status: 404, Route: hsssim.RouteExportTask, Body: `{"message":"no route"}`},
	} {
		sim.Inject(fault)
		task, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: "vul-1"})
		if !errors.Is(err, hss.ErrNotFound) {
			t.Errorf("%+v: err = %v, task %+v; want the event endpoint's HSS.0011, not the 404", fault, err, task)
		}
	}
	sim.AddTask(hsssim.Task{ID: "ev-1", Kind: "events", Name: "e", Status: "success", FileID: "f-1", FileName: "a.zip"})
	sim.Inject(hsssim.Fault{Status: 404, Route: hsssim.RouteExportTask})
	task, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: "ev-1"})
	if err != nil || task.At != hss.EventEndpoint || !strings.Contains(task.Elsewhere, "is not published in this region") {
		t.Errorf("after an unpublished endpoint: %+v, %v", task, err)
	}
	for _, c2 := range []struct {
		fromUser bool
		want     string
	}{{true, `check that kind = "events" is right for this task`}, {false, "Please report this to the provider's maintainers"}} {
		task, err := c.GetExportTask(ctx, hss.ExportTaskQuery{TaskID: "vul-1", Kind: "events", KindFromUser: c2.fromUser})
		if err != nil || !strings.Contains(task.Elsewhere, c2.want) || c2.fromUser && strings.Contains(task.Elsewhere, "maintainers") {
			t.Errorf("kind from the user %v: %q, %v; want %q", c2.fromUser, task.Elsewhere, err, c2.want)
		}
	}
}
