package main

import (
	"fmt"
	"os"
	"path/filepath"

	"replydesk/channel"
)

// Paths are where the app keeps its files and listens.
type Paths struct {
	Data     string // settings and the database
	Database string
	Index    string // the rebuildable search index
	HTTPAddr string // the channels' loopback address
}

// resolvePaths reads REPLYDESK_DATA_DIR (one folder for everything, used by
// tests and portable installs) and REPLYDESK_HTTP_ADDR; otherwise the
// database lives under the user's config folder and the index under the
// user's cache folder.
func resolvePaths() (Paths, error) {
	p := Paths{HTTPAddr: os.Getenv("REPLYDESK_HTTP_ADDR")}
	if p.HTTPAddr == "" {
		p.HTTPAddr = channel.DefaultAddr
	}
	if dir := os.Getenv("REPLYDESK_DATA_DIR"); dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return Paths{}, fmt.Errorf("data folder %q: %w", dir, err)
		}
		p.Data, p.Index = abs, filepath.Join(abs, "index")
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
	}
	p.Database = filepath.Join(p.Data, "replydesk.db")
	return p, nil
}
