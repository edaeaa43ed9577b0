#!/usr/bin/env python3
"""PostgreSQL benchmark for `ticket`: show, a full list, an import and a
sweep on a PostgreSQL store, each beside `psql` doing the same work on the
same database, interleaved, with the targets of issue 10.

Run from the repository root, beside a throwaway server:

    scripts/with-postgres python3 benches/postgres.py

The server is the one `TICKET_TEST_PG` names (a libpq key=value string or a
postgres:// URL); the script creates its own databases on it (UTF-8, C.UTF-8,
named ticket_bench_*) and drops them at the end. It builds `ticket` in
release mode and uses the store builder of `benches/cli.rs`
(`--build-store PATH N`), the generator `benches/scale.py` uses too: tickets
with replies, events and tags, written to a SQLite file, which
`ticket export` turns into the JSON Lines that `ticket --db PG import`
loads (that import is a figure itself). Settings, from the environment:

    BENCH_PG_SMALL=100000  tickets in the store for show, list and import
    BENCH_PG_BIG=1000000   tickets in the store for the sweep (0 skips)
    BENCH_PG_SWEEP=100000  idle tickets the sweep moves among them
    BENCH_RUNS=30          runs of `show` (the median is reported)
    BENCH_LIST_RUNS=5      runs of the full list
    BENCH_IMPORT_RUNS=3    runs of the import (each into a fresh database)
    BENCH_SWEEP_RUNS=3     runs of the sweep (each on a fresh copy of the store)
    BENCH_TMP              where the SQLite stores and export files go
    BENCH_PSQL             the psql for the raw side (default: the newest
                           /usr/lib/postgresql/*/bin/psql, not the wrapper)

Each figure is the median of its runs; the ticket and psql runs alternate,
so the machine's drift hits both alike, and the ratio is of the medians.
Times are wall times of whole processes (spawn to reap, connection
included), memory the peak RSS wait4 reports. The whole run takes about 7
minutes on 2 cores, 4 of them importing the 1M store.
"""

import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scale  # noqa: E402  (its build, run and time helpers)
from scale import TICKET, rfc3339, run  # noqa: E402


def find_psql():
    """`BENCH_PSQL`, else the psql binary itself: Debian's /usr/bin/psql is a
    Perl wrapper choosing a version, which alone takes ~15 ms a run."""
    if os.environ.get("BENCH_PSQL"):
        return os.environ["BENCH_PSQL"]
    for major in ("17", "16", "15", "14", "13"):
        path = f"/usr/lib/postgresql/{major}/bin/psql"
        if os.path.exists(path):
            return path
    return shutil.which("psql")


