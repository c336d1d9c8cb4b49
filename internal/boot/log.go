package boot

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/natefinch/lumberjack.v2"
)

// LogFolder is the folder of the data folder that holds the log files.
const LogFolder = "logs"

// Rotation of the log file: a file is closed at LogMaxMB megabytes and
// at most LogBackups of them, none older than LogMaxDays, are kept.
const (
	LogMaxMB      = 10
	LogBackups    = 5
	LogMaxDays    = 30
	logFileName   = "replydesk.log"
	redactedValue = "[redacted]"
)

// ParseLevel reads a log level: debug, info, warn or error (any case);
// empty is info.
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if strings.TrimSpace(s) == "" {
		return slog.LevelInfo, nil
	}
	if err := l.UnmarshalText([]byte(strings.TrimSpace(s))); err != nil {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

// NewLogger returns the app's logger, which writes text lines at level and
// above both to stderr and to a rotating file in dataDir/logs (the start-up
// summary, warnings, errors and refused requests end up there), and the
// closer of the file. Attributes whose name says they hold a secret
// (token, secret, api_key, authorization, password) are written as
// "[redacted]" whatever their value; secrets are kept out of log calls in
// the first place, this is the second guard.
func NewLogger(dataDir string, level slog.Level, stderr io.Writer) (*slog.Logger, io.Closer, error) {
	dir := filepath.Join(dataDir, LogFolder)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, nil, fmt.Errorf("boot: log folder: %w", err)
	}
	file := &lumberjack.Logger{
		Filename:   filepath.Join(dir, logFileName),
		MaxSize:    LogMaxMB,
		MaxBackups: LogBackups,
		MaxAge:     LogMaxDays,
	}
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: redact}
	h := slog.NewMultiHandler(slog.NewTextHandler(stderr, opts), slog.NewTextHandler(file, opts))
	return slog.New(h), file, nil
}

// secretAttrs are attribute names whose values never reach a log.
var secretAttrs = map[string]bool{
	"token": true, "secret": true, "api_key": true, "apikey": true, "key_value": true,
	"authorization": true, "password": true, "signing_secret": true,
}

func redact(_ []string, a slog.Attr) slog.Attr {
	if secretAttrs[strings.ToLower(a.Key)] {
		return slog.String(a.Key, redactedValue)
	}
	return a
}
