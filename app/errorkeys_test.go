package app

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestEveryErrorKeyHasChineseAndEnglishText finds every error key the Go
// code can hand the window and checks that frontend/src/langs has its text
// in zh-CN and in en.
//
// A key is a string literal given to the Key field of an error type (one
// whose name ends in Error: engine.InputError{Key: "message_empty"},
// engine.FieldError{…}, kbfile.FileError{…}, llm.Error{…}, app's
// Error{Key: "error.none_waiting"}), or given to a function that passes one
// of its parameters on to such a field, directly or through another such
// function (engine's add(field, key, …), llm's invalid(field, key, detail),
// kbfile's fileErr(key, …)…). The Go files are read with go/ast, every
// package of the module; new keys and new helpers are found without a list
// to keep.
//
// Where the window looks a key up:
//   - app's keys are the i18n keys themselves ("error.none_waiting");
//   - the key of an error the window shows whole (InputError, FileError,
//     llm.Error) becomes "error.<key>" (toError);
//   - a FieldError is one problem of a field or a file's row: the KB editor,
//     the KB import and the quick phrases show it as "error.<key>", the chat
//     history import as "history.problem.<key>"; either is accepted.
//
// Keys written into an HTTP answer (by a function that takes an
// http.ResponseWriter, such as channel's writeError) go to the webhook's
// callers and the simulator page, which has its own texts; they never reach
// the window and are not checked.
func TestEveryErrorKeyHasChineseAndEnglishText(t *testing.T) {
	root := moduleRoot(t)
	keys := goErrorKeys(t, root)
	// The finder must see the keys of each way of making one, or it would
	// pass by finding nothing.
	for key, kind := range map[string]keyKind{
		"message_empty":            keyWhole, // engine.InputError literal
		"kb_question_missing":      keyField, // engine's add(field, key, …)
		"history_missing":          keyField, // (*rowProblems).add(row, id, field, key, …) via checkLabel
		"llm_base_url_required":    keyWhole, // llm's invalid(field, key, detail)
		"kb_file_format":           keyWhole, // kbfile.FileError literal
		"history_file_format":      keyWhole, // chatfile's InputError
		"error.none_waiting":       keyApp,   // app.Error literal
		"webhook_callback_invalid": keyWhole,
	} {
		if found, ok := keys[key]; !ok || found.kind != kind {
			t.Errorf("the key finder missed %s (%v): found %+v", key, kind, found)
		}
	}
	if _, ok := keys["token_missing"]; ok {
		t.Error("the webhook's HTTP refusal token_missing was taken for a key the window shows")
	}
	langs := filepath.Join(root, "frontend", "src", "langs")
	texts := map[string]map[string]string{"zh-CN": langMessages(t, langs, "zh-CN"), "en": langMessages(t, langs, "en")}
	for lang, m := range texts {
		if m["error.message_empty"] == "" || m["history.problem.history_missing"] == "" {
			t.Fatalf("the %s messages were not read: error.message_empty %q, history.problem.history_missing %q",
				lang, m["error.message_empty"], m["history.problem.history_missing"])
		}
	}
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		found := keys[k]
		var paths []string
		switch found.kind {
		case keyApp:
			paths = []string{k}
		case keyWhole:
			paths = []string{"error." + k}
		case keyField:
			paths = []string{"error." + k, "history.problem." + k}
		}
		for _, lang := range []string{"zh-CN", "en"} {
			if !slices.ContainsFunc(paths, func(p string) bool { return strings.TrimSpace(texts[lang][p]) != "" }) {
				t.Errorf("%s (%s) has no %s text: add %s to frontend/src/langs/%s*.ts",
					k, found.where, lang, strings.Join(paths, " or "), lang)
			}
		}
	}
}

type keyKind int

const (
	keyWhole keyKind = iota + 1 // the key of an error the window shows whole: "error.<key>"
	keyField                    // a FieldError's: "error.<key>" or "history.problem.<key>"
	keyApp                      // app's own: the i18n key itself
	keyHTTP                     // written into an HTTP answer: not the window's
)

func (k keyKind) String() string {
	return [...]string{"?", "whole", "field", "app", "http"}[k]
}

type foundKey struct {
	kind  keyKind
	where string // file:line of one place that makes it
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's folder")
		}
		dir = parent
	}
}

// goFile is a parsed file of the module and its package's folder.
type goFile struct {
	dir  string
	f    *ast.File
	name string
}

// keyMaker is a function that passes its parameter number param on to an
// error's Key field.
type keyMaker struct {
	kind  keyKind
	param int
}

// makerID names a function: "dir.name" for a package's function,
// "dir.(method)" for a method (matched by name within its package), and
// "file:pos.name" for a function literal assigned to a local variable
// (matched within the function declaring it).
type makerID string

