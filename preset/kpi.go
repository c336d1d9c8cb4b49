package preset

import (
	"embed"
	"fmt"
	"io/fs"
	"slices"

	"replydesk/engine"
)

// The platforms' KPIs (MT-5) are data: one file per platform in kpi/,
// named by the platform's key (a shop's Platform), read by
// engine.ParsePlatformKPIs. A new KPI, or a new platform, is a change to
// these files only.
//
//go:embed kpi/*.json
var kpiFiles embed.FS

// KPIs returns every platform's KPIs, checked, by platform name.
func KPIs() ([]engine.PlatformKPIs, error) {
	names, err := fs.Glob(kpiFiles, "kpi/*.json")
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	out := make([]engine.PlatformKPIs, 0, len(names))
	for _, n := range names {
		b, err := kpiFiles.ReadFile(n)
		if err != nil {
			return nil, err
		}
		p, err := engine.ParsePlatformKPIs(b)
		if err != nil {
			return nil, fmt.Errorf("preset: %s: %w", n, err)
		}
		if n != "kpi/"+p.Platform+".json" {
			return nil, fmt.Errorf("preset: %s names the platform %q", n, p.Platform)
		}
		out = append(out, p)
	}
	return out, nil
}
