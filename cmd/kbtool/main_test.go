package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"replydesk/engine"
	"replydesk/kbfile"
	"replydesk/store"
)

// dataDir makes a data folder with a database holding two shops.
func dataDir(t *testing.T) string {
	t.Helper()
	t.Setenv("REPLYDESK_DATA_DIR", "") // kbtool -data sets it; restore it after the test
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, name := range []string{"抖音旗舰店", "TikTok Shop"} {
		if _, err := st.CreateShop(ctx, engine.Shop{Name: name, Platform: "douyin", Locale: "zh-CN"}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// kbtool runs the command and returns its exit status and outputs.
func kbtool(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

func sample() []engine.Entry {
	return []engine.Entry{
		{
			Question: "什么时候发货", Similar: []string{"几天发货", "怎么还不发, 急"},
			Answers: []engine.Answer{
				{Text: "亲，订单 {order.id} 会在 {order.promise_ship_at} 前发出", When: []engine.OrderStatus{engine.OrderPaid}},
				{Text: "已发出：{order.tracking_no}\n请留意 \"快递\" 电话 😀", When: []engine.OrderStatus{engine.OrderShipped}},
				{Text: "请发订单号"},
			},
			Category: engine.CategoryOrder, Intent: "ship_time", Enabled: true,
			Operations: []engine.Operation{engine.OpOrderCard},
		},
		{
			Question: "我要投诉", Answers: []engine.Answer{{Text: "已为您转接专员"}},
			Category: engine.CategoryAfterSales, Intent: "complaint", Enabled: false, NeverAuto: true,
			Operations: []engine.Operation{engine.OpTransferHuman},
		},
		{
			Question: "是纯棉的吗", Similar: []string{"什么面料"}, Answers: []engine.Answer{{Text: "100% 纯棉"}},
			Category: engine.CategoryProduct, Enabled: true,
		},
	}
}

// writeFile writes entries in a format to a file of dir.
func writeFile(t *testing.T, dir string, f kbfile.Format, entries []engine.Entry) string {
	t.Helper()
	var buf bytes.Buffer
	if err := kbfile.Write(&buf, f, entries); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "kb."+string(f))
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// content is entries without what the store adds (IDs, versions, stamps).
func content(t *testing.T, entries []engine.Entry) []engine.Entry {
	t.Helper()
	out := make([]engine.Entry, len(entries))
	for i, e := range entries {
		e.ID, e.ShopID, e.Version, e.UpdatedAt, e.UpdatedBy = 0, 0, 0, time.Time{}, ""
		out[i] = e
	}
	checked, err := engine.CheckEntries(0, out)
	if err != nil {
		t.Fatal(err)
	}
	return checked
}

func TestKB5_ImportThenExportEachFormat(t *testing.T) {
	data := dataDir(t)
	file := writeFile(t, t.TempDir(), kbfile.CSV, sample())
	code, out, errOut := kbtool(t, "import", "-shop", "抖音旗舰店", "-data", data, file)
	if code != 0 || out != "created 3, updated 0\n" {
		t.Fatalf("import: %d %q %q", code, out, errOut)
	}
	want := content(t, sample())
	for _, f := range kbfile.Formats {
		path := filepath.Join(t.TempDir(), "out."+string(f))
		code, _, errOut := kbtool(t, "export", "-data", data, "-shop", "1", "-format", string(f), "-o", path)
		if code != 0 {
			t.Fatalf("export %s: %d %s", f, code, errOut)
		}
		got, err := kbfile.ReadFile(path)
		if err != nil {
			t.Fatalf("export %s: %v", f, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("export %s:\n got  %+v\n want %+v", f, got, want)
		}
		// To standard output (not a terminal here), the format from -format.
		code, out, _ := kbtool(t, "export", "-data", data, "-shop", "抖音旗舰店", "-format", string(f))
		got, err = kbfile.Read(strings.NewReader(out), f)
		if code != 0 || err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("export %s to stdout: %d %v", f, code, err)
		}
		// Importing an export again updates every entry.
		code, out, errOut = kbtool(t, "import", "-data", data, "-shop", "1", path)
		if code != 0 || out != "created 0, updated 3\n" {
			t.Errorf("re-import %s: %d %q %q", f, code, out, errOut)
		}
	}
	// The other shop is untouched.
	if n := exportedEntries(t, data, "TikTok Shop"); n != 0 {
		t.Errorf("the other shop has %d entries", n)
	}
}

// exportedEntries exports a shop's KB as JSON and counts its entries; a
// failed export fails the test.
func exportedEntries(t *testing.T, data, shop string) int {
	t.Helper()
	code, out, errOut := kbtool(t, "export", "-data", data, "-shop", shop, "-format", "json")
	var f struct {
		Format  string            `json:"format"`
		Entries []json.RawMessage `json:"entries"`
	}
	if err := json.Unmarshal([]byte(out), &f); code != 0 || err != nil || f.Format != "replydesk-kb" || f.Entries == nil {
		t.Fatalf("export of %s: %d %v %q %q", shop, code, err, out, errOut)
	}
	return len(f.Entries)
}

func TestKB5_ImportRecordsTheActor(t *testing.T) {
	data := dataDir(t)
	file := writeFile(t, t.TempDir(), kbfile.JSON, sample()[:1])
	if code, _, errOut := kbtool(t, "import", "-data", data, "-shop", "2", file); code != 0 {
		t.Fatal(errOut)
	}
	st, err := store.Open(context.Background(), filepath.Join(data, "replydesk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	es, err := st.ShopEntries(context.Background(), 2)
	if err != nil || len(es) != 1 || !strings.HasPrefix(es[0].UpdatedBy, "kbtool (") {
		t.Fatalf("%+v %v", es, err)
	}
}

func TestKB5_ValidateReportsRows(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, kbfile.XLSX, sample())
	code, out, _ := kbtool(t, "validate", good)
	if code != 0 || out != "ok: 3 entries, 3 similar questions\n" {
		t.Errorf("validate good: %d %q", code, out)
	}
	bad := filepath.Join(dir, "bad.csv")
	csv := "question,answer,category\n" +
		"Q1,A1,order\n" +
		"Q2," + strings.Repeat("长", 1001) + ",order\n" +
		"Q3,A3,电器\n"
	if err := os.WriteFile(bad, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := kbtool(t, "validate", bad)
	if code != 1 || out != "" {
		t.Errorf("validate bad: %d %q", code, out)
	}
	for _, want := range []string{
		"row 3: answer: has 1001 characters; at most 1000 are allowed\n",
		"row 4: category: \"电器\" is not a category\n",
		"2 invalid rows",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
}

func TestKB5_ImportRefusesABadFileWhole(t *testing.T) {
	data := dataDir(t)
	entries := sample()
	entries[2].Category = "电器"
	file := writeFile(t, t.TempDir(), kbfile.JSON, entries)
	code, out, errOut := kbtool(t, "import", "-data", data, "-shop", "1", file)
	if code != 1 || out != "" || !strings.Contains(errOut, "entry 3: category:") {
		t.Errorf("import bad: %d %q %q", code, out, errOut)
	}
	if n := exportedEntries(t, data, "1"); n != 0 {
		t.Errorf("a bad file changed the KB: %d entries", n)
	}
	// A broken file: the message says where.
	broken := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(broken, []byte(`{"format":"replydesk-kb","entries":[{"question": 5}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = kbtool(t, "import", "-data", data, "-shop", "1", broken)
	if code != 1 || !strings.Contains(errOut, "line 1, column") {
		t.Errorf("import broken: %d %q", code, errOut)
	}
}

func TestKB5_UnknownShop(t *testing.T) {
	data := dataDir(t)
	file := writeFile(t, t.TempDir(), kbfile.CSV, sample())
	code, out, errOut := kbtool(t, "import", "-data", data, "-shop", "京东店", file)
	if code != 1 || out != "" {
		t.Errorf("unknown shop: %d %q", code, out)
	}
	for _, want := range []string{`no shop "京东店"`, "1  抖音旗舰店", "2  TikTok Shop"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	if code, _, _ := kbtool(t, "export", "-data", data, "-shop", "9", "-format", "csv"); code != 1 {
		t.Errorf("export of shop 9: %d", code)
	}
}

func TestKB5_NoDatabase(t *testing.T) {
	t.Setenv("REPLYDESK_DATA_DIR", "")
	data := t.TempDir()
	file := writeFile(t, t.TempDir(), kbfile.CSV, sample())
	code, _, errOut := kbtool(t, "import", "-data", data, "-shop", "1", file)
	if code != 1 || !strings.Contains(errOut, "no ReplyDesk database") {
		t.Errorf("%d %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(data, "replydesk.db")); !os.IsNotExist(err) {
		t.Errorf("a database was created: %v", err)
	}
}

func TestKB5_TemplateValidates(t *testing.T) {
	for _, f := range kbfile.Formats {
		for _, locale := range []string{"zh-CN", "en"} {
			path := filepath.Join(t.TempDir(), "template."+string(f))
			if code, _, errOut := kbtool(t, "template", "-locale", locale, "-o", path); code != 0 {
				t.Fatalf("template %s %s: %s", f, locale, errOut)
			}
			if code, out, errOut := kbtool(t, "validate", path); code != 0 || !strings.HasPrefix(out, "ok: 3 entries") {
				t.Errorf("validate template %s %s: %q %q", f, locale, out, errOut)
			}
		}
	}
}

func TestKB5_UsageErrors(t *testing.T) {
	file := writeFile(t, t.TempDir(), kbfile.CSV, sample())
	for _, args := range [][]string{
		{},
		{"bogus"},
		{"validate"},
		{"validate", file, file},
		{"validate", "-format", "xls", file},
		{"validate", "kb.txt"},
		{"validate", "-"},
		{"import", file},
		{"export", "-shop", "1"},
		{"template", "-format", "csv", "-locale", "fr"},
		{"template", "-format", "csv", "extra"},
		{"validate", "-nope", file},
		{"export", "-shop", "1", "-format", "csv", "-o", "kb.xlsx"},
	} {
		if code, _, errOut := kbtool(t, args...); code != 2 || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, errOut)
		}
	}
	code, out, _ := kbtool(t, "-h")
	if code != 0 || !strings.Contains(out, "kbtool import -shop S") {
		t.Errorf("-h: %d %q", code, out)
	}
	if code, out, _ := kbtool(t, "import", "-h"); code != 0 || out == "" {
		t.Errorf("import -h: %d", code)
	}
}

func TestKB5_ValidateReadsStdinAndFlagsAfterFile(t *testing.T) {
	var buf bytes.Buffer
	if err := kbfile.Write(&buf, kbfile.JSON, sample()); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"validate", "-", "-format", "json"}, &buf, &out, &errOut)
	if code != 0 || !strings.HasPrefix(out.String(), "ok: 3 entries") {
		t.Errorf("%d %q %q", code, out.String(), errOut.String())
	}
	if code, _, _ := kbtool(t, "validate", "missing.csv"); code != 1 {
		t.Errorf("missing file: %d", code)
	}
}
