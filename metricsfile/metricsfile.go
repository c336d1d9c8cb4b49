// Package metricsfile writes a dashboard's figures (engine.Report, MT-6)
// to files and to rdctl's JSON.
//
//   - CSV: UTF-8 with a byte-order mark, one row per day and a total row
//     (the date column says "total"), headers in the language asked for.
//   - xlsx: the same rows in a sheet "days", and the sheets "agents" (each
//     agent's totals), "entries" (the KB's most-hit and most-failed
//     entries) and "unsolved" (why robot replies were rated unsolved).
//
// Rates are written as fractions (0.9375), times in seconds; a rate with
// nothing to divide (no session) is an empty cell.
package metricsfile

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

// Format is a figures file format.
type Format string

const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// ParseFormat checks a format name: metrics_bad_format for another.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case CSV, XLSX:
		return Format(s), nil
	}
	return "", &engine.InputError{Key: "metrics_bad_format", Detail: fmt.Sprintf("%q is not a format (csv or xlsx)", s)}
}

// headers are the columns of the day rows by locale; KPI columns follow.
var headers = map[string][]string{
	"en": {"date", "sessions", "answered_24h", "due_24h", "response_rate_24h", "human_sessions", "first_response_avg_s",
		"rated", "satisfied", "satisfaction", "resolved_by_reception", "resolved_rate", "robot_sessions", "robot_handoffs", "handoff_rate"},
	"zh-CN": {"日期", "会话数", "24小时内回复", "待回复(未满24小时)", "24小时回复率", "人工接待会话", "平均首响时长(秒)",
		"评价会话", "满意", "满意度", "智能接待解决", "智能接待解决率", "机器人接待", "机器人转人工", "转人工率"},
}

func lang(locale string) string {
	if _, ok := headers[locale]; ok {
		return locale
	}
	return "en"
}

// header is the day rows' header: the fixed columns, then per KPI its
// rate, met and counted.
func header(rep engine.Report, locale string) []string {
	l := lang(locale)
	out := append([]string{}, headers[l]...)
	for _, k := range rep.KPIs {
		name := k.Name[l]
		if l == "en" {
			out = append(out, k.Key, k.Key+"_met", k.Key+"_counted")
		} else {
			out = append(out, name, name+"(达标)", name+"(计入)")
		}
	}
	return out
}

func rate(r engine.Ratio) any {
	if !r.OK {
		return ""
	}
	return r.Value
}

// cells is a row of figures.
func cells(label string, f engine.Figures) []any {
	avg := any("")
	if d, ok := f.FirstResponseAvg(); ok {
		avg = d.Seconds()
	}
	out := []any{label, f.Sessions, f.Answered24h, f.Due24h, rate(f.ResponseRate24h()), f.HumanSessions, avg,
		f.Rated, f.Satisfied, rate(f.SatisfactionRate()), f.Resolved, rate(f.ResolvedRate()),
		f.RobotSessions, f.RobotHandoffs, rate(f.HandoffRate())}
	for _, k := range f.KPIs {
		out = append(out, rate(k.Rate()), k.Met, k.Met+k.Missed+k.Due)
	}
	return out
}

// totalLabel is the date cell of the total row.
var totalLabel = map[string]string{"en": "total", "zh-CN": "合计"}

// Write writes the report's figures as CSV or xlsx, headers in locale
// ("zh-CN" or "en").
func Write(w io.Writer, f Format, rep engine.Report, locale string) error {
	switch f {
	case CSV:
		return writeCSV(w, rep, locale)
	case XLSX:
		return writeXLSX(w, rep, locale)
	}
	return fmt.Errorf("metricsfile: format %q", f)
}

func text(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

func writeCSV(w io.Writer, rep engine.Report, locale string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.Write([]byte{0xEF, 0xBB, 0xBF}); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	row := func(vs []any) {
		s := make([]string, len(vs))
		for i, v := range vs {
			s[i] = text(v)
		}
		_ = cw.Write(s)
	}
	head := header(rep, locale)
	_ = cw.Write(head)
	for _, d := range rep.Days {
		row(cells(d.Date, d.Figures))
	}
	row(cells(totalLabel[lang(locale)], rep.Total))
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// sheetHeads are the other sheets' headers by locale.
var sheetHeads = map[string]map[string][]string{
	"en": {
		"agents":   {"agent_id", "agent"},
		"entries":  {"list", "entry_id", "question", "hits", "failed"},
		"unsolved": {"reason", "count"},
	},
	"zh-CN": {
		"agents":   {"客服ID", "客服"},
		"entries":  {"榜单", "问题ID", "标准问题", "命中", "失败"},
		"unsolved": {"原因", "次数"},
	},
}

func writeXLSX(w io.Writer, rep engine.Report, locale string) error {
	l := lang(locale)
	x := excelize.NewFile()
	defer x.Close()
	if err := x.SetSheetName("Sheet1", "days"); err != nil {
		return err
	}
	put := func(sheet string, r int, vs []any) error {
		cell, err := excelize.CoordinatesToCellName(1, r)
		if err != nil {
			return err
		}
		return x.SetSheetRow(sheet, cell, &vs)
	}
	strs := func(ss []string) []any {
		out := make([]any, len(ss))
		for i, s := range ss {
			out[i] = s
		}
		return out
	}
	if err := put("days", 1, strs(header(rep, locale))); err != nil {
		return err
	}
	r := 2
	for _, d := range rep.Days {
		if err := put("days", r, cells(d.Date, d.Figures)); err != nil {
			return err
		}
		r++
	}
	if err := put("days", r, cells(totalLabel[l], rep.Total)); err != nil {
		return err
	}
	for _, sheet := range []string{"agents", "entries", "unsolved"} {
		if _, err := x.NewSheet(sheet); err != nil {
			return err
		}
	}
	head := sheetHeads[l]
	if err := put("agents", 1, strs(append(append([]string{}, head["agents"]...), header(rep, locale)[1:]...))); err != nil {
		return err
	}
	for i, a := range rep.Agents {
		row := cells(defuse(a.Name), a.Figures)
		if err := put("agents", i+2, append([]any{a.AgentID}, row...)); err != nil {
			return err
		}
	}
	if err := put("entries", 1, strs(head["entries"])); err != nil {
		return err
	}
	r = 2
	for _, list := range []struct {
		name    string
		entries []engine.EntryStat
	}{{"top_hits", rep.TopHits}, {"top_failed", rep.TopFailed}} {
		for _, e := range list.entries {
			if err := put("entries", r, []any{list.name, e.EntryID, defuse(e.Question), e.Hits, e.Failed}); err != nil {
				return err
			}
			r++
		}
	}
	if err := put("unsolved", 1, strs(head["unsolved"])); err != nil {
		return err
	}
	for i, u := range rep.Unsolved {
		if err := put("unsolved", i+2, []any{u.Reason, u.Count}); err != nil {
			return err
		}
	}
	return x.Write(w)
}
