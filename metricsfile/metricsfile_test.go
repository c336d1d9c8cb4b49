package metricsfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"replydesk/engine"
)

func report() engine.Report {
	day := engine.Figures{Sessions: 12, Answered24h: 8, HumanSessions: 7, FirstResponseMs: 100_500_000, Rated: 5, Satisfied: 3,
		Resolved: 2, RobotSessions: 5, RobotHandoffs: 2, KPIs: []engine.KPICount{{Met: 2, Missed: 5}}}
	empty := engine.Figures{KPIs: []engine.KPICount{{}}}
	return engine.Report{ShopID: 1, ShopName: "演示店", Platform: "douyin", TimeZone: "Asia/Shanghai", From: "2026-03-09", To: "2026-03-10",
		KPIs:     []engine.KPIInfo{{Key: "douyin_3min_human_reply", Name: map[string]string{"zh-CN": "3分钟人工回复率", "en": "3-minute human reply rate"}, Kind: engine.KPITurns, Minutes: 3}},
		Days:     []engine.DayFigures{{Date: "2026-03-09", Figures: empty}, {Date: "2026-03-10", Figures: day}},
		Total:    day,
		Agents:   []engine.AgentFigures{{AgentID: 3, Name: "=cmd()", Figures: day}},
		TopHits:  []engine.EntryStat{{EntryID: 7, Question: "+什么时候发货", Hits: 9}},
		Unsolved: []engine.ReasonCount{{Reason: "irrelevant", Count: 1}}}
}

func TestMT6_CSVHasADayARowAndTheTotal(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, CSV, report(), "zh-CN"); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte{0xEF, 0xBB, 0xBF}) {
		t.Error("no BOM")
	}
	rows, err := csv.NewReader(bytes.NewReader(b.Bytes()[3:])).ReadAll()
	if err != nil || len(rows) != 4 {
		t.Fatalf("%v %v", rows, err)
	}
	if rows[0][0] != "日期" || rows[0][15] != "3分钟人工回复率" || len(rows[0]) != 18 {
		t.Errorf("header %v", rows[0])
	}
	// The empty day: counts 0, rates empty, not 0.
	if rows[1][0] != "2026-03-09" || rows[1][1] != "0" || rows[1][4] != "" || rows[1][6] != "" {
		t.Errorf("empty day %v", rows[1])
	}
	if got := strings.Join(rows[2][:7], ","); !strings.HasPrefix(got, "2026-03-10,12,8,0,0.666") || !strings.HasSuffix(got, ",7,14357.142") {
		t.Errorf("day %v", got)
	}
	if rows[3][0] != "合计" || rows[3][15] != "0.2857142857142857" || rows[3][16] != "2" || rows[3][17] != "7" {
		t.Errorf("total %v", rows[3])
	}
	b.Reset()
	if err := Write(&b, CSV, report(), "en"); err != nil || !strings.Contains(b.String(), "date,sessions,answered_24h") || !strings.Contains(b.String(), "\ntotal,") {
		t.Errorf("English: %v %s", err, b.String())
	}
}

func TestMT6_XLSXHasDaysAgentsEntriesAndReasons(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, XLSX, report(), "en"); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); strings.Join(got, ",") != "days,agents,entries,unsolved" {
		t.Fatalf("sheets %v", got)
	}
	days, _ := x.GetRows("days")
	if len(days) != 4 || days[2][1] != "12" || days[3][0] != "total" {
		t.Errorf("days %v", days)
	}
	agents, _ := x.GetRows("agents")
	if len(agents) != 2 || agents[1][1] != "'=cmd()" {
		t.Errorf("agents %v (a name is never a formula)", agents)
	}
	entries, _ := x.GetRows("entries")
	if len(entries) != 2 || entries[1][2] != "'+什么时候发货" || entries[1][3] != "9" {
		t.Errorf("entries %v", entries)
	}
	reasons, _ := x.GetRows("unsolved")
	if len(reasons) != 2 || reasons[1][0] != "irrelevant" {
		t.Errorf("unsolved %v", reasons)
	}
	if _, err := ParseFormat("pdf"); err == nil {
		t.Error("pdf accepted")
	}
}

func TestMT6_SummaryGivesRatesOrNull(t *testing.T) {
	b, err := json.Marshal(Summarize(report(), "en"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"sessions":12`, `"response_rate_24h":0.666`, `"first_response_avg_s":14357.142`, `"satisfaction":0.6`,
		`"resolved_by_reception":2`, `"kpis":[{"key":"douyin_3min_human_reply","name":"3-minute human reply rate"`, `"target":null`,
		`"rate":0.2857`, `"date":"2026-03-09","sessions":0,"answered_24h":0,"due_24h":0,"response_rate_24h":null`} {
		if !strings.Contains(s, want) {
			t.Errorf("no %s in %s", want, s)
		}
	}
}
