package engine

import (
	"math"
	"slices"
	"strings"
	"time"
)

// Unanswered questions (FB-2): buyer messages the assistant had no
// confident answer for, grouped by similarity so that one click turns a
// group into similar questions of an entry or into a new entry.
// GroupQuestions is the pure grouping; Unanswered (unansweredsvc.go)
// gathers the messages and acts on the groups.

// UnansweredMessage is a buyer message with no confident match: its
// decision found nothing, or a best entry below the shop's threshold.
type UnansweredMessage struct {
	MessageID      int64     `json:"messageId"`
	ConversationID int64     `json:"conversationId"`
	Text           string    `json:"text"`
	At             time.Time `json:"at"`
	// Reply is the first human reply after it, "" for none.
	Reply string `json:"reply"`
}

// QuestionExample is one wording of a group: how often buyers wrote it
// (by QuestionKey), when last, one message of it and the human's reply.
type QuestionExample struct {
	Text           string    `json:"text"`
	Count          int       `json:"count"`
	LastAt         time.Time `json:"lastAt"`
	MessageID      int64     `json:"messageId"`
	ConversationID int64     `json:"conversationId"`
	Reply          string    `json:"reply"`
}

// GroupEntry is the KB's best entry for a group now, below the threshold.
type GroupEntry struct {
	ID         int64   `json:"id"`
	Question   string  `json:"question"`
	Confidence float64 `json:"confidence"`
}

// QuestionGroup is unanswered questions that ask the same thing.
type QuestionGroup struct {
	// Key is its leading wording's QuestionKey; Label that wording.
	Key   string `json:"key"`
	Label string `json:"label"`
	// Size counts the messages, Distinct the wordings; LastAt is the newest
	// message. Rank orders the groups (GroupQuestions).
	Size     int       `json:"size"`
	Distinct int       `json:"distinct"`
	LastAt   time.Time `json:"lastAt"`
	Rank     float64   `json:"rank"`
	// Examples are its wordings, most frequent first, up to MaxExamples;
	// Keys the QuestionKey of every wording (what dismissing sets aside).
	Examples []QuestionExample `json:"examples"`
	Keys     []string          `json:"keys"`
	// Reply is the human reply given most often to its messages ("" for
	// none): a new entry's answer, ready to edit.
	Reply string `json:"reply"`
	// Entry is the KB's best entry for it now; nil for none.
	Entry *GroupEntry `json:"entry,omitempty"`
}

// Limits of the grouping.
const (
	// GroupSimilarity is the cosine (of idf-weighted Han characters, pairs
	// and words) from which a wording joins a group's leading wording.
	GroupSimilarity = 0.5
	// MaxExamples is how many wordings a group lists.
	MaxExamples = 20
	// RankHalfLife is how fast an old message counts less in a group's rank.
	RankHalfLife = 30 * 24 * time.Hour
)

// wording is the messages of one QuestionKey.
type wording struct {
	key     string
	ex      QuestionExample
	count   int
	rank    float64
	replies map[string]int
}

// GroupQuestions groups unanswered messages by what they ask (FB-2):
// messages of the same QuestionKey are one wording; the most frequent
// wordings first, each joins the group it is nearest to — the cosine with
// the sum of the group's wordings, weighted by their counts — at
// GroupSimilarity or above, else leads a new one. Groups are ranked by size
// and recency: each message counts 1, halved for every RankHalfLife of age
// at now. Messages without a letter or digit are left out. Pure; about
// O(n·k) for n wordings sharing terms with k groups.
func GroupQuestions(msgs []UnansweredMessage, now time.Time) []QuestionGroup {
	byKey := map[string]*wording{}
	var ws []*wording
	for _, m := range msgs {
		k := QuestionKey(m.Text)
		if k == "" {
			continue
		}
		w := byKey[k]
		if w == nil {
			w = &wording{key: k, replies: map[string]int{}}
			byKey[k] = w
			ws = append(ws, w)
		}
		w.count++
		w.rank += math.Pow(0.5, now.Sub(m.At).Hours()/RankHalfLife.Hours())
		if m.At.After(w.ex.LastAt) || w.ex.MessageID == 0 {
			w.ex = QuestionExample{Text: strings.TrimSpace(m.Text), LastAt: m.At, MessageID: m.MessageID,
				ConversationID: m.ConversationID, Reply: m.Reply}
		}
		if r := strings.TrimSpace(m.Reply); r != "" && !TrivialReply(r) {
			w.replies[r]++
		}
	}
	slices.SortStableFunc(ws, func(a, b *wording) int {
		switch {
		case a.count != b.count:
			return b.count - a.count
		case !a.ex.LastAt.Equal(b.ex.LastAt):
			return b.ex.LastAt.Compare(a.ex.LastAt)
		}
		return strings.Compare(a.key, b.key)
	})
	texts := make([]string, len(ws))
	for i, w := range ws {
		texts[i] = w.ex.Text
	}
	vz := newVectorizer(texts)
	type group struct {
		// sum is the count-weighted sum of the members' vectors, norm its length.
		sum     map[int32]float64
		norm    float64
		members []*wording
	}
	var groups []*group
	postings := map[int32][]int{} // term → groups whose members have it
	for _, w := range ws {
		v := vz.vector(w.ex.Text)
		best, at := GroupSimilarity, -1
		seen := map[int]bool{}
		for _, id := range v.ids {
			for _, gi := range postings[id] {
				if seen[gi] {
					continue
				}
				seen[gi] = true
				g := groups[gi]
				dot := 0.0
				for k, id := range v.ids {
					dot += v.ws[k] * g.sum[id]
				}
				if s := dot / g.norm; s >= best {
					best, at = s, gi
				}
			}
		}
		if at < 0 {
			at = len(groups)
			groups = append(groups, &group{sum: map[int32]float64{}})
		}
		g := groups[at]
		g.members = append(g.members, w)
		for k, id := range v.ids {
			if _, ok := g.sum[id]; !ok {
				postings[id] = append(postings[id], at)
			}
			g.sum[id] += float64(w.count) * v.ws[k]
		}
		g.norm = 0
		for _, x := range g.sum {
			g.norm += x * x
		}
		g.norm = math.Sqrt(g.norm)
	}
	out := make([]QuestionGroup, 0, len(groups))
	for _, g := range groups {
		lead := g.members[0]
		qg := QuestionGroup{Key: lead.key, Label: lead.ex.Text, Distinct: len(g.members)}
		replies := map[string]int{}
		for _, w := range g.members {
			qg.Size += w.count
			qg.Rank += w.rank
			if w.ex.LastAt.After(qg.LastAt) {
				qg.LastAt = w.ex.LastAt
			}
			qg.Keys = append(qg.Keys, w.key)
			if len(qg.Examples) < MaxExamples {
				ex := w.ex
				ex.Count = w.count
				qg.Examples = append(qg.Examples, ex)
			}
			for r, n := range w.replies {
				replies[r] += n
			}
		}
		best := 0
		for r, n := range replies {
			if n > best || (n == best && r < qg.Reply) {
				qg.Reply, best = r, n
			}
		}
		out = append(out, qg)
	}
	slices.SortStableFunc(out, func(a, b QuestionGroup) int {
		switch {
		case a.Rank != b.Rank:
			if a.Rank > b.Rank {
				return -1
			}
			return 1
		case a.Size != b.Size:
			return b.Size - a.Size
		}
		return b.LastAt.Compare(a.LastAt)
	})
	return out
}
