package engine

import (
	"slices"
	"time"
)

// What replay reports (FB-5): coverage, the curve of coverage against
// agreement for each threshold, the disagreements, and the threshold it
// suggests for an agreement the shop wants.

// ReplayPoint is the robot at one threshold: Coverage is the share of the
// buyer messages replayed that it answers from the KB (Answered of them);
// Agreement the share of its judged answers that agree with the human's
// reply (Agreed ÷ (Agreed + Disagreed); 0 when none was judged).
type ReplayPoint struct {
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Agreement float64 `json:"agreement"`
	Answered  int     `json:"answered"`
	Agreed    int     `json:"agreed"`
	Disagreed int     `json:"disagreed"`
}

// Judged is how many answers at the point were compared with a human reply.
func (p ReplayPoint) Judged() int { return p.Agreed + p.Disagreed }

// Disagreement is a buyer message the robot would have answered while the
// human said something else (VerdictDisagree).
type Disagreement struct {
	ConversationID int64     `json:"conversationId"`
	MessageID      int64     `json:"messageId"`
	At             time.Time `json:"at"`
	Question       string    `json:"question"`
	EntryID        int64     `json:"entryId"`
	EntryQuestion  string    `json:"entryQuestion"`
	Answer         string    `json:"answer"`
	Human          string    `json:"human"`
	Confidence     float64   `json:"confidence"`
	// UpTo is the highest threshold of the grid at which the robot would
	// answer it: it is among the disagreements of every threshold up to it.
	UpTo float64 `json:"upTo"`
}

// ThresholdSuggestion is the threshold replay suggests for the shop
// (SuggestThreshold).
type ThresholdSuggestion struct {
	// Target is the agreement asked for (e.g. 0.95).
	Target float64 `json:"target"`
	// Reached: a threshold was found; Threshold is it, Coverage and
	// Agreement what the robot does there. Unreached, Why says why:
	// "no_data" (too few judged answers at any threshold), "not_reached"
	// (the agreement stays below Target up to the highest threshold).
	Reached   bool    `json:"reached"`
	Threshold float64 `json:"threshold"`
	Coverage  float64 `json:"coverage"`
	Agreement float64 `json:"agreement"`
	Why       string  `json:"why,omitempty"`
}

// MinJudged is how many judged answers a threshold needs for its agreement
// to count in SuggestThreshold.
const MinJudged = 20

// DefaultAgreementTarget is the agreement a suggestion aims at unless the
// shop asks for another.
const DefaultAgreementTarget = 0.95

// SuggestThreshold picks the shop's threshold from a replay's curve for an
// agreement target: the lowest threshold of the curve from which the
// agreement stays at or above target at every threshold that has at least
// MinJudged judged answers — the most coverage the agreement buys, without
// resting on one lucky point. Thresholds with fewer judged answers neither
// qualify nor disqualify. None qualifies: Reached is false, with why.
func SuggestThreshold(curve []ReplayPoint, target float64) ThresholdSuggestion {
	s := ThresholdSuggestion{Target: target}
	best := -1
	data := false
	for i := len(curve) - 1; i >= 0; i-- {
		p := curve[i]
		if p.Judged() < MinJudged {
			continue
		}
		data = true
		if p.Agreement < target {
			break
		}
		best = i
	}
	switch {
	case best >= 0:
		p := curve[best]
		s.Reached, s.Threshold, s.Coverage, s.Agreement = true, p.Threshold, p.Coverage, p.Agreement
	case data:
		s.Why = "not_reached"
	default:
		s.Why = "no_data"
	}
	return s
}

// ReplayTally adds replayed conversations up into a report's figures.
type ReplayTally struct {
	Grid          []float64
	Messages      int
	Conversations int
	// Outcomes counts the bursts by what the robot would do at the shop's
	// threshold; Answered the lines it answers there, Agreed and
	// Disagreed its answers' verdicts.
	Outcomes  map[Outcome]int
	Answered  int
	Agreed    int
	Disagreed int
	points    []ReplayPoint
	// Disagreements are kept up to max, the most confident first.
	Disagreements []Disagreement
	max           int
}