PSQL = find_psql()
PG = os.environ.get("TICKET_TEST_PG", "")
SMALL = int(os.environ.get("BENCH_PG_SMALL", "100000"))
BIG = int(os.environ.get("BENCH_PG_BIG", "1000000"))
SWEEP = int(os.environ.get("BENCH_PG_SWEEP", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
LIST_RUNS = int(os.environ.get("BENCH_LIST_RUNS", "5"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
SWEEP_RUNS = int(os.environ.get("BENCH_SWEEP_RUNS", "3"))

PREFIX = "ticket_bench_"
CREATED = []  # databases to drop at the end
ROWS = []  # (figure, ticket, raw, ratio, target, met)

# The SQL ticket runs, from src/store/postgres/sql.rs and txn.rs.
TICKET_COLUMNS = ("s.id, t.type, t.subject, t.question, s.status, s.priority, t.support, t.committer, "
                  "t.requester, s.assignee, t.grp, t.organization, t.channel, t.tags, t.fields, s.version, "
                  "t.created_at, s.updated_at")
TICKETS = "ticket_state s JOIN tickets t ON t.id = s.id"
REPLY_COLUMNS = "id, ticket_id, committer, role, text, images, internal, created_at"
# The tables an import writes, in the order it writes them.
TABLES = ["tickets", "ticket_state", "replies", "events"]


def conninfo(dbname):
    """TICKET_TEST_PG with another database."""
    if PG.startswith(("postgres://", "postgresql://")):
        url = urllib.parse.urlsplit(PG)
        return urllib.parse.urlunsplit(url._replace(path="/" + dbname))
    pairs = [p for p in PG.split() if not p.startswith("dbname=")]
    return " ".join(pairs + [f"dbname={dbname}"])


ADMIN = None  # set in main: TICKET_TEST_PG itself


def psql(db, *commands, single=False):
    """The psql command running `commands` (each a -c) on database `db`."""
    cmd = [PSQL, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", db]
    if single:
        cmd.append("-1")
    for c in commands:
        cmd += ["-c", c]
    return cmd


def query(db, sql):
    return run(psql(db, sql), stdout=subprocess.PIPE)[2].decode().strip()


def create_db(name, template="template0"):
    """A fresh database: UTF-8 and C.UTF-8, as a ticket store needs."""
    run(psql(ADMIN, f"DROP DATABASE IF EXISTS {name}"))
    if template == "template0":
        run(psql(ADMIN, f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' "
                        "LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"))
    else:
        run(psql(ADMIN, f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY"))
    if name not in CREATED:
        CREATED.append(name)
    return conninfo(name)


def drop_db(name):
    run(psql(ADMIN, f"DROP DATABASE IF EXISTS {name}"))
    if name in CREATED:
        CREATED.remove(name)


def empty_store(name):
    """A database holding an empty ticket store (schema and seeded types)."""
    db = create_db(name)
    run([TICKET, "--db", db, "search", "--rebuild"])  # a write creates the store; reads create nothing
    return db


def record(figure, ticket, raw, ratio, target, met):
    """A row of the table; `met` is None for a figure without a target."""
    verdict = {True: "met", False: "NOT MET", None: "—"}[met]
    ROWS.append((figure, ticket, raw, ratio, target, verdict))
    print(f"{verdict:7}  {figure}: ticket {ticket}, raw {raw}, {ratio} (target {target})", flush=True)


def print_table(header, rows):
    """A Markdown table, as the README carries the figures."""
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        print("| " + " | ".join(row) + " |")


def interleaved(pairs, runs, warmups=1):
    """Times each (ticket, raw) pair of commands in turn, `runs` times after
    `warmups`; `pairs(k)` gives run k's commands. Returns the two lists of
    samples (seconds, peak MiB)."""
    for k in range(warmups):
        for cmd in pairs(-1 - k):
            run(cmd, shell=isinstance(cmd, str))
    ticket, raw = [], []
    for k in range(runs):
        a, b = pairs(k)
        ticket.append(run(a, shell=isinstance(a, str))[:2])
        raw.append(run(b, shell=isinstance(b, str))[:2])
    return ticket, raw


def median(samples):
    return statistics.median(s[0] for s in samples)


def peak(samples):
    return max(s[1] for s in samples)


def build_sqlite(builder, path, n):
    """A SQLite store of `n` tickets from the cli bench's generator (its
    search index is left empty: only its rows are exported)."""
    run([TICKET, "--db", path, "search", "--rebuild"])
    started = time.perf_counter()
    run([builder, "--build-store", path, str(n)])
    print(f"SQLite store of {n:,} tickets built in {time.perf_counter() - started:.1f} s", flush=True)


def export(sqlite_db, path):
    with open(path, "wb") as out:
        run([TICKET, "--db", sqlite_db, "export"], stdout=out)
    print(f"exported {os.path.getsize(path) / 2**20:.0f} MiB", flush=True)


def ticket_import(db, export_path):
    """`ticket --db DB import -` of an export; returns (seconds, peak MiB)."""
    with open(export_path, "rb") as data:
        return run([TICKET, "--db", db, "import", "-"], stdin=data)[:2]


def dump_tables(db, tmp):
    """The rows an import wrote, one text COPY file per table."""
    files = {}
    for table in TABLES:
        files[table] = os.path.join(tmp, f"{table}.copy")
        run(psql(db, f"\\copy {table} TO '{files[table]}'"))
    return files


def raw_import(db, files):
    """The raw floor of an import: psql copying the same rows (text COPY)
    into the tables of an empty store, its indexes in place, moving the
    sequences past the ids and analysing, as ticket's bulk load does, in one
    transaction."""
    commands = [f"\\copy {t} FROM '{files[t]}'" for t in TABLES]
    commands += [f"SELECT setval('{seq}', (SELECT max(id) FROM {t}))"
                 for seq, t in (("tickets_id_seq", "tickets"), ("replies_id_seq", "replies"),
                                ("events_id_seq", "events"))]
    commands.append("ANALYZE tickets, ticket_state, replies, events")
    return run(psql(db, *commands, single=True))[:2]


def counts(db):
    return query(db, "SELECT (SELECT count(*) FROM tickets) || ' ' || (SELECT count(*) FROM replies) || ' ' "
                     "|| (SELECT count(*) FROM events)")


def import_figures(export_path, tmp):
    """ticket's import of the small export into an empty store beside psql's
    copy of the same rows, IMPORT_RUNS of each, alternating. The first
    import is kept as the store the other figures read."""
    ticket, raw = [], []
    small = None
    files = None
    for k in range(IMPORT_RUNS):
        name = f"{PREFIX}small" if k == 0 else f"{PREFIX}import"
        db = empty_store(name)
        ticket.append(ticket_import(db, export_path))
        if k == 0:
            small = db
            files = dump_tables(db, tmp)
            expected = counts(db)
        else:
            drop_db(name)
        raw_db = empty_store(f"{PREFIX}raw_import")
        raw.append(raw_import(raw_db, files))
        found = counts(raw_db)
        if found != expected:
            sys.exit(f"the raw import copied {found} rows, ticket's {expected}")
        drop_db(f"{PREFIX}raw_import")
    for path in files.values():
        os.remove(path)
    secs, raw_secs = median(ticket), median(raw)
    _, replies, events = (int(n) for n in expected.split())
    size = os.path.getsize(export_path) / 2**20
    record(f"`import` of {SMALL:,} ({size:.0f} MiB export: {replies:,} replies, {events:,} events)",
           f"{secs:.2f} s ({SMALL / secs:,.0f} tickets/s), {peak(ticket):.0f} MiB",
           f"psql \\copy {raw_secs:.2f} s", f"{secs / raw_secs:.2f}x", "<= 2x",
           secs <= 2 * raw_secs)
    return small


def show_figures(db):
    """`show ID --json` beside psql running the queries ticket runs for it,
    in a read-only transaction: the ticket row, then its replies."""
    def show_id(k):
        span = SMALL // 2
        return SMALL // 4 + 1 + (k % 1_000_000) * 7_919 % span

    def raw(i):
        # Records end with a NUL (-0): questions hold newlines.
        return psql(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                    f"SELECT {TICKET_COLUMNS} FROM {TICKETS} WHERE s.id = {i}",
                    f"SELECT {REPLY_COLUMNS} FROM replies WHERE ticket_id = {i} AND (true OR NOT internal) "
                    "ORDER BY created_at, id",
                    "COMMIT") + ["-0"]

    # Both print the same ticket and replies.
    for k in range(3):
        i = show_id(k)
        shown = json.loads(run([TICKET, "--db", db, "show", str(i), "--json"], stdout=subprocess.PIPE)[2])
        lines = run(raw(i), stdout=subprocess.PIPE)[2].decode().split("\0")[:-1]
        if shown["id"] != i or not lines[0].startswith(f"{i}|") or len(lines) != 1 + len(shown["replies"]):
            sys.exit(f"show {i}: ticket printed {len(shown['replies'])} replies, psql {len(lines) - 1} rows")
    ticket, rawt = interleaved(lambda k: ([TICKET, "--db", db, "show", str(show_id(k)), "--json"],
                                          raw(show_id(k))), RUNS, warmups=3)
    ms, raw_ms = median(ticket) * 1000, median(rawt) * 1000
    record(f"`show ID --json` at {SMALL // 1000}k", f"{ms:.1f} ms, {peak(ticket):.1f} MiB",
           f"psql {raw_ms:.1f} ms", f"{ms / raw_ms:.2f}x", "<= 1.5x", ms <= 1.5 * raw_ms)
    # The floors: start-up alone, and start-up with a connection.
    version = interleaved(lambda k: ([TICKET, "--version"], [PSQL, "--version"]), RUNS)
    connect = [run(psql(db, "SELECT 1"))[:2] for _ in range(RUNS)]
    print(f"      floors: `ticket --version` {median(version[0]) * 1000:.1f} ms, `psql --version` "
          f"{median(version[1]) * 1000:.1f} ms, psql connecting for `SELECT 1` {median(connect) * 1000:.1f} ms",
          flush=True)


def list_figures(db, tmp):
    """`list --all --format jsonl` beside psql copying the same rows, in the
    same order, out as text."""
    order = "ORDER BY s.updated_at DESC, s.id DESC"
    raw = psql(db, f"\\copy (SELECT {TICKET_COLUMNS} FROM {TICKETS} {order}) TO STDOUT")
    # The same ids, in the same order.
    mine, theirs = os.path.join(tmp, "list.jsonl"), os.path.join(tmp, "list.copy")
    run(f"{TICKET} --db '{db}' list --all --format jsonl > {mine}", shell=True)
    with open(theirs, "wb") as out:
        run(raw, stdout=out)
    with open(mine) as a, open(theirs) as b:
        n = 0
        for line, row in zip(a, b, strict=True):
            if json.loads(line)["id"] != int(row.split("\t", 1)[0]):
                sys.exit(f"list row {n}: ticket and psql disagree")
            n += 1
    os.remove(mine)
    os.remove(theirs)
    if n != SMALL:
        sys.exit(f"list printed {n} tickets, not {SMALL}")
    ticket, rawt = interleaved(lambda k: (f"{TICKET} --db '{db}' list --all --format jsonl > /dev/null", raw),
                               LIST_RUNS)
    ms, raw_ms = median(ticket) * 1000, median(rawt) * 1000
    record(f"`list --all --format jsonl` of {SMALL // 1000}k", f"{ms:.0f} ms, {peak(ticket):.0f} MiB",
           f"psql \\copy (SELECT …) TO STDOUT {raw_ms:.0f} ms", f"{ms / raw_ms:.2f}x", "<= 2x",
           ms <= 2 * raw_ms)


def build_big(builder, tmp):
    """The big store: a SQLite store from the generator, exported and
    imported by ticket (timed, as a figure of its own), then vacuumed and
    analysed as autovacuum would leave it."""
    sqlite_db = os.path.join(tmp, "big.db")
    build_sqlite(builder, sqlite_db, BIG)
    export_path = os.path.join(tmp, "big.jsonl")
    export(sqlite_db, export_path)
    scale.remove_store(sqlite_db)
    db = empty_store(f"{PREFIX}big")
    secs, mib = ticket_import(db, export_path)
    size = os.path.getsize(export_path) / 2**30
    os.remove(export_path)
    record(f"`import` of {BIG:,} ({size:.1f} GiB export), building the sweep's store",
           f"{secs:.1f} s ({BIG / secs:,.0f} tickets/s), {mib:.0f} MiB", "—", "—", "—", None)
    run(psql(db, "VACUUM (ANALYZE)"))
    return db


def sweep_figures(big):
    """`sweep` of the SWEEP stalest solved tickets among BIG, beside the
    raw SQL doing the same (a run, an event per ticket, the state update),
    each run on a fresh copy of the store."""
    solved = int(query(big, "SELECT count(*) FROM ticket_state WHERE status = 'solved'"))
    take = min(SWEEP, solved // 2)
    # The update time of the first ticket not to move; the rule's idle time
    # is 1 s, so `now` is a second after it.
    cutoff_micros = int(query(big, "SELECT (extract(epoch FROM updated_at) * 1000000)::bigint FROM ticket_state "
                                   f"WHERE status = 'solved' ORDER BY updated_at, id LIMIT 1 OFFSET {take}"))
    cutoff = rfc3339(cutoff_micros)
    now = rfc3339(cutoff_micros + 1_000_000)
    sweep = ["sweep", "--status", "solved", "--idle", "1s", "--to", "closed", "--now", now, "-q"]
    raw_sql = [
        f"INSERT INTO runs (rule, actor, at) VALUES ('raw', 'raw', '{now}')",
        "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) "
        f"SELECT id, '{now}', 'sweep:raw', 'status', 'status', '\"solved\"', '\"closed\"', "
        "(SELECT max(id) FROM runs) FROM ticket_state "
        f"WHERE status = 'solved' AND updated_at < '{cutoff}' ORDER BY updated_at, id",
        "UPDATE ticket_state SET status = 'closed', version = version + 1, "
        f"updated_at = GREATEST(updated_at, '{now}') WHERE status = 'solved' AND updated_at < '{cutoff}'",
    ]
    moved_sql = "SELECT count(*) FROM events WHERE run_id = (SELECT max(id) FROM runs)"
    copy = f"{PREFIX}sweep"
    ticket, raw = [], []
    for k in range(SWEEP_RUNS):
        for side in ("ticket", "raw"):
            db = create_db(copy, template=f"{PREFIX}big")
            if side == "ticket":
                ticket.append(run([TICKET, "--db", db, *sweep])[:2])
            else:
                raw.append(run(psql(db, *raw_sql, single=True))[:2])
            moved = int(query(db, moved_sql))
            if moved != take:
                sys.exit(f"the {side} sweep moved {moved} tickets, not {take}")
            drop_db(copy)
    secs, raw_secs = median(ticket), median(raw)
    record(f"`sweep` of {take:,} idle of {BIG:,}",
           f"{secs:.2f} s ({take / secs:,.0f} tickets/s), {peak(ticket):.0f} MiB",
           f"psql INSERT … SELECT + UPDATE {raw_secs:.2f} s ({take / raw_secs:,.0f}/s)",
           f"{secs / raw_secs:.2f}x", ">= 50k tickets/s", take / secs >= 50_000)


def main():
    global ADMIN
    if not PG:
        sys.exit("TICKET_TEST_PG is not set: run under scripts/with-postgres")
    if not PSQL:
        sys.exit("psql is needed for the raw floor")
    ADMIN = PG
    started = time.perf_counter()
    builder = scale.build_tools()
    server = query(ADMIN, "SELECT current_setting('server_version')")
    try:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
            if SMALL:
                sqlite_db = os.path.join(tmp, "small.db")
                build_sqlite(builder, sqlite_db, SMALL)
                export_path = os.path.join(tmp, "small.jsonl")
                export(sqlite_db, export_path)
                scale.remove_store(sqlite_db)
                small = import_figures(export_path, tmp)
                os.remove(export_path)
                # As autovacuum leaves a store after a load.
                run(psql(small, "VACUUM (ANALYZE)"))
                show_figures(small)
                list_figures(small, tmp)
                drop_db(f"{PREFIX}small")
            if BIG:
                big = build_big(builder, tmp)
                sweep_figures(big)
    finally:
        for name in list(CREATED):
            drop_db(name)
    print(f"\n{datetime.date.today()}: PostgreSQL {server}, {os.cpu_count()} cores; "
          f"{time.perf_counter() - started:.0f} s in all\n")
    print_table(("figure", "ticket", "raw (psql)", "ratio", "target", "met?"), ROWS)


if __name__ == "__main__":
    main()
