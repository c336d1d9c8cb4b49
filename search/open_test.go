package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func open(t *testing.T, dir string, src Source) *Index {
	t.Helper()
	ix, err := Open(context.Background(), dir, src)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// finds reports whether the index answers the shop A ship-time question.
func finds(t *testing.T, ix *Index) bool {
	t.Helper()
	hits, err := ix.Search(context.Background(), shopA, "什么时候发货", 3)
	if err != nil {
		t.Fatal(err)
	}
	return rankOf(hits, sShipTime) == 1
}

func TestOpenRebuilds(t *testing.T) {
	tests := []struct {
		name    string
		damage  func(t *testing.T, dir string) // applied to a good, closed index
		rebuilt bool
	}{
		{"current", func(*testing.T, string) {}, false},
		{"folder deleted", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"other mapping version", func(t *testing.T, dir string) {
			setInternal(t, dir, keyMappingVersion, "0")
		}, true},
		{"built from another database", func(t *testing.T, dir string) {
			setInternal(t, dir, keySource, "another-db")
		}, true},
		{"other dictionaries", func(t *testing.T, dir string) {
			setInternal(t, dir, keyDictChecksum, "beef")
		}, true},
		{"garbage files", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "index_meta.json"), "{not json")
			writeFile(t, filepath.Join(dir, "junk.bin"), "\x00\x01garbage")
		}, true},
		{"corrupt store", func(t *testing.T, dir string) {
			writeFile(t, filepath.Join(dir, "store", "root.bolt"), "this is not a bolt database")
		}, true},
		{"meta missing", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "index_meta.json")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"a file instead of a folder", func(t *testing.T, dir string) {
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			writeFile(t, dir, "not a folder")
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			ix := open(t, dir, smallKB)
			if !ix.Rebuilt() {
				t.Error("new folder: Rebuilt() = false")
			}
			if err := ix.Close(); err != nil {
				t.Fatal(err)
			}
			tt.damage(t, dir)

			ix = open(t, dir, smallKB)
			defer ix.Close()
			if ix.Rebuilt() != tt.rebuilt {
				t.Errorf("Rebuilt() = %v, want %v", ix.Rebuilt(), tt.rebuilt)
			}
			if !finds(t, ix) {
				t.Error("reopened index does not find the entry")
			}
		})
	}
}

func setInternal(t *testing.T, dir string, key []byte, val string) {
	t.Helper()
	ix := open(t, dir, smallKB)
	if err := ix.idx.SetInternal(key, []byte(val)); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestOpenKeepsChanges(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := open(t, dir, smallKB)
	if err := ix.Put(Doc{EntryID: 77, ShopID: shopA, Enabled: true, Question: "可以刻字吗"}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Delete(sShipTime); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	ix = open(t, dir, smallKB)
	defer ix.Close()
	if ix.Rebuilt() {
		t.Fatal("current index rebuilt")
	}
	hits, err := ix.Search(context.Background(), shopA, "能刻字吗", 3)
	if err != nil || rankOf(hits, 77) != 1 {
		t.Errorf("entry put before closing: %v %v", hits, err)
	}
	if finds(t, ix) {
		t.Error("entry deleted before closing is back")
	}
}

func TestOpenLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := open(t, dir, smallKB)
	defer ix.Close()

	start := time.Now()
	_, err := Open(context.Background(), dir, smallKB)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: got %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second Open took %v", d)
	}
	// The first index is untouched.
	if !finds(t, ix) {
		t.Error("index held by the first opener damaged")
	}
}

var errSource = errors.New("store down")

type failingSource struct{ after int }

func (failingSource) Identity() string { return "test-db" }

func (failingSource) Seq(context.Context) (int64, error) { return 0, nil }

func (s failingSource) EachDoc(ctx context.Context, fn func(Doc) error) error {
	for i, d := range smallKB {
		if i == s.after {
			return errSource
		}
		if err := fn(d); err != nil {
			return err
		}
	}
	return nil
}

func TestOpenSourceFails(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	_, err := Open(context.Background(), dir, failingSource{after: 3})
	if !errors.Is(err, errSource) {
		t.Fatalf("got %v, want the source's error", err)
	}
	// The half-built index lacks its version and is rebuilt next time.
	ix := open(t, dir, smallKB)
	defer ix.Close()
	if !ix.Rebuilt() || !finds(t, ix) {
		t.Errorf("interrupted rebuild not redone: rebuilt %v", ix.Rebuilt())
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenMem(ctx, smallKB); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled rebuild: got %v", err)
	}
}

func TestOpenRefusesRoot(t *testing.T) {
	for _, dir := range []string{"", "/", string(filepath.Separator)} {
		if _, err := Open(context.Background(), dir, nil); err == nil {
			t.Errorf("Open(%q): no error", dir)
		}
	}
}

func TestOpenEmpty(t *testing.T) {
	ix := open(t, filepath.Join(t.TempDir(), "a", "b", "index"), nil)
	defer ix.Close()
	hits, err := ix.Search(context.Background(), shopA, "什么时候发货", 3)
	if err != nil || len(hits) != 0 {
		t.Errorf("empty index: %v %v", hits, err)
	}
}
