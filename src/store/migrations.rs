//! The SQLite schema, as numbered migrations. Each step runs in its own
//! transaction and records its number in `PRAGMA user_version`.

use rusqlite_migration::{M, Migrations};

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: i64 = STEPS.len() as i64;

/// Version 1: the tables.
const V1_SCHEMA: &str = r#"
CREATE TABLE ticket_types (
    name      TEXT PRIMARY KEY,
    label_zh  TEXT NOT NULL,
    label_en  TEXT NOT NULL,
    position  INTEGER NOT NULL
);
CREATE TABLE field_defs (
    name     TEXT PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('text','integer','decimal','bool','date','email','phone','url','enum')),
    label    TEXT NOT NULL,
    options  TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE type_fields (
    type      TEXT NOT NULL REFERENCES ticket_types(name),
    field     TEXT NOT NULL REFERENCES field_defs(name),
    required  INTEGER NOT NULL DEFAULT 0,
    position  INTEGER NOT NULL,
    PRIMARY KEY (type, field)
);
CREATE TABLE tickets (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    type          TEXT NOT NULL REFERENCES ticket_types(name),
    subject       TEXT NOT NULL,
    question      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('new','open','pending','holding','solved','closed')),
    priority      TEXT NOT NULL CHECK (priority IN ('normal','important','urgent')),
    support       INTEGER NOT NULL,
    committer     TEXT NOT NULL,
    requester     TEXT NOT NULL,
    assignee      TEXT,
    grp           TEXT,
    organization  TEXT,
    channel       TEXT NOT NULL,
    fields        TEXT NOT NULL DEFAULT '{}',
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX tickets_by_update ON tickets (updated_at, id);
CREATE INDEX tickets_by_status ON tickets (status, updated_at, id);
CREATE INDEX tickets_by_assignee ON tickets (assignee, updated_at);
CREATE INDEX tickets_by_requester ON tickets (requester, updated_at);
CREATE TABLE ticket_tags (
    tag        TEXT NOT NULL,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;
CREATE INDEX ticket_tags_by_ticket ON ticket_tags (ticket_id, tag);
CREATE TABLE replies (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id    INTEGER NOT NULL REFERENCES tickets(id),
    committer    TEXT NOT NULL,
    role         INTEGER NOT NULL CHECK (role IN (0, 1)),
    text         TEXT NOT NULL,
    images       TEXT NOT NULL DEFAULT '[]',
    internal     INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
CREATE INDEX replies_by_ticket ON replies (ticket_id, id);
CREATE TABLE events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id),
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    field      TEXT,
    old        TEXT,
    new        TEXT
);
CREATE INDEX events_by_ticket ON events (ticket_id, id);
"#;

/// Version 2: seed 1's ticket types and the content fields of `module`.
const V2_SEED: &str = r#"
INSERT INTO ticket_types (name, label_zh, label_en, position) VALUES
    ('sys',      '系统故障',   'System failure',        1),
    ('licences', '配额',       'Quota',                 2),
    ('module',   '购买云模块', 'Cloud module purchase', 3),
    ('tech',     '技术支持',   'Technical support',     4),
    ('test',     '测试协助',   'Testing assistance',    5);
INSERT INTO field_defs (name, kind, label) VALUES
    ('module',    'text',    'Cloud module model'),
    ('amount',    'integer', 'Number of modules'),
    ('company',   'text',    'Company'),
    ('contact',   'text',    'Contact person'),
    ('cellphone', 'phone',   'Contact phone'),
    ('location',  'text',    'Production region'),
    ('email',     'email',   'Contact email'),
    ('address',   'text',    'Contact address');
INSERT INTO type_fields (type, field, required, position) VALUES
    ('module', 'module',    1, 1),
    ('module', 'amount',    1, 2),
    ('module', 'company',   0, 3),
    ('module', 'contact',   0, 4),
    ('module', 'cellphone', 0, 5),
    ('module', 'location',  0, 6),
    ('module', 'email',     0, 7),
    ('module', 'address',   0, 8);
"#;

/// Version 3: unattended work. Sweep runs (and their undo), events tagged
/// with the run that made them, and idempotency keys for `new`.
const V3_RUNS_AND_KEYS: &str = r#"
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    rule        TEXT NOT NULL,
    actor       TEXT NOT NULL,
    at          TEXT NOT NULL,
    undone_by   INTEGER REFERENCES runs(id)
);
ALTER TABLE events ADD COLUMN run_id INTEGER REFERENCES runs(id);
CREATE INDEX events_by_run ON events (run_id) WHERE run_id IS NOT NULL;
CREATE TABLE idempotency_keys (
    key        TEXT PRIMARY KEY,
    ticket_id  INTEGER NOT NULL REFERENCES tickets(id)
);
"#;

