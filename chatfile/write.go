package chatfile

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// ExportColumns are the header row of CSV and xlsx exports.
var ExportColumns = []string{"conversation_id", "shop", "buyer_id", "buyer_name", "sender", "type", "text", "payload", "entry_id", "source", "time"}

// cellTime is the time of a CSV or xlsx row: seconds, and the fraction of
// a second when there is one, so that two messages of a buyer sent within
// one second ("在吗" twice) are not read back as one row repeated (which an
// import refuses). ReadChats reads both.
const cellTime = "2006-01-02 15:04:05.999999999"

// ExportInfo describes an export, for the JSON header and the times.
type ExportInfo struct {
	ShopID int64
	// From and To are the days exported, as asked ("2026-11-01").
	From, To string
	// Location is the desk's time zone, in which times are written.
	Location *time.Location
}

// Writer writes the chat history in a format as messages are added,
// grouped by conversation as they come. Close finishes the file; nothing
// is complete before.
type Writer struct {
	info          ExportInfo
	rows          rowWriter
	json          *jsonWriter
	conversations int
	messages      int
	last          int64
}

// rowWriter writes one row of cells (CSV or xlsx).
type rowWriter interface {
	row(cells []any) error
	close() error
}

// NewWriter starts a file of format f on w.
func NewWriter(w io.Writer, f Format, info ExportInfo) (*Writer, error) {
	if info.Location == nil {
		info.Location = time.Local
	}
	out := &Writer{info: info}
	var err error
	switch f {
	case CSV:
		out.rows, err = newCSVRows(w)
	case XLSX:
		out.rows, err = newXLSXRows(w)
	case JSON:
		out.json, err = newJSONWriter(w, info)
	default:
		return nil, fileErr("history_bad_format", "%q is not a format (csv, xlsx or json)", f)
	}
	if err != nil {
		return nil, err
	}
	if out.rows != nil {
		head := make([]any, len(ExportColumns))
		for i, c := range ExportColumns {
			head[i] = c
		}
		if err := out.rows.row(head); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Add writes one message; messages of a conversation must come together.
func (w *Writer) Add(m engine.HistoryMessage) error {
	if m.ConversationID != w.last || w.conversations == 0 {
		w.conversations++
	}
	w.last = m.ConversationID
	w.messages++
	if w.json != nil {
		return w.json.add(m, w.info.Location)
	}
	at := m.CreatedAt.In(w.info.Location).Format(cellTime)
	return w.rows.row([]any{m.ConversationID, safeCell(m.ShopName), safeCell(m.BuyerExternalID), safeCell(m.BuyerName),
		string(m.Sender), string(m.Type), safeCell(m.Text), safeCell(m.Payload), m.EntryID, m.Source, at})
}

// Close finishes the file.
func (w *Writer) Close() error {
	if w.json != nil {
		return w.json.close()
	}
	return w.rows.close()
}

// Conversations and Messages count what was written.
func (w *Writer) Conversations() int { return w.conversations }
func (w *Writer) Messages() int      { return w.messages }

type csvRows struct {
	bw *bufio.Writer
	cw *csv.Writer
	s  []string
}

func newCSVRows(w io.Writer) (*csvRows, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return nil, fmt.Errorf("chatfile: %w", err)
	}
	return &csvRows{bw: bw, cw: csv.NewWriter(bw)}, nil
}

func (c *csvRows) row(cells []any) error {
	c.s = c.s[:0]
	for _, v := range cells {
		switch v := v.(type) {
		case string:
			c.s = append(c.s, v)
		case int64:
			c.s = append(c.s, strconv.FormatInt(v, 10))
		default:
			c.s = append(c.s, fmt.Sprint(v))
		}
	}
	if err := c.cw.Write(c.s); err != nil {
		return fmt.Errorf("chatfile: %w", err)
	}
	return nil
}

func (c *csvRows) close() error {
	c.cw.Flush()
	if err := c.cw.Error(); err != nil {
		return fmt.Errorf("chatfile: %w", err)
	}
	if err := c.bw.Flush(); err != nil {
		return fmt.Errorf("chatfile: %w", err)
	}
	return nil
}

// xlsxSheet is the exported sheet's name.
const xlsxSheet = "chats"

type xlsxRows struct {
	w    io.Writer
	f    *excelize.File
	sw   *excelize.StreamWriter
	n    int
	vals []any
}

func newXLSXRows(w io.Writer) (*xlsxRows, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return nil, fmt.Errorf("chatfile: xlsx: %w", err)
	}
	sw, err := f.NewStreamWriter(xlsxSheet)
	if err != nil {
		return nil, fmt.Errorf("chatfile: xlsx: %w", err)
	}
	for i, width := range []float64{10, 14, 16, 14, 8, 8, 60, 20, 8, 8, 20} {
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, fmt.Errorf("chatfile: xlsx: %w", err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("chatfile: xlsx: %w", err)
	}
	return &xlsxRows{w: w, f: f, sw: sw}, nil
}

func (x *xlsxRows) row(cells []any) error {
	x.n++
	name, err := excelize.CoordinatesToCellName(1, x.n)
	if err != nil {
		return fmt.Errorf("chatfile: xlsx: %w", err)
	}
	if err := x.sw.SetRow(name, cells); err != nil {
		return fmt.Errorf("chatfile: xlsx: %w", err)
	}
	return nil
}

func (x *xlsxRows) close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return fmt.Errorf("chatfile: xlsx: %w", err)
	}
	if _, err := x.f.WriteTo(x.w); err != nil {
		return fmt.Errorf("chatfile: xlsx: %w", err)
	}
	return nil
}

