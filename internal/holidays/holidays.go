// Package holidays tells mainland China's statutory holidays and make-up
// working days (调休) for the robot's working hours (RB-1), from the
// calendar data of github.com/6tail/lunar-go. The State Council publishes
// each year's days late in the year before; a newer year than the library
// knows can be given without a new build, in a file (LoadFile).
package holidays

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"

	"replydesk/engine"
)

// China is mainland China's calendar of statutory holidays.
type China struct{}

var _ engine.Calendar = China{}

// mu guards lunar-go's package-level data, which LoadFile changes.
var mu sync.RWMutex

// Day implements engine.Calendar.
func (China) Day(year int, month time.Month, day int) engine.DayKind {
	mu.RLock()
	h := HolidayUtil.GetHolidayByYmd(year, int(month), day)
	mu.RUnlock()
	switch {
	case h == nil:
		return engine.Ordinary
	case h.IsWork():
		return engine.MakeUpWorkday
	default:
		return engine.Holiday
	}
}

// FileName is the file in the data folder that adds or corrects days:
// one a line, "2027-01-01 元旦节 off" or "2027-02-07 春节 work" (a make-up
// working day), "#" comments. The name is one of lunar-go's holiday names
// (元旦节, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节, 国庆中秋).
const FileName = "holidays-cn.txt"

// LoadFile applies the days of a holidays file, if there is one at path;
// a missing file is no error. A bad line refuses the whole file, naming
// the line, and changes nothing.
func LoadFile(path string) (int, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return Load(f)
}

// Load applies the days read from r (see FileName), all or none.
func Load(r io.Reader) (int, error) {
	var data strings.Builder
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	n, line := 0, 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Fields(text)
		if len(f) != 3 {
			return 0, fmt.Errorf("holidays: line %d: want \"DATE NAME off|work\"", line)
		}
		d, err := time.Parse("2006-01-02", f[0])
		if err != nil {
			return 0, fmt.Errorf("holidays: line %d: %q is not a date such as 2027-01-01", line, f[0])
		}
		idx := -1
		for i, name := range HolidayUtil.NAMES {
			if name == f[1] {
				idx = i
			}
		}
		if idx < 0 {
			return 0, fmt.Errorf("holidays: line %d: %q is not one of %s", line, f[1], strings.Join(HolidayUtil.NAMES, ", "))
		}
		work := "1"
		switch f[2] {
		case "off":
		case "work":
			work = "0"
		default:
			return 0, fmt.Errorf("holidays: line %d: %q is neither off nor work", line, f[2])
		}
		// lunar-go's record: the day, the name's index, work 0/1, the
		// holiday it belongs to (the day itself here).
		day := d.Format("20060102")
		data.WriteString(day + string(rune('0'+idx)) + work + day)
		n++
	}
	if err := sc.Err(); err != nil {
		return 0, fmt.Errorf("holidays: %w", err)
	}
	mu.Lock()
	HolidayUtil.Fix(nil, data.String())
	mu.Unlock()
	return n, nil
}
