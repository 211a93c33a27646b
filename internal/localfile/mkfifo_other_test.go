//go:build !unix

package localfile

import "errors"

func mkfifo(string) error { return errors.New("no named pipes here") }
