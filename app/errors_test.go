package app

import (
	"errors"
	"fmt"
	"testing"

	"replydesk/engine"
)

func TestFormatErrorGivesTheUIAKindAndAKey(t *testing.T) {
	_, invalid := engine.ValidateText("")
	cases := []struct {
		err  error
		kind Kind
		key  string
	}{
		{invalid, KindInvalid, "error.message_empty"},
		{fmt.Errorf("engine: send reply: %w", fmt.Errorf("store: conversation 9: %w", engine.ErrNotFound)), KindNotFound, "error.not_found"},
		{errors.New("disk full"), KindInternal, "error.internal"},
		{&Error{Kind: KindConflict, Key: "error.x", Message: "m"}, KindConflict, "error.x"},
	}
	for _, tc := range cases {
		got, ok := FormatError(tc.err).(*Error)
		if !ok || got.Kind != tc.kind || got.Key != tc.key || got.Message == "" {
			t.Errorf("%v: got %+v", tc.err, got)
		}
	}
}
