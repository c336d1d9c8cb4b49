package boot

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"replydesk/channel"
	"replydesk/internal/paths"
	"replydesk/store"
)

// Resolve returns where the app keeps its files: in dataDir when it is not
// empty (as REPLYDESK_DATA_DIR does), else as paths.Resolve says.
func Resolve(dataDir string) (paths.Paths, error) {
	if dataDir != "" {
		if err := os.Setenv("REPLYDESK_DATA_DIR", dataDir); err != nil {
			return paths.Paths{}, err
		}
	}
	return paths.Resolve(channel.DefaultAddr)
}

// OpenStore opens the database of an existing data folder for the
// command-line tools (dataDir as in Resolve). It takes no lock: the tools
// work beside a running window or `replydesk serve`, and what they change
// reaches the running app through the database (settings within 2 s, KB
// changes through the index's catch-up). The caller closes the store.
func OpenStore(ctx context.Context, dataDir string) (*store.Store, paths.Paths, error) {
	p, err := Resolve(dataDir)
	if err != nil {
		return nil, paths.Paths{}, err
	}
	if _, err := os.Stat(p.Database); errors.Is(err, fs.ErrNotExist) {
		return nil, p, fmt.Errorf("there is no ReplyDesk database at %s: start the app once to create it, or give the data folder with -data DIR", p.Database)
	} else if err != nil {
		return nil, p, err
	}
	st, err := store.Open(ctx, p.Database)
	return st, p, err
}
