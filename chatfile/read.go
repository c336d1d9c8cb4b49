package chatfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// MaxFileBytes is the largest chat-log or order file read.
const MaxFileBytes = 20 << 20

// column names one column of a file and the other names it may have.
type column struct {
	name     string
	aliases  []string
	required bool
}

// ChatColumns are the columns of a chat-log file (CSV or xlsx): buyer_id,
// sender, text and time are required; session optionally names the
// conversation (an export's conversation_id does too), rating optionally
// carries the buyer's rating (engine.ParseChatRating). The other columns
// of an export (shop, type, payload, entry_id, source) are ignored, so an
// export can be imported elsewhere.
var chatColumns = []column{
	{name: "buyer_id", aliases: []string{"buyer", "买家id", "买家账号"}, required: true},
	{name: "buyer_name", aliases: []string{"name", "买家昵称", "昵称"}},
	{name: "sender", aliases: []string{"发送方", "角色"}, required: true},
	{name: "text", aliases: []string{"message", "content", "内容", "消息"}, required: true},
	{name: "time", aliases: []string{"created_at", "时间"}, required: true},
	{name: "session", aliases: []string{"conversation_id", "conversation", "会话"}},
	{name: "rating", aliases: []string{"评价"}},
}

var chatIgnored = []string{"shop", "type", "payload", "entry_id", "source"}

// table is a file's rows of cells under a header, each with its row number.
type table struct {
	index map[string]int
	rows  [][]string
	nums  []int
}

func (t *table) cell(r int, name string) string {
	i, ok := t.index[name]
	if !ok || i >= len(t.rows[r]) {
		return ""
	}
	return t.rows[r][i]
}

// readTable reads a CSV or xlsx file into a table with the given columns.
func readTable(b []byte, f Format, cols []column, ignored []string) (*table, error) {
	var recs [][]string
	var nums []int
	var err error
	if f == XLSX {
		recs, nums, err = xlsxRecords(b)
	} else {
		recs, nums, err = csvRecords(b)
	}
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fileErr("history_file_empty", "the file is empty")
	}
	t := &table{index: map[string]int{}}
	for i, h := range recs[0] {
		key := strings.ToLower(strings.TrimSpace(h))
		if !utf8.ValidString(key) {
			return nil, fileErr("history_file_encoding", "the first row is not UTF-8 text (save the file as \"CSV UTF-8\", or as xlsx)")
		}
		name := ""
		for _, c := range cols {
			if key == c.name || containsFold(c.aliases, key) {
				name = c.name
			}
		}
		switch {
		case key == "" || containsFold(ignored, key):
			continue
		case name == "":
			return nil, fileErr("history_file_columns", "the column %q is unknown (known: %s)", h, columnNames(cols))
		}
		if _, dup := t.index[name]; dup {
			return nil, fileErr("history_file_columns", "the column %q appears twice", name)
		}
		t.index[name] = i
	}
	for _, c := range cols {
		if _, ok := t.index[c.name]; c.required && !ok {
			return nil, fileErr("history_file_columns", "the column %q is missing (needed: %s)", c.name, requiredNames(cols))
		}
	}
	for i, rec := range recs[1:] {
		blank := true
		for j, v := range rec {
			rec[j] = unsafeCell(v)
			if strings.TrimSpace(v) != "" {
				blank = false
			}
		}
		if !blank {
			t.rows = append(t.rows, rec)
			t.nums = append(t.nums, nums[i+1])
		}
	}
	if len(t.rows) > engine.MaxImportRows {
		return nil, fileErr("history_file_too_many", "the file has %d rows; at most %d can be imported at once", len(t.rows), engine.MaxImportRows)
	}
	return t, nil
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}

func columnNames(cols []column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

func requiredNames(cols []column) string {
	var names []string
	for _, c := range cols {
		if c.required {
			names = append(names, c.name)
		}
	}
	return strings.Join(names, ", ")
}

// csvRecords reads a CSV file, UTF-8 with or without a byte-order mark,
// separated by commas (tabs or semicolons when the header has no comma).
// nums are the rows' numbers as a spreadsheet shows them (header = 1).
func csvRecords(b []byte) ([][]string, []int, error) {
	if bytes.HasPrefix(b, []byte{0xFF, 0xFE}) || bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return nil, nil, fileErr("history_file_encoding", "the file is UTF-16 text; save it as \"CSV UTF-8\"")
	}
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	r := csv.NewReader(bytes.NewReader(b))
	line, _, _ := bytes.Cut(b, []byte("\n"))
	switch {
	case bytes.ContainsRune(line, ','):
	case bytes.ContainsRune(line, '\t'):
		r.Comma = '\t'
	case bytes.ContainsRune(line, ';'):
		r.Comma = ';'
	}
	r.FieldsPerRecord = -1
	var recs [][]string
	var nums []int
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, fileErr("history_file_broken", "the CSV is broken at line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, nil, fileErr("history_file_broken", "the CSV cannot be read: %v", err)
		}
		l, _ := r.FieldPos(0)
		recs = append(recs, rec)
		nums = append(nums, l)
	}
	return recs, nums, nil
}

// xlsxRecords reads the first sheet of a workbook.
func xlsxRecords(b []byte) ([][]string, []int, error) {
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		return nil, nil, fileErr("history_file_broken", "the file is not a readable xlsx workbook: %v", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, fileErr("history_file_empty", "the workbook has no sheet")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, fileErr("history_file_broken", "the sheet cannot be read: %v", err)
	}
	defer rows.Close()
	var recs [][]string
	var nums []int
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			return nil, nil, fileErr("history_file_broken", "row %d cannot be read: %v", n, err)
		}
		if len(recs) == 0 && len(cols) == 0 {
			continue
		}
		recs = append(recs, cols)
		nums = append(nums, n)
	}
	return recs, nums, nil
}