// NewReplayTally returns an empty tally over a grid, keeping up to max
// disagreements.
func NewReplayTally(grid []float64, max int) *ReplayTally {
	t := &ReplayTally{Grid: grid, Outcomes: map[Outcome]int{}, points: make([]ReplayPoint, len(grid)), max: max}
	for i, g := range grid {
		t.points[i].Threshold = g
	}
	return t
}

// Add counts a replayed conversation: its bursts and the steps replay made
// of them. Only counted lines (in the range) count; a burst with none is
// context.
func (t *ReplayTally) Add(c Conversation, bursts []ReplayBurst, steps []ReplayStep) {
	counted := false
	for i, st := range steps {
		if st.Counted == 0 {
			continue
		}
		counted = true
		t.Messages += st.Counted
		t.Outcomes[st.Decision.Outcome]++
		if st.Decision.Outcome == OutcomeRobot {
			t.Answered += st.Counted
			switch st.Verdict {
			case VerdictAgree:
				t.Agreed++
			case VerdictDisagree:
				t.Disagreed++
			}
		}
		upTo := -1.0
		for g, ok := range st.Answered {
			if !ok {
				continue
			}
			p := &t.points[g]
			p.Answered += st.Counted
			switch st.Verdict {
			case VerdictAgree:
				p.Agreed++
			case VerdictDisagree:
				p.Disagreed++
			}
			upTo = t.Grid[g]
		}
		if st.Verdict == VerdictDisagree && upTo >= 0 {
			b := bursts[i]
			last := b.Lines[len(b.Lines)-1]
			t.keep(Disagreement{ConversationID: c.ID, MessageID: last.ID, At: last.CreatedAt, Question: b.Text,
				EntryID: b.Match.EntryID, EntryQuestion: b.Match.Question, Answer: b.Match.Answer, Human: b.Human.Text,
				Confidence: b.Match.Confidence, UpTo: upTo})
		}
	}
	if counted {
		t.Conversations++
	}
}

// keep adds d to the disagreements kept: the max most confident.
func (t *ReplayTally) keep(d Disagreement) {
	t.Disagreements = append(t.Disagreements, d)
	if len(t.Disagreements) > 2*t.max+64 {
		t.trim()
	}
}

func (t *ReplayTally) trim() {
	slices.SortStableFunc(t.Disagreements, func(a, b Disagreement) int {
		switch {
		case a.Confidence > b.Confidence:
			return -1
		case a.Confidence < b.Confidence:
			return 1
		}
		return int(a.MessageID - b.MessageID)
	})
	if len(t.Disagreements) > t.max {
		t.Disagreements = t.Disagreements[:t.max]
	}
}

// Merge adds another tally of the same grid into t.
func (t *ReplayTally) Merge(u *ReplayTally) {
	t.Messages += u.Messages
	t.Conversations += u.Conversations
	t.Answered += u.Answered
	t.Agreed += u.Agreed
	t.Disagreed += u.Disagreed
	for k, n := range u.Outcomes {
		t.Outcomes[k] += n
	}
	for i := range t.points {
		t.points[i].Answered += u.points[i].Answered
		t.points[i].Agreed += u.points[i].Agreed
		t.points[i].Disagreed += u.points[i].Disagreed
	}
	for _, d := range u.Disagreements {
		t.keep(d)
	}
}

// Curve returns the points of the grid with their shares.
func (t *ReplayTally) Curve() []ReplayPoint {
	out := slices.Clone(t.points)
	for i := range out {
		out[i].Coverage = share(out[i].Answered, t.Messages)
		out[i].Agreement = share(out[i].Agreed, out[i].Judged())
	}
	return out
}

// Kept returns the disagreements kept, the most confident first.
func (t *ReplayTally) Kept() []Disagreement {
	t.trim()
	if t.Disagreements == nil {
		return []Disagreement{}
	}
	return slices.Clone(t.Disagreements)
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}
