package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"replydesk/chatfile"
	"replydesk/engine"
)

// HistoryService is bound to the window: the chat history's export by shop
// and date range (CV-5) and the import of past chat logs and orders from
// files (CV-7c). Files to import come through KBService's chunked upload
// (BeginUpload, UploadChunk); their ID is passed here.
type HistoryService struct {
	ctx       context.Context
	history   *engine.History
	files     *uploads
	exportDir string
	clock     engine.Clock
	loc       *time.Location
}

// NewHistoryService returns the history service. Exports are written to
// exportDir; uploads are taken from kb's; dates and times without a zone
// are the desk's local time.
func NewHistoryService(h *engine.History, kb *KBService, exportDir string, clock engine.Clock) *HistoryService {
	return &HistoryService{ctx: context.Background(), history: h, files: &kb.uploads, exportDir: exportDir, clock: clock, loc: time.Local}
}

// HistoryExportRequest asks for the messages of a shop (0: every shop) sent
// on the days From to To ("2026-11-01", both included, local time) in a
// format (csv, xlsx or json).
type HistoryExportRequest struct {
	ShopID int64  `json:"shopId"`
	From   string `json:"from"`
	To     string `json:"to"`
	Format string `json:"format"`
}

// HistoryExportResult says where the file was written and what it holds.
type HistoryExportResult struct {
	Path          string `json:"path"`
	Conversations int    `json:"conversations"`
	Messages      int    `json:"messages"`
}

// Export writes the chat history of a shop and date range to a file in the
// export folder and returns its path and counts. A range with no message
// still writes a file (with the header only). Errors: history_bad_format,
// history_bad_date, history_range_reversed, history_range_too_long; no
// file is left behind on failure.
func (s *HistoryService) Export(req HistoryExportRequest) (HistoryExportResult, error) {
	f, err := chatfile.ParseFormat(req.Format)
	if err != nil {
		return HistoryExportResult{}, wrap(err)
	}
	if _, _, err := engine.DayRange(req.From, req.To, s.loc); err != nil {
		return HistoryExportResult{}, wrap(err)
	}
	shop := "all"
	if req.ShopID != 0 {
		shop = fmt.Sprintf("shop%d", req.ShopID)
	}
	name := fmt.Sprintf("replydesk-chats-%s-%s-%s.%s", shop, compact(req.From), compact(req.To), f)
	file, path, err := createExport(s.exportDir, name)
	if err != nil {
		return HistoryExportResult{}, wrap(err)
	}
	res, err := s.export(file, f, req)
	if cerr := file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export: %w", cerr)
	}
	if err != nil {
		os.Remove(path)
		return HistoryExportResult{}, wrap(err)
	}
	res.Path = path
	return res, nil
}

func (s *HistoryService) export(file *os.File, f chatfile.Format, req HistoryExportRequest) (HistoryExportResult, error) {
	w, err := chatfile.NewWriter(file, f, chatfile.ExportInfo{ShopID: req.ShopID, From: req.From, To: req.To, Location: s.loc})
	if err != nil {
		return HistoryExportResult{}, err
	}
	if err := s.history.Export(s.ctx, req.ShopID, req.From, req.To, s.loc, w.Add); err != nil {
		return HistoryExportResult{}, err
	}
	if err := w.Close(); err != nil {
		return HistoryExportResult{}, err
	}
	return HistoryExportResult{Conversations: w.Conversations(), Messages: w.Messages()}, nil
}

// compact turns "2026-11-01" into "20261101" for file names.
func compact(date string) string {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return "x"
	}
	return t.Format("20060102")
}

// createExport creates name in dir without overwriting a file there
// ("name (1).csv" then), and returns it open for writing.
func createExport(dir, name string) (*os.File, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, "", fmt.Errorf("export folder: %w", err)
	}
	ext := filepath.Ext(name)
	base := name[:len(name)-len(ext)]
	for i := 1; ; i++ {
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, os.ErrExist) && i < 100 {
			name = fmt.Sprintf("%s (%d)%s", base, i, ext)
			continue
		}
		if err != nil {
			return nil, "", fmt.Errorf("export: %w", err)
		}
		return f, path, nil
	}
}

// HistoryImportRequest imports an uploaded file (see KBService.BeginUpload)
// into a shop.
type HistoryImportRequest struct {
	ShopID   int64  `json:"shopId"`
	UploadID string `json:"uploadId"`
}

// ImportChats reads a chat-log file (CSV, xlsx or JSON; see
// chatfile.ReadChats), checks every row and, when all are good, stores its
// conversations in the shop as closed history: they are not routed, not
// unread or unreplied, and nothing is sent to a channel. Messages imported
// before are skipped. A bad file is refused whole with
// error.history_invalid_rows and its rows, and changes nothing.
func (s *HistoryService) ImportChats(req HistoryImportRequest) (engine.ChatImportResult, error) {
	up, f, err := s.take(req.UploadID)
	if err != nil {
		return engine.ChatImportResult{}, wrap(err)
	}
	rows, err := chatfile.ReadChats(up.data, f)
	if err != nil {
		return engine.ChatImportResult{}, wrap(err)
	}
	res, err := s.history.ImportChats(s.ctx, req.ShopID, rows, s.loc)
	return res, wrap(err)
}

// ImportOrders reads an order file (CSV, xlsx or JSON; see
// chatfile.ReadOrders), checks every row and, when all are good, creates or
// updates the shop's orders (by order number) and their buyers. A bad file
// is refused whole with error.history_invalid_rows and changes nothing.
func (s *HistoryService) ImportOrders(req HistoryImportRequest) (engine.OrderImportResult, error) {
	up, f, err := s.take(req.UploadID)
	if err != nil {
		return engine.OrderImportResult{}, wrap(err)
	}
	rows, err := chatfile.ReadOrders(up.data, f, s.loc)
	if err != nil {
		return engine.OrderImportResult{}, wrap(err)
	}
	res, err := s.history.ImportOrders(s.ctx, req.ShopID, rows)
	return res, wrap(err)
}

func (s *HistoryService) take(id string) (*upload, chatfile.Format, error) {
	up, err := s.files.take(id)
	if err != nil {
		return nil, "", err
	}
	f, err := chatfile.FormatOf(up.name)
	return up, f, err
}
