package hss

import (
	"errors"
	"fmt"
	"net/url"
	"unicode"
	"unicode/utf8"
)

// Ids that become path segments of an API URL: their longest lengths.
const (
	MaxTaskIDLength    = 64
	MaxProjectIDLength = 64
)

// ValidatePathSegment rejects a value that the API cannot have issued as an
// id and that could change a request's meaning once it is a path segment:
// empty or over-long values, "." and ".." (which a URL resolves as
// directories, escaped or not), and values with "/", "?", "#", whitespace,
// control characters or invalid UTF-8. Errors read as the end of a sentence
// that starts with the value's name.
func ValidatePathSegment(s string, maxLen int) error {
	switch {
	case s == "":
		return errors.New("must not be empty")
	case !utf8.ValidString(s):
		return errors.New("must be valid UTF-8")
	case utf8.RuneCountInString(s) > maxLen:
		return fmt.Errorf("must be at most %d characters", maxLen)
	case s == "." || s == "..":
		return fmt.Errorf("must not be %q", s)
	}
	for _, r := range s {
		switch {
		case r == '/' || r == '?' || r == '#':
			return fmt.Errorf("must not contain %q", r)
		case unicode.IsSpace(r):
			return errors.New("must not contain whitespace")
		case unicode.IsControl(r):
			return errors.New("must not contain control characters")
		}
	}
	return nil
}

// ValidateTaskID checks an export task id (see ValidatePathSegment).
func ValidateTaskID(id string) error { return ValidatePathSegment(id, MaxTaskIDLength) }

// ValidateProjectID checks a project id (see ValidatePathSegment).
func ValidateProjectID(id string) error { return ValidatePathSegment(id, MaxProjectIDLength) }

// apiURL is base with the path /v5/{project}/{segments…} and query. The
// project and every segment marked as an id are checked with
// ValidatePathSegment and escaped; the others are the API's own words.
func apiURL(base *url.URL, project string, path []pathPart, query url.Values) (*url.URL, error) {
	if err := ValidateProjectID(project); err != nil {
		return nil, fmt.Errorf("project id %q %w", project, err)
	}
	u := *base
	u.Path = base.Path + "/v5/" + project
	u.RawPath = base.EscapedPath() + "/v5/" + url.PathEscape(project)
	for _, p := range path {
		if p.name != "" {
			if err := ValidatePathSegment(p.value, p.maxLen); err != nil {
				return nil, fmt.Errorf("%s %q %w", p.name, p.value, err)
			}
		}
		u.Path += "/" + p.value
		u.RawPath += "/" + url.PathEscape(p.value)
	}
	u.RawQuery = query.Encode()
	return &u, nil
}

// pathPart is one segment of an API path: a literal of the API's
// (name empty), or an id named name, at most maxLen characters.
type pathPart struct {
	value, name string
	maxLen      int
}

// literal is a path segment of the API's own, such as "export-task".
func literal(s string) pathPart { return pathPart{value: s} }

// id is a path segment that comes from the user or the service.
func id(name, value string, maxLen int) pathPart {
	return pathPart{value: value, name: name, maxLen: maxLen}
}
