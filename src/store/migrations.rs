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

/// Version 4: full-text search, first form (trigram tokens with positions;
/// replaced by version 5). Kept as it ran.
const V4_SEARCH: &str = r#"
CREATE VIRTUAL TABLE ticket_text USING fts5(subject, question, fields, tokenize = 'trigram');
CREATE VIRTUAL TABLE reply_text USING fts5(text, ticket_id UNINDEXED, tokenize = 'trigram');
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
INSERT INTO ticket_text (rowid, subject, question, fields)
    SELECT t.id, t.subject, t.question,
        (SELECT coalesce(group_concat(value, ' '), '') FROM json_each(t.fields) WHERE type = 'text')
    FROM tickets t;
INSERT INTO reply_text (rowid, text, ticket_id) SELECT id, text, ticket_id FROM replies;
"#;

/// Version 5: full-text search without token positions or copies of the
/// text. Trigram tokens still match any substring of three or more
/// characters (Chinese too), but the index keeps only which rows hold each
/// trigram and reads the text from the tables themselves (`LIKE` confirms
/// every candidate there), so it is a sixth of the size and twice as quick
/// to build. A ticket's own text (subject, question, string fields: the
/// `ticket_document` view) is one indexed document; each reply is another,
/// so adding a reply never re-indexes the thread.
const V5_SEARCH: &str = concat!(
    r#"
DROP TRIGGER ticket_text_insert;
DROP TRIGGER ticket_text_update;
DROP TRIGGER reply_text_insert;
DROP TABLE ticket_text;
DROP TABLE reply_text;
ALTER TABLE tickets ADD COLUMN field_text TEXT;
UPDATE tickets SET field_text =
    (SELECT group_concat(value, char(10)) FROM json_each(tickets.fields) WHERE type = 'text');
CREATE VIEW ticket_document (id, text) AS SELECT t.id, "#,
    ticket_document!("t"),
    r#" FROM tickets t;
CREATE VIRTUAL TABLE ticket_text USING fts5(text, tokenize = 'trigram', detail = 'none',
    content = 'ticket_document', content_rowid = 'id');
CREATE VIRTUAL TABLE reply_text USING fts5(text, ticket_id UNINDEXED, tokenize = 'trigram', detail = 'none',
    content = 'replies', content_rowid = 'id');
"#,
    search_triggers!(),
    fill_search!()
);

/// The searchable text of ticket `$t`: subject, question and the values of
/// its string fields (`field_text`, kept by the store), one per line.
macro_rules! ticket_document {
    ($t:literal) => {
        concat!(
            $t,
            ".subject || char(10) || ",
            $t,
            ".question || coalesce(char(10) || ",
            $t,
            ".field_text, '')"
        )
    };
}
use ticket_document;