func goErrorKeys(t *testing.T, root string) map[string]foundKey {
	t.Helper()
	fset := token.NewFileSet()
	var files []goFile
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "node_modules" || d.Name() == "frontend" ||
				fileExists(filepath.Join(path, "go.mod"))) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		files = append(files, goFile{dir: filepath.ToSlash(rel), f: f, name: path})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no Go files found")
	}
	makers := map[makerID]keyMaker{}
	keys := map[string]foundKey{}
	record := func(key string, kind keyKind, pos token.Pos) {
		if kind == keyHTTP {
			return
		}
		p := fset.Position(pos)
		rel, _ := filepath.Rel(root, p.Filename)
		if old, ok := keys[key]; ok && old.kind != kind {
			// The stricter wins: a key made whole somewhere needs "error.<key>".
			if kind == keyField {
				return
			}
		}
		keys[key] = foundKey{kind: kind, where: fmt.Sprintf("%s:%d", filepath.ToSlash(rel), p.Line)}
	}
	// Find the key makers until no new one turns up, then the keys.
	for {
		before := len(makers)
		for _, gf := range files {
			walkKeys(gf, makers, nil)
		}
		if len(makers) == before {
			break
		}
	}
	for _, gf := range files {
		walkKeys(gf, makers, record)
	}
	return keys
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// scope is a function being walked: its parameters and what it is.
type scope struct {
	id     makerID
	params map[string]int
	http   bool // takes an http.ResponseWriter
}

// walkKeys walks a file. With record nil it adds the key makers it finds to
// makers; otherwise it records every literal key.
func walkKeys(gf goFile, makers map[makerID]keyMaker, record func(string, keyKind, token.Pos)) {
	imports := map[string]string{} // local name → module folder
	for _, im := range gf.f.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		dir, ok := strings.CutPrefix(path, "replydesk/")
		if !ok {
			continue
		}
		name := dir[strings.LastIndex(dir, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		imports[name] = dir
	}
	for _, decl := range gf.f.Decls {
		w := &keyWalker{gf: gf, imports: imports, makers: makers, record: record, local: fmt.Sprintf("%s:%d.", gf.name, decl.Pos())}
		fd, ok := decl.(*ast.FuncDecl)
		if !ok {
			ast.Inspect(decl, w.visit) // var errX = &InputError{Key: …}
			continue
		}
		if fd.Body == nil {
			continue
		}
		id := makerID(gf.dir + "." + fd.Name.Name)
		if fd.Recv != nil {
			id = makerID(gf.dir + ".(" + fd.Name.Name + ")")
		}
		w.stack = []scope{newScope(id, fd.Type)}
		ast.Inspect(fd.Body, w.visit)
	}
}

func newScope(id makerID, ft *ast.FuncType) scope {
	s := scope{id: id, params: map[string]int{}}
	i := 0
	for _, field := range ft.Params.List {
		if sel, ok := field.Type.(*ast.SelectorExpr); ok && sel.Sel.Name == "ResponseWriter" {
			s.http = true
		}
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, n := range field.Names {
			s.params[n.Name] = i
			i++
		}
	}
	return s
}

type keyWalker struct {
	gf      goFile
	imports map[string]string
	makers  map[makerID]keyMaker
	record  func(string, keyKind, token.Pos)
	local   string // the prefix of this declaration's local makers
	stack   []scope
	// names of function literals assigned to local variables, by position
	named map[token.Pos]string
	// the element type of a slice or array literal being walked
	elems []string
}

func (w *keyWalker) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for i, rhs := range n.Rhs {
			if fl, ok := rhs.(*ast.FuncLit); ok && i < len(n.Lhs) {
				if id, ok := n.Lhs[i].(*ast.Ident); ok {
					if w.named == nil {
						w.named = map[token.Pos]string{}
					}
					w.named[fl.Pos()] = id.Name
				}
			}
			// x.Key = key
			if i < len(n.Lhs) {
				if sel, ok := n.Lhs[i].(*ast.SelectorExpr); ok && sel.Sel.Name == "Key" {
					w.keyValue(rhs, keyWhole)
				}
			}
		}
	case *ast.FuncLit:
		id := makerID(w.local + "?")
		if name, ok := w.named[n.Pos()]; ok {
			id = makerID(w.local + name)
		}
		outer := w.stack
		w.stack = append(slices.Clone(w.stack), newScope(id, n.Type))
		ast.Inspect(n.Body, w.visit)
		w.stack = outer
		return false
	case *ast.CompositeLit:
		typ := typeName(n.Type)
		if typ == "" && len(w.elems) > 0 {
			typ = w.elems[len(w.elems)-1]
		}
		kind := keyWhole
		if typ == "FieldError" {
			kind = keyField
		}
		if typ == "Error" && w.gf.dir == "app" {
			kind = keyApp
		}
		for _, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok && strings.HasSuffix(typ, "Error") {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Key" {
					w.keyValue(kv.Value, kind)
				}
			}
		}
		// Elements of []FieldError{{Key: …}} have no type of their own.
		if at, ok := n.Type.(*ast.ArrayType); ok {
			w.elems = append(w.elems, typeName(at.Elt))
			for _, el := range n.Elts {
				ast.Inspect(el, w.visit)
			}
			w.elems = w.elems[:len(w.elems)-1]
			return false
		}
	case *ast.CallExpr:
		id, ok := w.callee(n.Fun)
		if !ok {
			break
		}
		m, ok := w.makers[id]
		if !ok || m.param >= len(n.Args) {
			break
		}
		w.keyValue(n.Args[m.param], m.kind)
	}
	return true
}

