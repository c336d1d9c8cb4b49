package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"replydesk/channel"
	"replydesk/engine"
	"replydesk/store"
)

// dataDir makes a data folder with a database holding two shops.
func dataDir(t *testing.T) string {
	t.Helper()
	t.Setenv("REPLYDESK_DATA_DIR", "") // -data sets it; restore it after the test
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, name := range []string{"抖音旗舰店", "TikTok Shop"} {
		if _, err := st.CreateShop(ctx, engine.Shop{Name: name}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func rdctl(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func openStore(t *testing.T, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestTokenPrintsANewTokenOfTheShop_CV7b(t *testing.T) {
	dir := dataDir(t)
	code, out, errOut := rdctl(t, "token", "-shop", "TikTok Shop", "-data", dir)
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "rdk_") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	_, out2, _ := rdctl(t, "token", "-shop", "2", "-data", dir)
	st := openStore(t, dir)
	ctx := context.Background()
	if id, err := st.WebhookTokenShop(ctx, channel.HashToken(strings.TrimSpace(out2))); err != nil || id != 2 {
		t.Fatalf("%d %v", id, err)
	}
	if _, err := st.WebhookTokenShop(ctx, channel.HashToken(token)); err == nil {
		t.Fatal("the replaced token still works")
	}
}

func TestCallbackSetsTheShopsCallback_CV7b(t *testing.T) {
	dir := dataDir(t)
	code, out, errOut := rdctl(t, "callback", "-shop", "1", "-url", "http://127.0.0.1:9000/hook", "-data", dir)
	secret := strings.TrimSpace(out)
	if code != 0 || len(secret) < 16 {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	st := openStore(t, dir)
	if cb, err := st.Callback(context.Background(), 1); err != nil || cb.URL != "http://127.0.0.1:9000/hook" || cb.Secret != secret {
		t.Fatalf("%+v %v", cb, err)
	}
	// A new address keeps the secret; an empty one removes the callback.
	if code, out, _ := rdctl(t, "callback", "-shop", "1", "-url", "http://127.0.0.1:9001/hook", "-data", dir); code != 0 || out != "" {
		t.Fatalf("%d %q", code, out)
	}
	if cb, _ := st.Callback(context.Background(), 1); cb.Secret != secret {
		t.Fatal("the secret changed")
	}
	if code, _, _ := rdctl(t, "callback", "-shop", "1", "-url", "", "-data", dir); code != 0 {
		t.Fatal(code)
	}
	if _, err := st.Callback(context.Background(), 1); err == nil {
		t.Fatal("not removed")
	}
}

func TestRdctlFailures(t *testing.T) {
	dir := dataDir(t)
	cases := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{}, 2, "Usage"},
		{[]string{"nope"}, 2, "unknown command"},
		{[]string{"token"}, 2, "-shop is required"},
		{[]string{"token", "-shop", "1", "extra"}, 2, "unexpected"},
		{[]string{"callback", "-shop", "1", "-data", dir}, 2, "-url is required"},
		{[]string{"token", "-shop", "9", "-data", dir}, 1, "no shop \"9\""},
		{[]string{"token", "-shop", "1", "-data", t.TempDir()}, 1, "no ReplyDesk database"},
		{[]string{"callback", "-shop", "1", "-url", "ftp://x", "-data", dir}, 1, "not valid"},
	}
	for _, tc := range cases {
		code, _, errOut := rdctl(t, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.msg) {
			t.Errorf("%v: %d %q", tc.args, code, errOut)
		}
	}
	if code, out, _ := rdctl(t, "-h"); code != 0 || !strings.Contains(out, "rdctl token") {
		t.Fatalf("%d %q", code, out)
	}
}