func checkSize(b []byte) error {
	if len(b) > MaxFileBytes {
		return fileErr("history_file_too_big", "the file is larger than %d MB", MaxFileBytes>>20)
	}
	return nil
}

// ReadChats reads the rows of a chat-log file. CSV and xlsx have a header
// row naming the columns (buyer_id, buyer_name, sender, text, time,
// session, rating; Chinese names such as 买家ID, 发送方, 内容, 时间 are understood).
// JSON is an array of objects with those keys, or a JSON export of this
// app (each conversation's messages become rows, the conversation's ID
// their session). Rows are numbered as a spreadsheet shows them (header =
// 1) and, in JSON, from 1 in the file's order. Cells are not checked here:
// see engine.CheckChats.
func ReadChats(b []byte, f Format) ([]engine.ChatRow, error) {
	if err := checkSize(b); err != nil {
		return nil, err
	}
	if f == JSON {
		return readChatsJSON(b)
	}
	t, err := readTable(b, f, chatColumns, chatIgnored)
	if err != nil {
		return nil, err
	}
	out := make([]engine.ChatRow, len(t.rows))
	for i := range t.rows {
		out[i] = engine.ChatRow{Row: t.nums[i], BuyerID: t.cell(i, "buyer_id"), BuyerName: t.cell(i, "buyer_name"),
			Sender: t.cell(i, "sender"), Text: t.cell(i, "text"), Time: t.cell(i, "time"), Session: t.cell(i, "session"),
			Rating: t.cell(i, "rating")}
	}
	return out, nil
}

// flexString is a JSON string or number, read as text.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] != '"' {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("must be a string or a number")
		}
		*s = flexString(n)
		return nil
	}
	var v string
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*s = flexString(v)
	return nil
}

type jsonChatRow struct {
	BuyerID   flexString `json:"buyer_id"`
	BuyerName flexString `json:"buyer_name"`
	Sender    string     `json:"sender"`
	Text      string     `json:"text"`
	Time      string     `json:"time"`
	Session   flexString `json:"session"`
	Rating    flexString `json:"rating"`
}

type jsonExport struct {
	Format        string `json:"format"`
	Conversations []struct {
		ID        int64             `json:"id"`
		BuyerID   flexString        `json:"buyer_id"`
		BuyerName flexString        `json:"buyer_name"`
		Messages  []json.RawMessage `json:"messages"`
	} `json:"conversations"`
}

// badRow is a row of a JSON file that does not decode: its problem is
// reported with the row.
func badRow(row int, err error) engine.ChatRow {
	return engine.ChatRow{Row: row, Problems: []engine.FieldError{{Key: "history_bad_row", Detail: "the row " + err.Error()}}}
}

func readChatsJSON(b []byte) ([]engine.ChatRow, error) {
	b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	trimmed := bytes.TrimSpace(b)
	if len(trimmed) == 0 {
		return nil, fileErr("history_file_empty", "the file is empty")
	}
	var out []engine.ChatRow
	if trimmed[0] == '{' {
		var ex jsonExport
		if err := json.Unmarshal(b, &ex); err != nil {
			return nil, jsonErr(b, err)
		}
		if ex.Format != JSONFormat {
			return nil, fileErr("history_file_format", "the JSON is neither a list of messages nor a %s export", JSONFormat)
		}
		for _, c := range ex.Conversations {
			for _, raw := range c.Messages {
				var m jsonChatRow
				row := len(out) + 1
				if err := strictJSON(raw, &m); err != nil {
					out = append(out, badRow(row, err))
					continue
				}
				out = append(out, engine.ChatRow{Row: row, BuyerID: string(c.BuyerID), BuyerName: string(c.BuyerName),
					Sender: m.Sender, Text: m.Text, Time: m.Time, Session: strconv.FormatInt(c.ID, 10), Rating: string(m.Rating)})
			}
		}
		return out, nil
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(b, &raws); err != nil {
		return nil, jsonErr(b, err)
	}
	for i, raw := range raws {
		var m jsonChatRow
		if err := strictJSON(raw, &m); err != nil {
			out = append(out, badRow(i+1, err))
			continue
		}
		out = append(out, engine.ChatRow{Row: i + 1, BuyerID: string(m.BuyerID), BuyerName: string(m.BuyerName),
			Sender: m.Sender, Text: m.Text, Time: m.Time, Session: string(m.Session), Rating: string(m.Rating)})
	}
	return out, nil
}

// strictJSON decodes one object, refusing unknown keys other than those an
// export writes.
func strictJSON(raw json.RawMessage, v any) error {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(raw, &keys); err != nil {
		return fmt.Errorf("is not a JSON object")
	}
	known := map[string]bool{}
	for _, k := range []string{"buyer_id", "buyer_name", "sender", "text", "time", "session", "rating", "type", "payload", "entry_id", "source", "shop",
		"id", "status", "amount", "currency", "items", "promise_ship_at", "courier", "tracking_no", "address"} {
		known[k] = true
	}
	for k := range keys {
		if !known[k] {
			return fmt.Errorf("has an unknown key %q", k)
		}
	}
	if err := json.Unmarshal(raw, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return fmt.Errorf("%q has the wrong type (%s)", te.Field, te.Value)
		}
		return fmt.Errorf("cannot be read: %v", err)
	}
	return nil
}

func jsonErr(b []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		line := 1 + bytes.Count(b[:min(int(se.Offset), len(b))], []byte("\n"))
		return fileErr("history_file_broken", "the JSON is broken at line %d: %v", line, err)
	}
	return fileErr("history_file_broken", "the JSON is not a list of rows: %v", err)
}
