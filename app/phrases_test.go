package app

import (
	"fmt"
	"testing"

	"replydesk/engine"
)

func TestQuickPhrases_CV3_ErrorsReachTheWindowAsKeys(t *testing.T) {
	bad := &engine.PhraseError{Problems: []engine.FieldError{{Field: "text", Key: "phrase_too_long", Detail: "too long"}}}
	cases := []struct {
		err  error
		kind Kind
		key  string
	}{
		{fmt.Errorf("engine: %w", bad), KindInvalid, "error.phrase_invalid"},
		{fmt.Errorf("engine: %w", engine.ErrOwnerOnly), KindConflict, "error.phrase_owner_only"},
		{&engine.InputError{Key: "phrase_too_many"}, KindInvalid, "error.phrase_too_many"},
		{fmt.Errorf("engine: quick phrase 3: %w", engine.ErrNotFound), KindNotFound, "error.not_found"},
	}
	for _, c := range cases {
		got := toError(c.err)
		if got.Kind != c.kind || got.Key != c.key {
			t.Errorf("%v → %s %s, want %s %s", c.err, got.Kind, got.Key, c.kind, c.key)
		}
	}
	if got := toError(bad); len(got.Fields) != 1 || got.Fields[0].Key != "phrase_too_long" {
		t.Errorf("fields = %+v", got.Fields)
	}
}