// keyValue handles an expression given to a Key field or a key maker: a
// literal is a key; a parameter makes its function a key maker.
func (w *keyWalker) keyValue(e ast.Expr, kind keyKind) {
	switch v := e.(type) {
	case *ast.BasicLit:
		if w.record == nil || v.Kind != token.STRING {
			return
		}
		s, err := strconv.Unquote(v.Value)
		if err != nil || s == "" {
			return
		}
		if w.inHTTP() {
			kind = keyHTTP
		}
		w.record(s, kind, v.Pos())
	case *ast.Ident:
		if w.record != nil {
			return
		}
		for i := len(w.stack) - 1; i >= 0; i-- {
			s := w.stack[i]
			if p, ok := s.params[v.Name]; ok {
				if s.http {
					kind = keyHTTP
				}
				if _, known := w.makers[s.id]; !known {
					w.makers[s.id] = keyMaker{kind: kind, param: p}
				}
				return
			}
		}
	}
}

// inHTTP tells whether the code being walked writes an HTTP answer.
func (w *keyWalker) inHTTP() bool {
	return slices.ContainsFunc(w.stack, func(s scope) bool { return s.http })
}

// callee names the function a call calls, as a makerID.
func (w *keyWalker) callee(fun ast.Expr) (makerID, bool) {
	switch f := fun.(type) {
	case *ast.Ident:
		if _, ok := w.makers[makerID(w.local+f.Name)]; ok {
			return makerID(w.local + f.Name), true
		}
		return makerID(w.gf.dir + "." + f.Name), true
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			if dir, ok := w.imports[x.Name]; ok {
				return makerID(dir + "." + f.Sel.Name), true
			}
		}
		return makerID(w.gf.dir + ".(" + f.Sel.Name + ")"), true
	}
	return "", false
}

// typeName is the name of a composite literal's type: FieldError for
// engine.FieldError, &engine.FieldError or FieldError.
func typeName(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.SelectorExpr:
		return t.Sel.Name
	case *ast.StarExpr:
		return typeName(t.X)
	}
	return ""
}

// langMessages reads the messages of a language from its files in dir
// (zh-CN.ts, zh-CN.kb.ts…): each "a.b.c" path with a string value. The files
// are object literals of string values; an object assigned to a constant is
// found under the constant's name (export const history = {…} as
// "history.…"), except the one the file exports as default, whose keys are
// the root.
func langMessages(t *testing.T, dir, lang string) map[string]string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, lang+"*.ts"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no %s messages in %s: %v", lang, dir, err)
	}
	out := map[string]string{}
	for _, p := range paths {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		toks := tsTokens(string(src))
		def := ""
		for i := 0; i+2 < len(toks); i++ {
			if toks[i].s == "export" && toks[i+1].s == "default" {
				def = toks[i+2].s
			}
		}
		var stack []string
		for i, tk := range toks {
			switch {
			case tk.s == "{" && !tk.str:
				name := "?"
				if i >= 2 && toks[i-1].s == ":" && !toks[i-1].str {
					name = toks[i-2].s
				} else if i >= 1 && toks[i-1].s == "=" && !toks[i-1].str {
					for j := i - 1; j >= 1; j-- {
						if toks[j-1].s == "const" && !toks[j-1].str {
							name = toks[j].s
							if name == def {
								name = ""
							}
							break
						}
					}
				}
				stack = append(stack, name)
			case tk.s == "}" && !tk.str:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
			case tk.str && i >= 2 && toks[i-1].s == ":" && !toks[i-1].str && len(stack) > 0 && !slices.Contains(stack, "?"):
				parts := append(slices.Clone(stack), toks[i-2].s)
				parts = slices.DeleteFunc(parts, func(s string) bool { return s == "" })
				out[strings.Join(parts, ".")] = tk.s
			}
		}
	}
	return out
}

// tsToken is a word, a punctuation mark or (str) a string's content.
type tsToken struct {
	s   string
	str bool
}

// tsTokens splits TypeScript source into tokens, without comments.
func tsTokens(src string) []tsToken {
	var out []tsToken
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case strings.HasPrefix(src[i:], "//"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '\'' || c == '"' || c == '`':
			var b strings.Builder
			j := i + 1
			for j < len(src) && src[j] != c {
				if src[j] == '\\' && j+1 < len(src) {
					j++
				}
				b.WriteByte(src[j])
				j++
			}
			out = append(out, tsToken{s: b.String(), str: true})
			i = j + 1
		case c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '$' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			out = append(out, tsToken{s: src[i:j]})
			i = j
		default:
			out = append(out, tsToken{s: string(c)})
			i++
		}
	}
	return out
}
