package sensitive

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// MaxListBytes is the largest list file ParseList reads.
const MaxListBytes = 1 << 20

// Errors of ParseList, besides ErrTooManyWords and ErrWordTooLong.
var (
	ErrListTooLarge = errors.New("list file too large")
	ErrInvalidUTF8  = errors.New("not valid UTF-8 text")
	ErrControlChar  = errors.New("contains a NUL or control character")
	ErrBadQuote     = errors.New("a quoted word runs over several lines")
)

// ParseList reads a word list that a shop imports: plain text with one word
// a line, or a CSV file whose first column holds the words (other columns,
// such as a category or a note, are ignored; a quoted first field may hold
// a comma). A UTF-8 byte order mark, blank lines and lines whose first
// non-blank character is # are ignored; words are trimmed of surrounding
// white space, and a word repeated exactly is kept once. The words are
// returned in file order; a file with no words gives an empty list and no
// error. A header row is read as a word (harmless: it is unlikely to occur
// in a reply, and the shop can delete it).
//
// ParseList refuses the whole file, returning no words, when it is larger
// than MaxListBytes (ErrListTooLarge), is not valid UTF-8 (ErrInvalidUTF8),
// contains a NUL or another control character other than tab, carriage
// return and line feed (ErrControlChar), has a quoted word that is not closed
// on its line (ErrBadQuote), has a word longer than MaxWordLen
// characters (ErrWordTooLong) or more than MaxWords words (ErrTooManyWords);
// the error says on which line, and wraps the reader's error when reading
// fails.
func ParseList(r io.Reader) ([]string, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxListBytes+1))
	if err != nil {
		return nil, fmt.Errorf("sensitive: read list: %w", err)
	}
	if len(b) > MaxListBytes {
		return nil, fmt.Errorf("sensitive: %w: more than %d bytes", ErrListTooLarge, MaxListBytes)
	}
	b = bytes.TrimPrefix(b, []byte("\uFEFF"))
	if err := checkText(b); err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(b))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	var words []string
	seen := make(map[string]bool)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("sensitive: %w", err) // *csv.ParseError names the line
		}
		w := strings.TrimSpace(rec[0])
		if w == "" || w[0] == '#' || seen[w] {
			continue
		}
		line, _ := cr.FieldPos(0)
		if strings.ContainsAny(w, "\r\n") {
			return nil, fmt.Errorf("sensitive: line %d: %w", line, ErrBadQuote)
		}
		if utf8.RuneCountInString(w) > MaxWordLen {
			return nil, fmt.Errorf("sensitive: line %d: %w: more than %d characters", line, ErrWordTooLong, MaxWordLen)
		}
		if len(words) == MaxWords {
			return nil, fmt.Errorf("sensitive: line %d: %w: more than %d words", line, ErrTooManyWords, MaxWords)
		}
		seen[w] = true
		words = append(words, w)
	}
	return words, nil
}

// checkText returns an error naming the first line of b that is not valid
// UTF-8 or holds a control character other than tab, CR and LF.
func checkText(b []byte) error {
	line := 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return fmt.Errorf("sensitive: line %d: %w", line, ErrInvalidUTF8)
		case r == '\n':
			line++
		case r == '\t' || r == '\r':
		case r < 0x20 || r >= 0x7f && r < 0xa0:
			return fmt.Errorf("sensitive: line %d: %w (U+%04X)", line, ErrControlChar, r)
		}
		i += size
	}
	return nil
}
