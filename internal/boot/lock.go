package boot

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofrs/flock"
)

// LockName is the file in the data folder that the process using the
// folder holds locked: the window or `replydesk serve`, never both. The
// command-line tools do not take it; they work beside a running app.
const LockName = "replydesk.lock"

// pidName holds the process ID of the lock's holder.
const pidName = "replydesk.pid"

// ErrInUse is returned by Open when another process holds the data folder.
var ErrInUse = errors.New("the data folder is in use by another ReplyDesk")

// folderLock is the lock on a data folder.
type folderLock struct{ fl *flock.Flock }

// lockFolder takes the data folder's lock at once, or fails with an error
// wrapping ErrInUse that names the folder and, where it can be read, the
// process holding it. It never waits.
func lockFolder(dir string) (*folderLock, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("boot: data folder: %w", err)
	}
	path := filepath.Join(dir, LockName)
	fl := flock.New(path)
	ok, err := fl.TryLock()
	if err != nil {
		return nil, fmt.Errorf("boot: lock the data folder %s: %w", dir, err)
	}
	if !ok {
		holder := ""
		if b, err := os.ReadFile(filepath.Join(dir, pidName)); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				holder = fmt.Sprintf(" (process %d)", pid)
			}
		}
		return nil, fmt.Errorf("%w%s: %s; close the other window or stop `replydesk serve` first", ErrInUse, holder, dir)
	}
	// The holder's process ID, for the message a second process shows (a
	// file of its own: on Windows the locked file cannot be read).
	_ = os.WriteFile(filepath.Join(dir, pidName), []byte(strconv.Itoa(os.Getpid())+"\n"), 0o600)
	return &folderLock{fl: fl}, nil
}

// release gives the lock up. The file stays: removing it would let a
// third process lock a new file while a second still holds the old one.
func (l *folderLock) release() error {
	if l == nil {
		return nil
	}
	return l.fl.Unlock()
}
