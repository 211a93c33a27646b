package provider

import (
	"os"
	"testing"
)

// The docs' figures and tables come from the code that decides them: the
// sections of the templates between "generated" markers must be what
// DocSections renders (make generate writes them); CI fails when they
// differ.
func TestDocs_GeneratedSections(t *testing.T) {
	for name, sections := range DocSections() {
		file := "../../" + name
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text, err := FillSections(string(raw), sections)
		if err != nil {
			t.Fatalf("%s %v", file, err)
		}
		if text != string(raw) {
			t.Errorf("%s is not what the code says; run make generate", file)
		}
	}
}