/// The triggers that keep the search index current, row by row. The index
/// holds no text of its own, so a changed ticket's old text is named to
/// take it out.
macro_rules! search_triggers {
    () => {
        concat!(
            "
CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (rowid, text) VALUES (new.id, ",
            ticket_document!("new"),
            ");
END;
CREATE TRIGGER ticket_text_update AFTER UPDATE OF subject, question, field_text ON tickets
WHEN old.subject IS NOT new.subject OR old.question IS NOT new.question
    OR old.field_text IS NOT new.field_text
BEGIN
    INSERT INTO ticket_text (ticket_text, rowid, text) VALUES ('delete', old.id, ",
            ticket_document!("old"),
            ");
    INSERT INTO ticket_text (rowid, text) VALUES (new.id, ",
            ticket_document!("new"),
            ");
END;
CREATE TRIGGER reply_text_insert AFTER INSERT ON replies BEGIN
    INSERT INTO reply_text (rowid, text, ticket_id) VALUES (new.id, new.text, new.ticket_id);
END;
"
        )
    };
}
use search_triggers;

/// Bulk loads index their rows at the end, a run of ids at a time, three
/// times faster than row by row: the row triggers are dropped while the
/// store notes which rows arrived.
pub(crate) const BEGIN_BULK_LOAD: &str = r#"
DROP TRIGGER ticket_text_insert;
DROP TRIGGER ticket_text_update;
DROP TRIGGER reply_text_insert;
"#;

/// Takes a ticket stored before a bulk load out of the search index, before
/// the load changes its text (the load indexes it again at its end).
pub(crate) const UNINDEX_TICKET: &str = "INSERT INTO ticket_text (ticket_text, rowid, text) \
     SELECT 'delete', id, text FROM ticket_document WHERE id = ?1";

/// Prepares to index the rows a bulk load brought, with a larger in-memory
/// buffer for the index (32 MB instead of 1 MB), so fewer segments to merge.
pub(crate) const BEGIN_BULK_INDEXING: &str = "
INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', 33554432);
INSERT INTO reply_text (reply_text, rank) VALUES ('hashsize', 33554432);
";

/// Indexes the tickets of one run of ids a bulk load brought (`?1..=?2`).
pub(crate) const INDEX_BULK_TICKETS: &str = "INSERT INTO ticket_text (rowid, text) SELECT id, text FROM ticket_document WHERE id BETWEEN ?1 AND ?2";

/// Indexes the replies of one run of ids a bulk load brought (`?1..=?2`).
pub(crate) const INDEX_BULK_REPLIES: &str = "INSERT INTO reply_text (rowid, text, ticket_id) \
     SELECT id, text, ticket_id FROM replies WHERE id BETWEEN ?1 AND ?2";

/// Ends a bulk load: the index buffer back to its size, the row triggers
/// back in place.
pub(crate) const END_BULK_LOAD: &str = concat!(
    "
INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', 1048576);
INSERT INTO reply_text (reply_text, rank) VALUES ('hashsize', 1048576);
",
    search_triggers!()
);

/// Indexes every stored ticket and reply (for version 5 and rebuilds).
macro_rules! fill_search {
    () => {
        "
INSERT INTO ticket_text (rowid, text) SELECT id, text FROM ticket_document;
INSERT INTO reply_text (rowid, text, ticket_id) SELECT id, text, ticket_id FROM replies;
"
    };
}
use fill_search;

/// Rebuilds the search index from the tickets and replies, in one segment.
pub(crate) const REBUILD_SEARCH: &str = concat!(
    "
INSERT INTO ticket_text (ticket_text) VALUES ('delete-all');
INSERT INTO reply_text (reply_text) VALUES ('delete-all');
INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', 33554432);
INSERT INTO reply_text (reply_text, rank) VALUES ('hashsize', 33554432);",
    fill_search!(),
    "
INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', 1048576);
INSERT INTO reply_text (reply_text, rank) VALUES ('hashsize', 1048576);",
    optimize_search!()
);

/// Merges the search index into one segment per table: a search then reads
/// one list of rows per trigram instead of one per segment, which at a
/// million tickets halves its time. Worth its cost (a rewrite of the index)
/// after a load that built most of the index.
macro_rules! optimize_search {
    () => {
        "
INSERT INTO ticket_text (ticket_text) VALUES ('optimize');
INSERT INTO reply_text (reply_text) VALUES ('optimize');
"
    };
}
use optimize_search;

/// [`OPTIMIZE_SEARCH`] as a statement.
pub(crate) const OPTIMIZE_SEARCH: &str = optimize_search!();

/// Version 6: lighter indexes for people. Every status change moves a
/// ticket's `updated_at`, so each index holding it is rewritten on every
/// change; the assignee and requester indexes no longer hold it. "My open
/// work" reads an assignee's open tickets by status instead, and a
/// requester's tickets are few enough to sort. Moving 100k tickets at 1M
/// tickets rewrites half as many pages.
const V6_PEOPLE_INDEXES: &str = r#"
DROP INDEX tickets_by_assignee;
DROP INDEX tickets_by_requester;
CREATE INDEX tickets_by_assignee ON tickets (assignee, status);
CREATE INDEX tickets_by_requester ON tickets (requester);
"#;

/// Version 7: each ticket row carries its tags as a sorted JSON array, so
/// reading a ticket needs no look-up in `ticket_tags` (which stays, for
/// filters). Listing 20k tickets spent a fifth of its time gathering tags.
const V7_TAG_LIST: &str = r#"
ALTER TABLE tickets ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
UPDATE tickets SET tags = (SELECT json_group_array(tag) FROM
    (SELECT tag FROM ticket_tags WHERE ticket_id = tickets.id ORDER BY tag))
WHERE id IN (SELECT ticket_id FROM ticket_tags);
"#;

/// Version 8: what changes often lives apart. Status, priority, assignee,
/// version and `updated_at` move to `ticket_state`, a narrow table (about 45
/// bytes a row against 450), with the indexes that hold them. A status
/// change rewrites a ticket's state row, not the page holding its question:
/// a sweep of 100k of 1M tickets now writes 18k pages (4k of them state
/// rows) and takes half the time it took on the wide rows. Every ticket has
/// exactly one state row.
///
/// `updated_at` is kept there as microseconds since the Unix epoch: it is
/// in two indexes, compared by every list and sweep, and rewritten by every
/// change; as a number its keys are a third the size and compare faster.
/// The people index holds open work only, which is what it answers ("my
/// queue", the unassigned), so closing solved tickets never touches it.
const V8_TICKET_STATE: &str = r#"
CREATE TABLE ticket_state (
    id          INTEGER PRIMARY KEY REFERENCES tickets(id),
    status      TEXT NOT NULL CHECK (status IN ('new','open','pending','holding','solved','closed')),
    priority    TEXT NOT NULL CHECK (priority IN ('normal','important','urgent')),
    assignee    TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_at  INTEGER NOT NULL
);
INSERT INTO ticket_state (id, status, priority, assignee, version, updated_at)
    SELECT id, status, priority, assignee, version,
        unixepoch(substr(updated_at, 1, 19)) * 1000000 + CAST(substr(updated_at, 21, 6) AS INTEGER)
    FROM tickets ORDER BY id;
DROP INDEX tickets_by_update;
DROP INDEX tickets_by_status;
DROP INDEX tickets_by_assignee;
ALTER TABLE tickets DROP COLUMN status;
ALTER TABLE tickets DROP COLUMN priority;
ALTER TABLE tickets DROP COLUMN assignee;
ALTER TABLE tickets DROP COLUMN version;
ALTER TABLE tickets DROP COLUMN updated_at;
CREATE INDEX state_by_update ON ticket_state (updated_at, id);
CREATE INDEX state_by_status ON ticket_state (status, updated_at, id);
CREATE INDEX state_by_assignee ON ticket_state (assignee, status)
    WHERE status IN ('new','open','pending','holding');
"#;

/// Version 9: the header names the file a ticket store (`application_id`
/// "tick", `super::sqlite::APPLICATION_ID`), so another application's
/// database is never taken for one.
const V9_APPLICATION_ID: &str = "PRAGMA application_id = 1953063787;";

/// Version 10: API tokens for `ticket serve`. A token's secret is never
/// stored, only its SHA-256 (`hash`, hex), unique and indexed: a request
/// finds its token by one look-up of the hash. Times are RFC 3339 text, as
/// `tickets.created_at`. Tokens are never deleted (revoking sets
/// `revoked_at`), so ids are never reused.
const V10_API_TOKENS: &str = r#"
CREATE TABLE api_tokens (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('agent','requester')),
    name        TEXT,
    hash        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    expires_at  TEXT,
    revoked_at  TEXT
);
"#;

/// Version 11: idempotency keys of replies (`ticket serve`'s
/// `Idempotency-Key` on a reply), each naming the one reply it wrote.
const V11_REPLY_KEYS: &str = r#"
CREATE TABLE reply_keys (
    key       TEXT PRIMARY KEY,
    reply_id  INTEGER NOT NULL REFERENCES replies(id)
) WITHOUT ROWID;
"#;

const STEPS: [&str; 11] = [
    V1_SCHEMA,
    V2_SEED,
    V3_RUNS_AND_KEYS,
    V4_SEARCH,
    V5_SEARCH,
    V6_PEOPLE_INDEXES,
    V7_TAG_LIST,
    V8_TICKET_STATE,
    V9_APPLICATION_ID,
    V10_API_TOKENS,
    V11_REPLY_KEYS,
];

/// The migration set, oldest first.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

/// The SQL of one schema version's step, for tests that build old stores.
#[cfg(test)]
pub(crate) fn step(version: usize) -> &'static str {
    STEPS[version - 1]
}