/// Version 4: full-text search (FTS5, trigram tokens so Chinese text
/// matches by substring): one index row per ticket (subject, question,
/// text fields) and one per reply, so adding a reply never re-indexes the
/// thread. Triggers keep both current inside every writing transaction.
const V4_SEARCH: &str = concat!(
    r#"
CREATE VIRTUAL TABLE ticket_text USING fts5(subject, question, fields, tokenize = 'trigram');
CREATE VIRTUAL TABLE reply_text USING fts5(text, ticket_id UNINDEXED, tokenize = 'trigram');
"#,
    search_triggers!(),
    fill_search!()
);

/// The triggers that keep the search index current, row by row.
macro_rules! search_triggers {
    () => {
        r#"
CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (rowid, subject, question, fields) VALUES (new.id, new.subject, new.question,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.fields) WHERE type = 'text'));
END;
CREATE TRIGGER ticket_text_update AFTER UPDATE OF subject, question, fields ON tickets BEGIN
    UPDATE ticket_text SET subject = new.subject, question = new.question,
        fields = (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(new.fields) WHERE type = 'text')
    WHERE rowid = new.id;
END;
CREATE TRIGGER reply_text_insert AFTER INSERT ON replies BEGIN
    INSERT INTO reply_text (rowid, text, ticket_id) VALUES (new.id, new.text, new.ticket_id);
END;
"#
    };
}
use search_triggers;

/// Bulk loads index their rows in one statement at the end, three times
/// faster than row by row: the row triggers give way to temporary ones
/// that only note which rows arrived.
pub(crate) const BEGIN_BULK_LOAD: &str = r#"
DROP TRIGGER ticket_text_insert;
DROP TRIGGER ticket_text_update;
DROP TRIGGER reply_text_insert;
CREATE TEMP TABLE bulk_tickets (id INTEGER PRIMARY KEY);
CREATE TEMP TABLE bulk_replies (id INTEGER PRIMARY KEY);
CREATE TEMP TRIGGER bulk_ticket AFTER INSERT ON main.tickets BEGIN
    INSERT INTO bulk_tickets (id) VALUES (new.id);
END;
CREATE TEMP TRIGGER bulk_reply AFTER INSERT ON main.replies BEGIN
    INSERT INTO bulk_replies (id) VALUES (new.id);
END;
"#;

/// Indexes the rows a bulk load brought and restores the row triggers.
pub(crate) const END_BULK_LOAD: &str = concat!(
    r#"
INSERT INTO ticket_text (rowid, subject, question, fields)
    SELECT t.id, t.subject, t.question,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(t.fields) WHERE type = 'text')
    FROM bulk_tickets b JOIN tickets t ON t.id = b.id;
INSERT INTO reply_text (rowid, text, ticket_id)
    SELECT r.id, r.text, r.ticket_id FROM bulk_replies b JOIN replies r ON r.id = b.id;
DROP TRIGGER bulk_ticket;
DROP TRIGGER bulk_reply;
DROP TABLE bulk_tickets;
DROP TABLE bulk_replies;
"#,
    search_triggers!()
);

/// Indexes every stored ticket and reply (for version 4 and rebuilds).
macro_rules! fill_search {
    () => {
        r#"
INSERT INTO ticket_text (rowid, subject, question, fields)
    SELECT t.id, t.subject, t.question,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(t.fields) WHERE type = 'text')
    FROM tickets t;
INSERT INTO reply_text (rowid, text, ticket_id) SELECT id, text, ticket_id FROM replies;
"#
    };
}
use fill_search;

/// Rebuilds the search index from the tickets and replies.
pub(crate) const REBUILD_SEARCH: &str = concat!(
    "DELETE FROM ticket_text; DELETE FROM reply_text;",
    fill_search!()
);

const STEPS: [&str; 4] = [V1_SCHEMA, V2_SEED, V3_RUNS_AND_KEYS, V4_SEARCH];

/// The migration set, oldest first.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// The SQL of one schema version's step, for tests that build old stores.
#[cfg(test)]
pub(crate) fn step(version: usize) -> &'static str {
    STEPS[version - 1]
}
