package boot

import (
	"context"
	"io"
	"log/slog"
	"os"
	"runtime"
	"runtime/pprof"
	"testing"
)

// TestMemProfile writes the heap profile of an opened app with the demo KB
// to the file named by REPLYDESK_MEMPROFILE (skipped without it): where the
// headless process's memory goes.
func TestMemProfile(t *testing.T) {
	out := os.Getenv("REPLYDESK_MEMPROFILE")
	if out == "" {
		t.Skip("set REPLYDESK_MEMPROFILE=FILE")
	}
	dir := os.Getenv("REPLYDESK_MEMPROFILE_DATA")
	if dir == "" {
		dir = t.TempDir()
	}
	a, err := Open(context.Background(), Options{Paths: testPaths(dir), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Keychain: noKeychain{}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use %d MiB, sys %d MiB", ms.HeapInuse>>20, ms.Sys>>20)
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := pprof.WriteHeapProfile(f); err != nil {
		t.Fatal(err)
	}
}
