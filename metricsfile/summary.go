package metricsfile

import (
	"strings"

	"replydesk/engine"
)

// Summary is a report as rdctl's JSON gives it: counts, and rates as
// fractions (null with nothing to divide), times in seconds.
type Summary struct {
	ShopID   int64  `json:"shop_id"`
	Shop     string `json:"shop"`
	Platform string `json:"platform"`
	TimeZone string `json:"time_zone"`
	From     string `json:"from"`
	To       string `json:"to"`
	AgentID  int64  `json:"agent_id,omitempty"`
	Counts
	KPIs []KPISummary `json:"kpis"`
	Days []DaySummary `json:"days"`
}

// Counts are a range's or a day's figures.
type Counts struct {
	Sessions            int      `json:"sessions"`
	Answered24h         int      `json:"answered_24h"`
	Due24h              int      `json:"due_24h"`
	ResponseRate24h     *float64 `json:"response_rate_24h"`
	HumanSessions       int      `json:"human_sessions"`
	FirstResponseAvgS   *float64 `json:"first_response_avg_s"`
	Rated               int      `json:"rated"`
	Satisfied           int      `json:"satisfied"`
	Satisfaction        *float64 `json:"satisfaction"`
	ResolvedByReception int      `json:"resolved_by_reception"`
	ResolvedRate        *float64 `json:"resolved_by_reception_rate"`
	RobotSessions       int      `json:"robot_sessions"`
	RobotHandoffs       int      `json:"robot_handoffs"`
	RobotHandoffRate    *float64 `json:"robot_handoff_rate"`
}

// KPISummary is a platform KPI over the range.
type KPISummary struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Kind    string   `json:"kind"`
	Minutes float64  `json:"minutes"`
	Window  string   `json:"window,omitempty"`
	Target  *float64 `json:"target"`
	Rate    *float64 `json:"rate"`
	Met     int      `json:"met"`
	Missed  int      `json:"missed"`
	Due     int      `json:"due"`
}

// DaySummary is a day's figures and KPI rates.
type DaySummary struct {
	Date string `json:"date"`
	Counts
	KPIRates []*float64 `json:"kpi_rates"`
}

func ptr(r engine.Ratio) *float64 {
	if !r.OK {
		return nil
	}
	v := r.Value
	return &v
}

func counts(f engine.Figures) Counts {
	c := Counts{Sessions: f.Sessions, Answered24h: f.Answered24h, Due24h: f.Due24h, ResponseRate24h: ptr(f.ResponseRate24h()),
		HumanSessions: f.HumanSessions, Rated: f.Rated, Satisfied: f.Satisfied, Satisfaction: ptr(f.SatisfactionRate()),
		ResolvedByReception: f.Resolved, ResolvedRate: ptr(f.ResolvedRate()), RobotSessions: f.RobotSessions,
		RobotHandoffs: f.RobotHandoffs, RobotHandoffRate: ptr(f.HandoffRate())}
	if d, ok := f.FirstResponseAvg(); ok {
		s := d.Seconds()
		c.FirstResponseAvgS = &s
	}
	return c
}

// Summarize returns a report's summary, KPI names in locale.
func Summarize(rep engine.Report, locale string) Summary {
	l := lang(locale)
	s := Summary{ShopID: rep.ShopID, Shop: rep.ShopName, Platform: rep.Platform, TimeZone: rep.TimeZone, From: rep.From, To: rep.To,
		AgentID: rep.AgentID, Counts: counts(rep.Total), KPIs: []KPISummary{}, Days: make([]DaySummary, len(rep.Days))}
	for i, k := range rep.KPIs {
		c := rep.Total.KPIs[i]
		ks := KPISummary{Key: k.Key, Name: k.Name[l], Kind: string(k.Kind), Minutes: k.Minutes, Window: k.Window,
			Rate: ptr(c.Rate()), Met: c.Met, Missed: c.Missed, Due: c.Due}
		if k.Target > 0 {
			t := k.Target
			ks.Target = &t
		}
		s.KPIs = append(s.KPIs, ks)
	}
	for i, d := range rep.Days {
		s.Days[i] = DaySummary{Date: d.Date, Counts: counts(d.Figures), KPIRates: make([]*float64, len(d.KPIs))}
		for j, k := range d.KPIs {
			s.Days[i].KPIRates[j] = ptr(k.Rate())
		}
	}
	return s
}

// defuse keeps a spreadsheet from running a cell as a formula: a text
// starting with =, +, -, @, a tab or a carriage return gets a leading '.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
