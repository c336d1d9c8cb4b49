package engine

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// ImportedRating is a buyer's rating in a chat-log file (RB-7, MT-3):
// a session's score (1–5), or a robot reply solved or not, with the reason
// it was not.
type ImportedRating struct {
	// Score is the session's score; 0 for a reply's rating.
	Score  int
	Solved bool
	Reason string
}

// unsolvedAliases are the Chinese names of UnsolvedReasons.
var unsolvedAliases = map[string]string{"太长不读": "too_long", "答案没用": "not_useful", "答非所问": "irrelevant", "其他": "other"}

// ParseChatRating reads a chat-log row's rating cell: empty for none; a
// score from 1 to 5 rates the session (on any row); on a robot's row,
// solved (已解决) or unsolved (未解决), optionally with a reason after a
// colon — too_long, not_useful, irrelevant, other (太长不读, 答案没用,
// 答非所问, 其他; other when none is given) — rates that reply. A bad cell
// gives the key and detail of its problem.
func ParseChatRating(cell string, sender Sender) (*ImportedRating, string, string) {
	s := strings.TrimSpace(cell)
	if s == "" {
		return nil, "", ""
	}
	if n, err := strconv.Atoi(s); err == nil {
		if n < MinScore || n > MaxScore {
			return nil, "history_bad_rating", fmt.Sprintf("a session's score is %d to %d", MinScore, MaxScore)
		}
		return &ImportedRating{Score: n, Solved: n >= 4}, "", ""
	}
	verdict, why, _ := strings.Cut(s, ":")
	if !strings.Contains(s, ":") {
		verdict, why, _ = strings.Cut(s, "：")
	}
	r := &ImportedRating{}
	switch strings.ToLower(strings.TrimSpace(verdict)) {
	case "solved", "已解决":
		r.Solved = true
	case "unsolved", "未解决":
		r.Reason = strings.ToLower(strings.TrimSpace(why))
		if alias, ok := unsolvedAliases[r.Reason]; ok {
			r.Reason = alias
		}
		if r.Reason == "" {
			r.Reason = "other"
		}
		if !slices.Contains(UnsolvedReasons, r.Reason) {
			return nil, "history_bad_rating", fmt.Sprintf("%q is not a reason (%s)", why, strings.Join(UnsolvedReasons, ", "))
		}
	default:
		return nil, "history_bad_rating", fmt.Sprintf("%q is not a rating: 1 to 5, solved, or unsolved:REASON", s)
	}
	if r.Solved && strings.TrimSpace(why) != "" {
		return nil, "history_bad_rating", "a solved reply has no reason"
	}
	if sender != SenderRobot {
		return nil, "history_rating_not_robot", "only a robot reply is rated solved or unsolved"
	}
	return r, "", ""
}

// checkRating checks a row's rating cell (ParseChatRating).
func (p *rowProblems) checkRating(row int, id, cell string, sender Sender) *ImportedRating {
	r, key, detail := ParseChatRating(cell, sender)
	if key != "" {
		p.add(row, id, "rating", key, "%s", detail)
	}
	return r
}
