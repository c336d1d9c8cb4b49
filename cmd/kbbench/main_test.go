package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestSeedThenSearchReportTheirFigures(t *testing.T) {
	dir := t.TempDir()
	var out, errs bytes.Buffer
	if code := run([]string{"seed", "-data", dir, "-entries", "200", "-similar", "3"}, &out, &errs); code != 0 {
		t.Fatalf("seed: exit %d: %s", code, errs.String())
	}
	if !strings.Contains(out.String(), "imported 200 entries (800 questions, 600 similar)") {
		t.Errorf("seed printed %q", out.String())
	}
	if code := run([]string{"seed", "-data", dir}, &out, &errs); code != 1 {
		t.Errorf("seeding a folder twice: exit %d, want 1", code)
	}
	out.Reset()
	if code := run([]string{"search", "-data", dir, "-queries", "300"}, &out, &errs); code != 0 {
		t.Fatalf("search: exit %d: %s", code, errs.String())
	}
	for _, want := range []string{"rebuilt: false", "300 searches: p50", "p99"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("search output lacks %q: %q", want, out.String())
		}
	}
	if code := run([]string{"search"}, &out, &errs); code != 2 {
		t.Errorf("no -data: exit %d, want 2", code)
	}
}
