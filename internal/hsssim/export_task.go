package hsssim

import (
	"net/http"
	"time"
	"unicode/utf8"

	"github.com/hss-community/terraform-provider-hss/internal/hss/kinds"
)

// The export-task status queries. Each task is known at one of them only:
// an events task at the event exports' own, every other at the generic
// one, so that a client polling at the wrong one fails a test. The latest
// task of a type is found by its export_task_type too.

// The task status queries, as routes faults can target: the generic one,
// the event exports' own, and the latest task of a type.
const (
	RouteExportTask       = "GET /v5/{project_id}/export-task/{task_id}"
	RouteEventExportTask  = "GET /v5/{project_id}/event/export-task/{task_id}"
	RouteLatestExportTask = "GET /v5/{project_id}/export-task"
)

// Task is an export task the simulator knows.
type Task struct {
	ID       string `json:"task_id"`
	Name     string `json:"task_name"`
	Status   string `json:"task_status"`
	FileID   string `json:"file_id,omitempty"`
	FileName string `json:"file_name,omitempty"`
	// EnterpriseProjectID is the enterprise project the task belongs to;
	// empty means the default one, "0".
	EnterpriseProjectID string `json:"enterprise_project_id,omitempty"`
	// RunningPolls makes the first reads answer "running" (without file
	// fields) before the task shows Status.
	RunningPolls int `json:"running_polls,omitempty"`
	// RunningSeconds makes the task answer "running" until that many seconds
	// after it was added.
	RunningSeconds float64 `json:"running_seconds,omitempty"`
	// Kind is the kind of export that started it; empty is any kind but
	// events. It decides the status endpoint that knows the task.
	Kind string `json:"kind,omitempty"`
}

type taskState struct {
	Task
	reads int
	added time.Time
}

// AddTask adds or replaces an export task.
func (s *Simulator) AddTask(t Task) {
	if t.EnterpriseProjectID == "" {
		t.EnterpriseProjectID = "0"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tasks[t.ID] = &taskState{Task: t, added: s.cfg.Now()}
}

// ForgetTask forgets an export task, as HSS does once a task expires or is
// deleted: every status endpoint then answers HSS.0011.
func (s *Simulator) ForgetTask(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.tasks, id)
}

// serveTaskAt answers a task status query at one endpoint: event says
// whether it is the event exports' own.
func (s *Simulator) serveTaskAt(event bool) handler {
	return func(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
		taskID := r.PathValue("task_id")
		if taskID == "" || utf8.RuneCountInString(taskID) > 64 {
			return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: task_id"), ""
		}
		return s.serveTask(w, r, taskID, func(t *taskState) bool { return isEventKind(t.Kind) == event })
	}
}

// serveLatestExportTask answers ShowLatestExportTaskByType: the task named
// by task_id, if it is of export_task_type.
func (s *Simulator) serveLatestExportTask(w http.ResponseWriter, r *http.Request, _ string) (int, string) {
	q := gatewayQuery(r.URL.RawQuery)
	taskID, typ := q.Get("task_id"), q.Get("export_task_type")
	if taskID == "" || utf8.RuneCountInString(taskID) > 64 || utf8.RuneCountInString(typ) > 64 {
		return hssError(w, http.StatusBadRequest, "HSS.0001", "Invalid parameter: task_id is required"), ""
	}
	// export_task_type is optional in the SDK's model and the API
	// reference: without it, the task of that id, whatever its type.
	return s.serveTask(w, r, taskID, func(t *taskState) bool {
		k, ok := kinds.Named(t.Kind)
		return typ == "" || ok && k.TaskType == typ
	})
}

func isEventKind(kind string) bool {
	k, ok := kinds.Named(kind)
	return ok && k.Status == kinds.EventStatus
}

// serveTask answers with task taskID if it is known here (here) and
// visible in the query's enterprise project.
func (s *Simulator) serveTask(w http.ResponseWriter, r *http.Request, taskID string, here func(*taskState) bool) (int, string) {
	ep := gatewayQuery(r.URL.RawQuery).Get("enterprise_project_id")

	s.mu.Lock()
	t, found := s.tasks[taskID]
	var body map[string]string
	if found && here(t) && visible(t.EnterpriseProjectID, ep) {
		t.reads++
		body = map[string]string{"task_id": t.ID, "task_name": t.Name, "task_status": t.Status}
		if t.runningNow(s.cfg.Now()) {
			body["task_status"] = "running"
		} else {
			putIfSet(body, "file_id", t.FileID)
			putIfSet(body, "file_name", t.FileName)
		}
	}
	s.mu.Unlock()

	if body == nil {
		return hssError(w, http.StatusBadRequest, "HSS.0011", "The requested resource does not exist"), ""
	}
	return writeJSON(w, http.StatusOK, body), body["task_status"]
}

func (t *taskState) runningNow(now time.Time) bool {
	if t.reads <= t.RunningPolls {
		return true
	}
	return t.RunningSeconds > 0 && now.Sub(t.added).Seconds() < t.RunningSeconds
}

// visible says whether a task in enterprise project taskEP answers a query
// for queryEP: the default project when none is asked, every project for
// all_granted_eps.
func visible(taskEP, queryEP string) bool {
	switch queryEP {
	case "":
		return taskEP == "0"
	case "all_granted_eps":
		return true
	}
	return taskEP == queryEP
}

func putIfSet(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}
