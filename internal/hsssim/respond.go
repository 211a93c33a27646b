package hsssim

import (
	"encoding/json"
	"net/http"
)

// The shapes of answers: the gateway's errors carry request_id in the
// body, HSS's an error_description.

func gatewayError(w http.ResponseWriter, status int, code, msg, requestID string) int {
	return writeJSON(w, status, map[string]string{"error_code": code, "error_msg": msg, "request_id": requestID})
}

func hssError(w http.ResponseWriter, status int, code, msg string) int {
	return writeJSON(w, status, map[string]string{"error_code": code, "error_msg": msg, "error_description": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) int {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status
}
