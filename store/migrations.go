package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// migrations are applied in order, each in its own transaction, and never
// edited once released: a change to the schema is a new migration.
var migrations = []string{
	1: `
CREATE TABLE shops (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL,
	platform   TEXT NOT NULL DEFAULT '',
	locale     TEXT NOT NULL DEFAULT 'zh-CN',
	created_at DATETIME NOT NULL
);
CREATE TABLE kb_entries (
	id         INTEGER PRIMARY KEY,
	shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	question   TEXT NOT NULL,
	similar    TEXT NOT NULL DEFAULT '[]',
	answers    TEXT NOT NULL DEFAULT '[]',
	category   TEXT NOT NULL DEFAULT '',
	intent     TEXT NOT NULL DEFAULT '',
	enabled    BOOLEAN NOT NULL DEFAULT 1,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE INDEX kb_entries_shop ON kb_entries(shop_id);
CREATE TABLE buyers (
	id          INTEGER PRIMARY KEY,
	shop_id     INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	external_id TEXT NOT NULL,
	name        TEXT NOT NULL DEFAULT '',
	created_at  DATETIME NOT NULL,
	UNIQUE (shop_id, external_id)
);
CREATE TABLE conversations (
	id          INTEGER PRIMARY KEY,
	shop_id     INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	buyer_id    INTEGER NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
	status      TEXT NOT NULL DEFAULT 'open',
	unread      INTEGER NOT NULL DEFAULT 0,
	last_text   TEXT NOT NULL DEFAULT '',
	last_sender TEXT NOT NULL DEFAULT '',
	last_at     DATETIME NOT NULL,
	started_at  DATETIME NOT NULL
);
CREATE INDEX conversations_buyer ON conversations(buyer_id, status);
CREATE INDEX conversations_last ON conversations(last_at);
CREATE TABLE messages (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	sender          TEXT NOT NULL,
	type            TEXT NOT NULL DEFAULT 'text',
	text            TEXT NOT NULL,
	entry_id        INTEGER NOT NULL DEFAULT 0,
	created_at      DATETIME NOT NULL
);
CREATE INDEX messages_conversation ON messages(conversation_id, id);
`,
	2: `
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('instance_id', lower(hex(randomblob(16))));
`,
	// 3: the full KB entry (KB-2): answers become objects with order
	// conditions; operations, the never-auto rule, a version and its author;
	// per-shop synonyms; the history of every change (KB-7), numbered by a
	// KB-wide sequence that the search index follows; hits by entry.
	3: `
UPDATE kb_entries SET answers = (
	SELECT json_group_array(json_object('text', value, 'when', json('[]')))
	FROM json_each(kb_entries.answers)
);
ALTER TABLE kb_entries ADD COLUMN operations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE kb_entries ADD COLUMN never_auto BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE kb_entries ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE kb_entries ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
CREATE INDEX kb_entries_question ON kb_entries(shop_id, question);
CREATE TABLE kb_history (
	id       INTEGER PRIMARY KEY,
	shop_id  INTEGER NOT NULL,
	entry_id INTEGER NOT NULL,
	action   TEXT NOT NULL,
	actor    TEXT NOT NULL,
	at       DATETIME NOT NULL,
	before   TEXT,
	after    TEXT,
	seq      INTEGER NOT NULL
);
CREATE INDEX kb_history_entry ON kb_history(entry_id, id);
CREATE TABLE kb_synonyms (
	shop_id INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
	groups  TEXT NOT NULL DEFAULT '[]'
);
INSERT INTO meta (key, value) VALUES ('kb_seq', '0');
CREATE INDEX messages_entry ON messages(entry_id, created_at) WHERE entry_id > 0;
`,
	// 4: the webhook connector (CV-7b): one token per shop (its SHA-256
	// only), the shop's callback, the idempotency ids of buyer messages,
	// buyers' orders by the shop's order number, and the outbox of messages
	// to deliver to callbacks (next_at in Unix milliseconds).
	4: `
CREATE TABLE webhook_tokens (
	shop_id    INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL UNIQUE,
	created_at DATETIME NOT NULL
);
CREATE TABLE webhook_callbacks (
	shop_id    INTEGER PRIMARY KEY REFERENCES shops(id) ON DELETE CASCADE,
	url        TEXT NOT NULL,
	secret     TEXT NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE TABLE webhook_message_keys (
	shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (shop_id, key)
);
CREATE INDEX webhook_message_keys_message ON webhook_message_keys(message_id);
CREATE TABLE orders (
	id              INTEGER PRIMARY KEY,
	shop_id         INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	buyer_id        INTEGER NOT NULL REFERENCES buyers(id) ON DELETE CASCADE,
	external_id     TEXT NOT NULL,
	status          TEXT NOT NULL,
	amount_cents    INTEGER NOT NULL DEFAULT 0,
	currency        TEXT NOT NULL DEFAULT '',
	items           TEXT NOT NULL DEFAULT '[]',
	promise_ship_at DATETIME,
	courier         TEXT NOT NULL DEFAULT '',
	tracking_no     TEXT NOT NULL DEFAULT '',
	address         TEXT NOT NULL DEFAULT '',
	created_at      DATETIME NOT NULL,
	updated_at      DATETIME NOT NULL,
	UNIQUE (shop_id, external_id)
);
CREATE INDEX orders_buyer ON orders(buyer_id, updated_at);
CREATE TABLE webhook_outbox (
	id           INTEGER PRIMARY KEY,
	shop_id      INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	delivery_id  TEXT NOT NULL UNIQUE,
	message_id   INTEGER NOT NULL,
	body         TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_at      INTEGER NOT NULL,
	last_error   TEXT NOT NULL DEFAULT '',
	created_at   DATETIME NOT NULL,
	delivered_at DATETIME
);
CREATE INDEX webhook_outbox_pending ON webhook_outbox(shop_id, id) WHERE delivered_at IS NULL;
CREATE INDEX webhook_outbox_delivered ON webhook_outbox(delivered_at) WHERE delivered_at IS NOT NULL;
`,
	// 5: agents and routing (CV-1, CV-2): agents (IDs never reused), the
	// desk's current agent in meta; a conversation's state (queued, active,
	// closed), agent, queue priority and arrival, the buyer's wait for a
	// reply, the buyer's last message (the session gap counts from it) and
	// how it was closed. Open conversations start queued (no agent serves
	// them yet; the first start routes them), their wait taken from their
	// messages. Indexes: a page of a list in activity order, the counts of
	// every list and the idle sweep read covering indexes
	// (conversations_page, conversations_counts), which replace
	// conversations_last; a buyer message rewrites an entry of each.
	5: `
CREATE TABLE agents (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	name             TEXT NOT NULL,
	status           TEXT NOT NULL DEFAULT 'offline',
	capacity         INTEGER NOT NULL DEFAULT 5,
	role             TEXT NOT NULL DEFAULT 'agent',
	last_assigned_at DATETIME,
	created_at       DATETIME NOT NULL,
	updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX agents_name ON agents(name);
ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT 'queued';
ALTER TABLE conversations ADD COLUMN agent_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN priority BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN unreplied BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN waiting_since DATETIME;
ALTER TABLE conversations ADD COLUMN last_buyer_at DATETIME;
ALTER TABLE conversations ADD COLUMN queued_at DATETIME;
ALTER TABLE conversations ADD COLUMN assigned_at DATETIME;
ALTER TABLE conversations ADD COLUMN closed_at DATETIME;
ALTER TABLE conversations ADD COLUMN close_reason TEXT NOT NULL DEFAULT '';
UPDATE conversations SET
	state = CASE status WHEN 'closed' THEN 'closed' ELSE 'queued' END,
	queued_at = started_at,
	closed_at = CASE status WHEN 'closed' THEN last_at END,
	close_reason = CASE status WHEN 'closed' THEN 'agent' ELSE '' END,
	last_buyer_at = (SELECT MAX(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'buyer'),
	waiting_since = (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = conversations.id AND m.sender = 'buyer'
		AND m.id > COALESCE((SELECT MAX(r.id) FROM messages r WHERE r.conversation_id = conversations.id
			AND r.sender IN ('agent', 'assist', 'robot')), 0));
UPDATE conversations SET unreplied = waiting_since IS NOT NULL;
DROP INDEX conversations_last;
CREATE INDEX conversations_page ON conversations(status, last_at, id, unread, unreplied, agent_id, shop_id, started_at, last_buyer_at);
CREATE INDEX conversations_counts ON conversations(state, unreplied, unread, agent_id, shop_id, last_at, started_at);
CREATE INDEX conversations_queue ON conversations(state, priority DESC, queued_at, id);
CREATE INDEX conversations_waiting ON conversations(unreplied, status, waiting_since, id);
CREATE INDEX conversations_agent ON conversations(agent_id, state);
`,
	// 6: the agent's tools and the rest of the channels. Quick phrases
	// (CV-3), shop-wide (agent_id 0) or an agent's own, grouped and ordered;
	// the buyer panel's tags, note and follow-up flag (CV-4); a message's card
	// (order, logistics, coupon, address: its JSON in payload, CV-7a) and
	// where it came from (source: '' live, 'import' from a chat-log file,
	// CV-7c); export by date range (CV-5); and the agent who handed a
	// conversation back to the queue, whom routing passes over while another
	// agent can take it (CV-2).
	6: `
CREATE TABLE quick_phrases (
	id         INTEGER PRIMARY KEY,
	shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	agent_id   INTEGER NOT NULL DEFAULT 0,
	group_name TEXT NOT NULL DEFAULT '',
	text       TEXT NOT NULL,
	sort       INTEGER NOT NULL DEFAULT 0,
	uses       INTEGER NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE INDEX quick_phrases_shop ON quick_phrases(shop_id, agent_id, group_name, sort, id);
ALTER TABLE buyers ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
ALTER TABLE buyers ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE buyers ADD COLUMN follow_up BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE buyers ADD COLUMN updated_at DATETIME;
ALTER TABLE messages ADD COLUMN payload TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN source TEXT NOT NULL DEFAULT '';
CREATE INDEX messages_created ON messages(created_at, conversation_id);
ALTER TABLE conversations ADD COLUMN released_by INTEGER NOT NULL DEFAULT 0;
DELETE FROM webhook_outbox WHERE id NOT IN (SELECT MIN(id) FROM webhook_outbox GROUP BY message_id);
CREATE UNIQUE INDEX webhook_outbox_message ON webhook_outbox(message_id);
CREATE INDEX webhook_outbox_shop_created ON webhook_outbox(shop_id, created_at);
`,
	// 7: reception (AS-1 – AS-9, RB-12). A shop's assistant settings, one
	// row per setting that differs from its default, with a change sequence
	// in meta that running processes poll (a change made by rdctl applies
	// within 2 s); each agent's own auto-send toggle (AS-4); the agent a
	// shop-side message was sent by, or on whose behalf assist sent it; the
	// one decision per buyer message with its reason (the primary key is
	// what keeps two workers from both answering); why a conversation needs
	// a human (the list's tag, AS-8); and the reception's watermark: every
	// buyer message up to it is decided (those stored before this migration
	// are history, never decided), so a start looks for undecided ones
	// after it only.
	7: `
CREATE TABLE shop_settings (
	shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	key        TEXT NOT NULL,
	value      TEXT NOT NULL,
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (shop_id, key)
);
INSERT INTO meta (key, value) VALUES ('settings_seq', '0');
ALTER TABLE agents ADD COLUMN auto_send BOOLEAN NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN agent_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE conversations ADD COLUMN attention TEXT NOT NULL DEFAULT '';
CREATE TABLE decisions (
	message_id      INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	shop_id         INTEGER NOT NULL,
	outcome         TEXT NOT NULL,
	reason          TEXT NOT NULL,
	args            TEXT NOT NULL DEFAULT '{}',
	entry_id        INTEGER NOT NULL DEFAULT 0,
	intent          TEXT NOT NULL DEFAULT '',
	confidence      REAL NOT NULL DEFAULT 0,
	threshold       REAL NOT NULL DEFAULT 0,
	reply_id        INTEGER NOT NULL DEFAULT 0,
	agent_id        INTEGER NOT NULL DEFAULT 0,
	decided_at      DATETIME NOT NULL
);
CREATE INDEX decisions_conversation ON decisions(conversation_id, message_id);
CREATE INDEX decisions_entry ON decisions(entry_id, outcome) WHERE entry_id > 0;
CREATE INDEX decisions_shop ON decisions(shop_id, decided_at);
INSERT INTO meta (key, value) SELECT 'reception_watermark', CAST(COALESCE(MAX(id), 0) AS TEXT) FROM messages;
`,
	// 8: buyers' ratings (RB-7, MT-3): of a robot reply (reply_id, with
	// its entry: solved or not, why, and words of the buyer's own), or of
	// a whole session (reply_id 0, a score of 1 to 5). One rating per reply
	// and per session; a later one replaces it.
	8: `
CREATE TABLE ratings (
	id              INTEGER PRIMARY KEY,
	conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
	shop_id         INTEGER NOT NULL,
	reply_id        INTEGER NOT NULL DEFAULT 0,
	entry_id        INTEGER NOT NULL DEFAULT 0,
	solved          BOOLEAN NOT NULL DEFAULT 0,
	score           INTEGER NOT NULL DEFAULT 0,
	reason          TEXT NOT NULL DEFAULT '',
	text            TEXT NOT NULL DEFAULT '',
	rated_at        DATETIME NOT NULL
);
CREATE UNIQUE INDEX ratings_reply ON ratings(reply_id) WHERE reply_id > 0;
CREATE UNIQUE INDEX ratings_session ON ratings(conversation_id) WHERE reply_id = 0;
CREATE INDEX ratings_entry ON ratings(entry_id, solved) WHERE entry_id > 0;
CREATE INDEX ratings_shop ON ratings(shop_id, rated_at);
`,
	// 10: the feedback loop's proposals and unanswered questions (FB-1,
	// FB-2, FB-4). Where a KB change came from (kb_history.origin: '' for
	// the editor, 'proposal:ID' for an accepted proposal, 'unanswered' for a
	// group of unanswered questions, 'review:ID' for a fixed review item);
	// the proposals, one per kind, entry and question key (key: see
	// engine.ProposalKey), pending, accepted or rejected (a rejected key is
	// never proposed again); and the unanswered questions set aside, by
	// question key.
	10: `
ALTER TABLE kb_history ADD COLUMN origin TEXT NOT NULL DEFAULT '';
CREATE TABLE kb_proposals (
	id              INTEGER PRIMARY KEY,
	shop_id         INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	entry_id        INTEGER NOT NULL DEFAULT 0,
	key             TEXT NOT NULL,
	question        TEXT NOT NULL,
	questions       TEXT NOT NULL DEFAULT '[]',
	answer          TEXT NOT NULL DEFAULT '',
	why             TEXT NOT NULL DEFAULT '',
	count           INTEGER NOT NULL DEFAULT 1,
	conversation_id INTEGER NOT NULL DEFAULT 0,
	message_id      INTEGER NOT NULL DEFAULT 0,
	agent           TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'pending',
	created_at      DATETIME NOT NULL,
	updated_at      DATETIME NOT NULL,
	decided_by      TEXT NOT NULL DEFAULT '',
	decided_at      DATETIME,
	change_id       INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX kb_proposals_key ON kb_proposals(shop_id, key);
CREATE INDEX kb_proposals_status ON kb_proposals(shop_id, status, updated_at);
CREATE TABLE unanswered_dismissed (
	shop_id INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	key     TEXT NOT NULL,
	by      TEXT NOT NULL DEFAULT '',
	at      DATETIME NOT NULL,
	PRIMARY KEY (shop_id, key)
);
CREATE INDEX decisions_unanswered ON decisions(shop_id, message_id) WHERE outcome <> 'merged';
`,
	// 11: the review queue (FB-3): one table for every kind of item, so
	// that a new kind joins without a new table — 'rating' (a buyer's
	// unsolved rating of a robot reply, ref_id the rating), 'report' (an
	// agent's "this suggestion is wrong"); payload holds what a kind has of
	// its own (JSON). Open items are fixed or dismissed, by whom and when.
	11: `
CREATE TABLE review_items (
	id              INTEGER PRIMARY KEY,
	shop_id         INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	kind            TEXT NOT NULL,
	ref_id          INTEGER NOT NULL DEFAULT 0,
	conversation_id INTEGER NOT NULL DEFAULT 0,
	message_id      INTEGER NOT NULL DEFAULT 0,
	entry_id        INTEGER NOT NULL DEFAULT 0,
	reason          TEXT NOT NULL DEFAULT '',
	text            TEXT NOT NULL DEFAULT '',
	question        TEXT NOT NULL DEFAULT '',
	answer          TEXT NOT NULL DEFAULT '',
	payload         TEXT NOT NULL DEFAULT '{}',
	status          TEXT NOT NULL DEFAULT 'open',
	created_by      TEXT NOT NULL DEFAULT '',
	created_at      DATETIME NOT NULL,
	closed_by       TEXT NOT NULL DEFAULT '',
	closed_at       DATETIME
);
CREATE UNIQUE INDEX review_items_ref ON review_items(kind, ref_id) WHERE ref_id > 0;
CREATE INDEX review_items_shop ON review_items(shop_id, status, created_at);
CREATE INDEX review_items_entry ON review_items(entry_id) WHERE entry_id > 0;
`,
	// 12: scenarios (SA-4 – SA-6). The outbox carries typed action events
	// beside messages (urge the warehouse, create an after-sales request:
	// event and payload, made by the engine); a shop's own scripts of a
	// scenario by order state (SA-6; their history is kept in kb_history
	// with entry 0); agents' reports of a problem with a scenario (SA-5),
	// with an optional image kept in the data folder. A decision keeps its
	// system note's ID and reason, for the window to say it in its language.
	12: `
ALTER TABLE decisions ADD COLUMN notice_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE decisions ADD COLUMN notice TEXT NOT NULL DEFAULT '';
ALTER TABLE webhook_outbox ADD COLUMN event TEXT NOT NULL DEFAULT 'message';
ALTER TABLE webhook_outbox ADD COLUMN payload TEXT NOT NULL DEFAULT '';
CREATE TABLE scenario_scripts (
	shop_id    INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	intent     TEXT NOT NULL,
	state      TEXT NOT NULL DEFAULT '',
	scripts    TEXT NOT NULL DEFAULT '[]',
	version    INTEGER NOT NULL DEFAULT 1,
	updated_by TEXT NOT NULL DEFAULT '',
	updated_at DATETIME NOT NULL,
	PRIMARY KEY (shop_id, intent, state)
);
CREATE TABLE scenario_reports (
	id              INTEGER PRIMARY KEY,
	shop_id         INTEGER NOT NULL REFERENCES shops(id) ON DELETE CASCADE,
	intent          TEXT NOT NULL,
	state           TEXT NOT NULL DEFAULT '',
	conversation_id INTEGER NOT NULL DEFAULT 0,
	agent_id        INTEGER NOT NULL DEFAULT 0,
	text            TEXT NOT NULL,
	image           TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'open',
	created_at      DATETIME NOT NULL
);
CREATE INDEX scenario_reports_shop ON scenario_reports(shop_id, status, created_at);
`,
}

