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
}

func (s *Store) migrate(ctx context.Context) error {
	db := s.db.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)`).Error; err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	current, err := s.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("store: migrate: %w", err)
	}
	if current >= len(migrations) {
		return fmt.Errorf("store: the database has schema version %d, newer than this app knows (%d)", current, len(migrations)-1)
	}
	for v := current + 1; v < len(migrations); v++ {
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
