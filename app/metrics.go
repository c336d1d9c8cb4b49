package app

import (
	"context"
	"fmt"
	"os"
	"time"

	"replydesk/engine"
	"replydesk/metricsfile"
)

// MetricsService is bound to the window: the dashboard of a shop's service
// metrics (MT-1 – MT-6) and its export.
type MetricsService struct {
	ctx       context.Context
	metrics   *engine.Metrics
	exportDir string
}

// NewMetricsService returns the metrics service; exports go to exportDir.
func NewMetricsService(m *engine.Metrics, exportDir string) *MetricsService {
	return &MetricsService{ctx: context.Background(), metrics: m, exportDir: exportDir}
}

// Dashboard is a report (engine.Report) with its days as columns
// (Series): a year of days as rows would pass the dev bridge's limit of
// about 64 KB.
type Dashboard struct {
	ShopID    int64                 `json:"shopId"`
	ShopName  string                `json:"shopName"`
	Platform  string                `json:"platform"`
	TimeZone  string                `json:"timeZone"`
	From      string                `json:"from"`
	To        string                `json:"to"`
	AgentID   int64                 `json:"agentId"`
	KPIs      []engine.KPIInfo      `json:"kpis"`
	Sources   []engine.KPISource    `json:"sources"`
	Series    DaySeries             `json:"series"`
	Total     engine.Figures        `json:"total"`
	Agents    []engine.AgentFigures `json:"agents"`
	Unsolved  []engine.ReasonCount  `json:"unsolved"`
	TopHits   []engine.EntryStat    `json:"topHits"`
	TopFailed []engine.EntryStat    `json:"topFailed"`
	Now       string                `json:"now"`
}

// DaySeries are the report's days as columns, oldest first: Dates[i] is
// the day of every column's element i; KPIs[k] the platform's KPI k
// (Report.KPIs).
type DaySeries struct {
	Dates           []string    `json:"dates"`
	Sessions        []int       `json:"sessions"`
	Answered24h     []int       `json:"answered24h"`
	Due24h          []int       `json:"due24h"`
	HumanSessions   []int       `json:"humanSessions"`
	FirstResponseMs []int64     `json:"firstResponseMs"`
	Rated           []int       `json:"rated"`
	Satisfied       []int       `json:"satisfied"`
	Resolved        []int       `json:"resolved"`
	RobotSessions   []int       `json:"robotSessions"`
	RobotHandoffs   []int       `json:"robotHandoffs"`
	KPIs            []KPISeries `json:"kpis"`
}

// KPISeries is a KPI's counts by day.
type KPISeries struct {
	Met    []int `json:"met"`
	Missed []int `json:"missed"`
	Due    []int `json:"due"`
}

func series(rep engine.Report) DaySeries {
	n := len(rep.Days)
	s := DaySeries{Dates: make([]string, n), Sessions: make([]int, n), Answered24h: make([]int, n), Due24h: make([]int, n),
		HumanSessions: make([]int, n), FirstResponseMs: make([]int64, n), Rated: make([]int, n), Satisfied: make([]int, n),
		Resolved: make([]int, n), RobotSessions: make([]int, n), RobotHandoffs: make([]int, n), KPIs: make([]KPISeries, len(rep.KPIs))}
	for k := range s.KPIs {
		s.KPIs[k] = KPISeries{Met: make([]int, n), Missed: make([]int, n), Due: make([]int, n)}
	}
	for i, d := range rep.Days {
		s.Dates[i], s.Sessions[i], s.Answered24h[i], s.Due24h[i] = d.Date, d.Sessions, d.Answered24h, d.Due24h
		s.HumanSessions[i], s.FirstResponseMs[i], s.Rated[i], s.Satisfied[i] = d.HumanSessions, d.FirstResponseMs, d.Rated, d.Satisfied
		s.Resolved[i], s.RobotSessions[i], s.RobotHandoffs[i] = d.Resolved, d.RobotSessions, d.RobotHandoffs
		for k, c := range d.KPIs {
			s.KPIs[k].Met[i], s.KPIs[k].Missed[i], s.KPIs[k].Due[i] = c.Met, c.Missed, c.Due
		}
	}
	return s
}

// Dashboard returns a shop's figures on the days req.From to req.To (both
// included, in the shop's time zone; both empty: the last 7 days), of
// every agent or of req.AgentID. Errors: history_bad_date,
// history_range_reversed, history_range_too_long, not_found (the shop).
func (s *MetricsService) Dashboard(req engine.MetricsRequest) (Dashboard, error) {
	rep, err := s.metrics.Report(s.ctx, req)
	if err != nil {
		return Dashboard{}, wrap(err)
	}
	return Dashboard{ShopID: rep.ShopID, ShopName: rep.ShopName, Platform: rep.Platform, TimeZone: rep.TimeZone,
		From: rep.From, To: rep.To, AgentID: rep.AgentID, KPIs: rep.KPIs, Sources: rep.Sources, Series: series(rep),
		Total: rep.Total, Agents: rep.Agents, Unsolved: rep.Unsolved, TopHits: rep.TopHits, TopFailed: rep.TopFailed,
		Now: rep.Now.UTC().Format(time.RFC3339)}, nil
}

// MetricsExportRequest asks for a dashboard's figures as a file: csv or
// xlsx, headers in Locale ("zh-CN" or "en").
type MetricsExportRequest struct {
	engine.MetricsRequest
	Format string `json:"format"`
	Locale string `json:"locale"`
}

// MetricsExportResult says where the figures were written.
type MetricsExportResult struct {
	Path string `json:"path"`
	Days int    `json:"days"`
}

// Export writes a dashboard's figures to a new file in the export folder
// (as chat-history exports are) and returns its path. Errors: those of
// Dashboard, metrics_bad_format; no file is left behind on failure.
func (s *MetricsService) Export(req MetricsExportRequest) (MetricsExportResult, error) {
	f, err := metricsfile.ParseFormat(req.Format)
	if err != nil {
		return MetricsExportResult{}, wrap(err)
	}
	rep, err := s.metrics.Report(s.ctx, req.MetricsRequest)
	if err != nil {
		return MetricsExportResult{}, wrap(err)
	}
	name := fmt.Sprintf("replydesk-metrics-shop%d-%s-%s.%s", rep.ShopID, compact(rep.From), compact(rep.To), f)
	if rep.AgentID != 0 {
		name = fmt.Sprintf("replydesk-metrics-shop%d-agent%d-%s-%s.%s", rep.ShopID, rep.AgentID, compact(rep.From), compact(rep.To), f)
	}
	file, path, err := createExport(s.exportDir, name)
	if err != nil {
		return MetricsExportResult{}, wrap(err)
	}
	err = metricsfile.Write(file, f, rep, req.Locale)
	if cerr := file.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("export: %w", cerr)
	}
	if err != nil {
		os.Remove(path)
		return MetricsExportResult{}, wrap(err)
	}
	return MetricsExportResult{Path: path, Days: len(rep.Days)}, nil
}
