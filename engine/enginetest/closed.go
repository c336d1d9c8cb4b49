package enginetest

import (
	"errors"

	"replydesk/engine"
)

var _ = add(
	scenario{"CV-1 a closed conversation takes no reply: it is refused, stored nowhere and not delivered", func(r *rig) {
		r.agent("A", engine.AgentOnline, 5)
		c := r.say("b1", "谢谢")
		if _, err := r.d.Close(r.ctx, c.ID); err != nil {
			r.t.Fatal(err)
		}
		_, before, err := r.d.Open(r.ctx, c.ID)
		if err != nil {
			r.t.Fatal(err)
		}
		if _, err := r.d.SendReply(r.ctx, c.ID, "不客气", 0); !errors.Is(err, engine.ErrClosed) {
			r.t.Fatalf("reply in a closed conversation: %v, want ErrClosed", err)
		}
		if _, after, _ := r.d.Open(r.ctx, c.ID); len(after) != len(before) {
			r.t.Errorf("the refused reply was stored: %d messages, then %d", len(before), len(after))
		}
	}},
)
