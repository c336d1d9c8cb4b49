package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestExport_CV5_WritesAShopsDaysToAFile(t *testing.T) {
	dir := dataDir(t)
	st := openStore(t, dir)
	ctx := context.Background()
	day := time.Date(2026, 11, 20, 12, 0, 0, 0, time.Local)
	if _, _, err := st.AppendBuyerMessage(ctx, 1, "b1", "小王", "在吗", day); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AppendBuyerMessage(ctx, 2, "b2", "", "hello", day); err != nil {
		t.Fatal(err)
	}
	if _, _, err := st.AppendBuyerMessage(ctx, 1, "b1", "", "明天的", day.Add(23*time.Hour)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "chats.csv")
	code, _, stderr := rdctl(t, "export", "-data", dir, "-shop", "抖音旗舰店", "-from", "2026-11-20", "-to", "2026-11-20", "-out", out)
	if code != 0 || !strings.Contains(stderr, "1 conversations, 1 messages") {
		t.Fatalf("%d %s", code, stderr)
	}
	b, _ := os.ReadFile(out)
	if !strings.HasPrefix(string(b), "\uFEFF") || !strings.Contains(string(b), "在吗") || strings.Contains(string(b), "hello") || strings.Contains(string(b), "明天的") {
		t.Fatalf("%s", b)
	}
	// Every shop, as JSON on standard output.
	code, stdout, stderr := rdctl(t, "export", "-data", dir, "-shop", "all", "-from", "2026-11-20", "-to", "2026-11-21", "-format", "json")
	if code != 0 || !strings.Contains(stdout, "hello") || !strings.Contains(stdout, "明天的") || !strings.Contains(stderr, "2 conversations, 3 messages") {
		t.Fatalf("%d %s %s", code, stdout, stderr)
	}
	// The file is not overwritten; bad dates and formats are usage errors.
	if code, _, _ := rdctl(t, "export", "-data", dir, "-shop", "1", "-from", "2026-11-20", "-to", "2026-11-20", "-out", out); code != 1 {
		t.Fatalf("overwrote: %d", code)
	}
	for _, args := range [][]string{
		{"-from", "2026-11-21", "-to", "2026-11-20"},
		{"-from", "2025-01-01", "-to", "2026-11-20"},
		{"-from", "2026-11-20", "-to", "2026-11-20", "-format", "pdf"},
	} {
		if code, _, stderr := rdctl(t, append([]string{"export", "-data", dir, "-shop", "all"}, args...)...); code != 2 {
			t.Errorf("%v: %d %s", args, code, stderr)
		}
	}
}