// JSON export.

type jsonHeader struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	ShopID  int64  `json:"shop_id"`
	From    string `json:"from"`
	To      string `json:"to"`
}

type jsonConversation struct {
	ID        int64  `json:"id"`
	ShopID    int64  `json:"shop_id"`
	Shop      string `json:"shop"`
	BuyerID   string `json:"buyer_id"`
	BuyerName string `json:"buyer_name"`
}

type jsonMessage struct {
	Sender  string          `json:"sender"`
	Type    string          `json:"type"`
	Text    string          `json:"text"`
	Payload json.RawMessage `json:"payload,omitempty"`
	EntryID int64           `json:"entry_id,omitempty"`
	Source  string          `json:"source,omitempty"`
	Time    string          `json:"time"`
}

// JSONFormat names the JSON export (its "format" field).
const JSONFormat = "replydesk-chats"

type jsonWriter struct {
	bw    *bufio.Writer
	open  bool
	last  int64
	first bool
}

func newJSONWriter(w io.Writer, info ExportInfo) (*jsonWriter, error) {
	j := &jsonWriter{bw: bufio.NewWriterSize(w, 64<<10)}
	head, err := json.Marshal(jsonHeader{Format: JSONFormat, Version: 1, ShopID: info.ShopID, From: info.From, To: info.To})
	if err != nil {
		return nil, fmt.Errorf("chatfile: json: %w", err)
	}
	// The header's closing brace is replaced by the conversations.
	j.bw.Write(head[:len(head)-1])
	j.bw.WriteString(",\n\"conversations\": [")
	return j, nil
}

func (j *jsonWriter) add(m engine.HistoryMessage, loc *time.Location) error {
	if !j.open || m.ConversationID != j.last {
		if j.open {
			j.bw.WriteString("]},")
		}
		j.open, j.last, j.first = true, m.ConversationID, true
		c, err := json.Marshal(jsonConversation{ID: m.ConversationID, ShopID: m.ShopID, Shop: m.ShopName,
			BuyerID: m.BuyerExternalID, BuyerName: m.BuyerName})
		if err != nil {
			return fmt.Errorf("chatfile: json: %w", err)
		}
		j.bw.WriteString("\n")
		j.bw.Write(c[:len(c)-1])
		j.bw.WriteString(",\"messages\":[")
	}
	jm := jsonMessage{Sender: string(m.Sender), Type: string(m.Type), Text: m.Text, EntryID: m.EntryID,
		Source: m.Source, Time: m.CreatedAt.In(loc).Format(time.RFC3339Nano)}
	if m.Payload != "" {
		if json.Valid([]byte(m.Payload)) {
			jm.Payload = json.RawMessage(m.Payload)
		} else {
			b, _ := json.Marshal(m.Payload)
			jm.Payload = b
		}
	}
	b, err := json.Marshal(jm)
	if err != nil {
		return fmt.Errorf("chatfile: json: %w", err)
	}
	if !j.first {
		j.bw.WriteString(",")
	}
	j.first = false
	j.bw.WriteString("\n ")
	if _, err := j.bw.Write(b); err != nil {
		return fmt.Errorf("chatfile: json: %w", err)
	}
	return nil
}

func (j *jsonWriter) close() error {
	if j.open {
		j.bw.WriteString("]}")
	}
	j.bw.WriteString("\n]}\n")
	if err := j.bw.Flush(); err != nil {
		return fmt.Errorf("chatfile: json: %w", err)
	}
	return nil
}
