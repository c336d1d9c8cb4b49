// Package chatfile writes the chat history to files (CV-5) and reads past
// chat logs and orders from files (CV-7c).
//
// Exports come in three formats, written as the messages stream in, so that
// 100,000 messages take little memory:
//
//   - CSV: UTF-8 with a byte-order mark (Excel then shows Chinese), one row
//     per message under a header row (ExportColumns), times in the desk's
//     local time as "2006-01-02 15:04:05" (with the fraction of a second
//     when there is one: "2006-01-02 15:04:05.25").
//   - xlsx: the same rows in a sheet named "chats", written with excelize's
//     stream writer.
//   - JSON: one document {"format": "replydesk-chats", "version": 1, "shop_id",
//     "from", "to", "conversations": [{"id", "shop_id", "shop", "buyer_id",
//     "buyer_name", "messages": [{"sender", "type", "text", "payload",
//     "entry_id", "source", "time"}]}]}, times in RFC 3339 with the local
//     offset and a card's payload as JSON.
//
// In CSV and xlsx a cell that starts with =, +, -, @, a tab or a carriage
// return is written with a leading apostrophe, so that a spreadsheet never
// runs buyer text as a formula; reading strips that apostrophe again. A
// text that starts with apostrophes before such a character gets one more,
// so that it reads back as it was.
//
// Reading takes CSV, xlsx (the first sheet) and JSON; see ReadChats and
// ReadOrders for the columns. A file that cannot be read at all is an
// *engine.InputError (keys history_file_*); row problems are left to
// engine.CheckChats and engine.CheckOrderRows, which report every bad row.
package chatfile

import (
	"fmt"
	"path/filepath"
	"strings"

	"replydesk/engine"
)

// Format is a chat-history file format.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
	JSON Format = "json"
)

// Formats lists the formats in the order the UI offers them.
var Formats = []Format{CSV, XLSX, JSON}

// ParseFormat checks a format name; history_bad_format for another.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
	}
	return "", &engine.InputError{Key: "history_bad_format", Detail: fmt.Sprintf("%q is not a format (csv, xlsx or json)", s)}
}

// FormatOf returns the format named by a file name's extension;
// history_file_format for another.
func FormatOf(name string) (Format, error) {
	f, err := ParseFormat(strings.TrimPrefix(filepath.Ext(name), "."))
	if err != nil {
		return "", &engine.InputError{Key: "history_file_format", Detail: fmt.Sprintf("%q is not a csv, xlsx or json file", name)}
	}
	return f, nil
}

func fileErr(key, format string, args ...any) error {
	return &engine.InputError{Key: key, Detail: fmt.Sprintf(format, args...)}
}

// formulaStart reports whether a spreadsheet would take a cell starting
// with c for a formula.
func formulaStart(c byte) bool {
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r'
}

// defusable reports whether s, after its leading apostrophes, starts as a
// formula: such a text is written with one more apostrophe, so that a text
// that starts with an apostrophe already ("'=1") reads back as itself.
func defusable(s string) bool {
	rest := strings.TrimLeft(s, "'")
	return rest != "" && formulaStart(rest[0])
}

// safeCell defuses a text cell a spreadsheet would run as a formula.
func safeCell(s string) string {
	if defusable(s) {
		return "'" + s
	}
	return s
}

// unsafeCell undoes safeCell.
func unsafeCell(s string) string {
	if len(s) > 1 && s[0] == '\'' && defusable(s) {
		return s[1:]
	}
	return s
}
