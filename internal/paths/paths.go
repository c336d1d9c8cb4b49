// Package paths says where the app and its tools keep their files.
package paths

import (
	"fmt"
	"os"
	"path/filepath"
)

// Paths are where the app keeps its files and listens.
type Paths struct {
	Data     string // settings and the database
	Database string
	Index    string // the rebuildable search index
	HTTPAddr string // the channels' loopback address
	Exports  string // where exported files are written
}

// Resolve reads REPLYDESK_DATA_DIR (one folder for everything, used by tests
// and portable installs: exports go to its "exports" folder) and
// REPLYDESK_HTTP_ADDR (else defaultAddr); otherwise the database lives under
// the user's config folder, the index under the user's cache folder and
// exports in the user's Downloads folder.
func Resolve(defaultAddr string) (Paths, error) {
	p := Paths{HTTPAddr: os.Getenv("REPLYDESK_HTTP_ADDR")}
	if p.HTTPAddr == "" {
		p.HTTPAddr = defaultAddr
	}
	if dir := os.Getenv("REPLYDESK_DATA_DIR"); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return Paths{}, fmt.Errorf("data folder %q: %w", dir, err)
		}
		p.Data, p.Index, p.Exports = abs, filepath.Join(abs, "index"), filepath.Join(abs, "exports")
	} else {
		config, err := os.UserConfigDir()
		if err != nil {
			return Paths{}, fmt.Errorf("no config folder: %w (set REPLYDESK_DATA_DIR)", err)
		}
		cache, err := os.UserCacheDir()
		if err != nil {
			return Paths{}, fmt.Errorf("no cache folder: %w (set REPLYDESK_DATA_DIR)", err)
		}
		p.Data, p.Index = filepath.Join(config, "ReplyDesk"), filepath.Join(cache, "ReplyDesk", "index")
		p.Exports = p.Data
		if home, err := os.UserHomeDir(); err == nil {
			p.Exports = filepath.Join(home, "Downloads")
		}
	}
	p.Database = filepath.Join(p.Data, "replydesk.db")
	return p, nil
}