func (s *Store) migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`).Error; err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	var applied []int
	if err := db.Raw(`SELECT version FROM schema_migrations`).Scan(&applied).Error; err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	done := map[int]bool{}
	newest := 0
	for _, v := range applied {
		done[v], newest = true, max(newest, v)
	}
	if newest >= len(migrations) {
		return fmt.Errorf("store: the database has schema version %d, newer than this app knows (%d)", newest, len(migrations)-1)
	}
	// Each migration not applied yet runs, in order. A number with no
	// migration is one that work on another branch holds: it is skipped, not
	// recorded, and runs once it is here (migrations of different numbers
	// touch different tables).
	for v := 1; v < len(migrations); v++ {
		if done[v] || migrations[v] == "" {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(migrations[v]).Error; err != nil {
				return err
			}
			return tx.Exec(`INSERT INTO schema_migrations (version) VALUES (?)`, v).Error
		})
		if err != nil {
			return fmt.Errorf("store: migration %d: %w", v, err)
		}
	}
	return nil
}

// SchemaVersion returns the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.db.WithContext(ctx).Raw(`SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v).Error
	return v, err
}

// InstanceID names this database for good: it is made when the database is
// created and never changes, so that a search index built from another
// database is recognised.
func (s *Store) InstanceID(ctx context.Context) (string, error) {
	var id string
	err := s.db.WithContext(ctx).Raw(`SELECT value FROM meta WHERE key = 'instance_id'`).Scan(&id).Error
	switch {
	case err != nil:
		return "", fmt.Errorf("store: instance id: %w", err)
	case id == "":
		return "", fmt.Errorf("store: instance id: %w", ErrNotFound)
	}
	return id, nil
}
