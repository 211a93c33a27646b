// Command docsections writes the docs' generated sections
// (provider.DocSections) into their templates; `go generate
// ./internal/provider` runs it, and make generate before tfplugindocs.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hss-community/terraform-provider-hss/internal/provider"
)

func main() {
	root := flag.String("root", ".", "the repository's root")
	flag.Parse()
	for name, sections := range provider.DocSections() {
		file := filepath.Join(*root, name)
		raw, err := os.ReadFile(file)
		if err == nil {
			var text string
			if text, err = provider.FillSections(string(raw), sections); err == nil && text != string(raw) {
				err = os.WriteFile(file, []byte(text), 0o644) //nolint:gosec // a docs template, read by all
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "docsections:", file, err)
			os.Exit(1)
		}
	}
}
