#!/usr/bin/env python3
"""Scale benchmark for `ticket`: imports, exports, full lists, counts, bulk
status changes, sweeps and searches on large stores, each beside the raw
`sqlite3` CLI doing the same work on the same file (and Taskwarrior 2.6 for
full lists, when `task` is installed), with the targets of the "scripts and
cron at scale" issue.

Run from the repository root:

    python3 benches/scale.py

It builds `ticket` in release mode and uses the store builder of
`benches/cli.rs` (`--build-store PATH N`) for realistic data: tickets with
replies, events and tags. Settings, from the environment:

    BENCH_SMALL=100000   tickets in the store most figures use (0 skips)
    BENCH_BIG=1000000    tickets in the store for sweep and search (0 skips)
    BENCH_BIG_IMPORT=0   1 also imports the big store's export (slow)
    BENCH_SEED=100000    workorders in the seed 1 API page imported (0 skips)
    BENCH_BIG_SEED=0     1 also imports a seed 1 page of 1M workorders (memory flat)
    BENCH_TW=20000       tasks for the Taskwarrior comparison (0 skips)
    BENCH_RUNS=15        runs per short command (the median is reported)

Figures are wall times of whole processes and their peak RSS (wait4). The
machine is shared and noisy: compare the ratios printed in the same run.
"""

import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKET = os.path.join(ROOT, "target", "release", "ticket")
SQLITE = shutil.which("sqlite3")
ENV = dict(os.environ, TICKET_USER="bench", TICKET_CONFIG="/nonexistent", TICKET_BUSY_TIMEOUT="60000")
SMALL = int(os.environ.get("BENCH_SMALL", "100000"))
BIG = int(os.environ.get("BENCH_BIG", "1000000"))
BIG_IMPORT = os.environ.get("BENCH_BIG_IMPORT", "0") == "1"
SEED = int(os.environ.get("BENCH_SEED", "100000"))
BIG_SEED = os.environ.get("BENCH_BIG_SEED", "0") == "1"
TW = int(os.environ.get("BENCH_TW", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "15"))

RESULTS = []


def build_tools():
    """Builds ticket and the cli bench (for its store builder); returns the builder."""
    subprocess.run(["cargo", "build", "--release", "--bin", "ticket"], cwd=ROOT, check=True)
    out = subprocess.run(
        ["cargo", "bench", "--bench", "cli", "--no-run", "--message-format=json"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    for line in out.splitlines():
        msg = json.loads(line)
        if msg.get("reason") == "compiler-artifact" and msg.get("target", {}).get("name") == "cli" and msg.get("executable"):
            return msg["executable"]
    sys.exit("could not find the cli bench executable")


def run(cmd, stdin=None, stdout=subprocess.DEVNULL, shell=False):
    """Runs a command to the end; returns (seconds, peak MiB, stdout bytes)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, env=ENV, shell=shell)
    out = proc.stdout.read() if stdout == subprocess.PIPE else b""
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"failed ({proc.returncode}): {cmd}\n{err.decode(errors='replace')}")
    return seconds, usage.ru_maxrss / 1024, out


def median_ms(cmd, runs=RUNS, shell=False):
    """The median wall time of `runs` runs, in ms, after one warm-up."""
    run(cmd, shell=shell)
    return statistics.median(run(cmd, shell=shell)[0] * 1000 for _ in range(runs))


def sql(db, query):
    return run([SQLITE, db, query], stdout=subprocess.PIPE)[2].decode().strip()


def record(name, figure, target, ok):
    RESULTS.append((name, figure, target, "PASS" if ok else "FAIL"))
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {figure}  (target {target})", flush=True)


def build_store(builder, path, n):
    run([TICKET, "--db", path, "search", "--rebuild"])  # a write creates the store; reads create nothing
    started = time.perf_counter()
    run([builder, "--build-store", path, str(n)])
    run([TICKET, "--db", path, "search", "--rebuild"])
    print(f"store {n} tickets built in {time.perf_counter() - started:.1f} s", flush=True)


# `ticket_state.updated_at` is microseconds since the epoch; ticket prints it
# as RFC 3339 with six digits, and so does the raw floor.
UPDATED_AT = ("(strftime('%Y-%m-%dT%H:%M:%S', s.updated_at / 1000000, 'unixepoch') "
              "|| printf('.%06dZ', s.updated_at % 1000000))")

# 2026-01-01T00:00:00Z, the time of the raw floor's changes, in that form.
RAW_NOW_MICROS = 1_767_225_600_000_000


def rfc3339(micros):
    """A time kept as microseconds since the epoch, as ticket writes it."""
    t = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(microseconds=int(micros))
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


RAW_EXPORT = """SELECT json_object('id', t.id, 'type', t.type, 'subject', t.subject, 'question', t.question,
 'status', s.status, 'priority', s.priority, 'support', json(CASE t.support WHEN 1 THEN 'true' ELSE 'false' END),
 'committer', t.committer, 'requester', t.requester, 'assignee', s.assignee, 'group', t.grp,
 'organization', t.organization, 'channel', t.channel,
 'tags', json(t.tags),
 'fields', json(t.fields), 'version', s.version, 'created_at', t.created_at, 'updated_at', UPDATED_AT,
 'replies', (SELECT json_group_array(json_object('id', r.id, 'workorder_id', r.ticket_id, 'committer', r.committer,
   'role', r.role, 'detail', json_object('text', r.text, 'image', json(r.images)),
   'internal', json(CASE r.internal WHEN 1 THEN 'true' ELSE 'false' END), 'created_at', r.created_at))
   FROM (SELECT * FROM replies WHERE ticket_id = t.id ORDER BY id) r),
 'events', (SELECT json_group_array(json_object('id', e.id, 'ticket_id', e.ticket_id, 'at', e.at, 'actor', e.actor,
   'kind', e.kind, 'field', e.field, 'old', json(e.old), 'new', json(e.new)))
   FROM (SELECT * FROM events WHERE ticket_id = t.id ORDER BY id) e))
FROM ticket_state s JOIN tickets t ON t.id = s.id ORDER BY s.id""".replace("UPDATED_AT", UPDATED_AT)

RAW_LIST = """SELECT s.id, t.type, t.subject, t.question, s.status, s.priority, t.support, t.committer,
 t.requester, s.assignee, t.grp AS "group", t.organization, t.channel,
 t.tags,
 t.fields, s.version, t.created_at, UPDATED_AT AS updated_at FROM ticket_state s JOIN tickets t ON t.id = s.id
 ORDER BY s.updated_at DESC, s.id DESC""".replace("UPDATED_AT", UPDATED_AT)


def raw_import(source, target, expected=None):
    """The raw floor of an import: sqlite3 copying the same rows table by table
    into an empty store, then building its indexes and search index as a bulk
    import does (no JSON, no row-by-row statements). Returns seconds."""
    expected = SMALL if expected is None else expected
    run([TICKET, "--db", target, "search", "--rebuild"])  # an empty store
    tables = ["tickets", "ticket_state", "ticket_tags", "replies", "events"]
    quoted = ", ".join(f"'{t}'" for t in tables)
    indexes = sql(target, f"SELECT name || char(9) || replace(sql, char(10), ' ') FROM sqlite_schema WHERE type = 'index' "
                          f"AND sql IS NOT NULL AND tbl_name IN ({quoted})").splitlines()
    triggers = sql(target, "SELECT name FROM sqlite_schema WHERE type = 'trigger'").split()
    script = ["PRAGMA foreign_keys=ON;", "PRAGMA cache_size=-65536;", f"ATTACH '{source}' AS src;",
              "BEGIN IMMEDIATE;"]
    script += [f"DROP TRIGGER {t};" for t in triggers]
    script += [f"DROP INDEX {line.split(chr(9))[0]};" for line in indexes]
    script += [f"INSERT INTO {t} SELECT * FROM src.{t};" for t in tables]
    script += [line.split(chr(9), 1)[1] + ";" for line in indexes]
    script += ["INSERT INTO ticket_text (ticket_text, rank) VALUES ('hashsize', 33554432);",
               "INSERT INTO reply_text (reply_text, rank) VALUES ('hashsize', 33554432);",
               "INSERT INTO ticket_text (rowid, text) SELECT id, text FROM ticket_document;",
               "INSERT INTO reply_text (rowid, text, ticket_id) SELECT id, text, ticket_id FROM replies;",
               "INSERT INTO ticket_text (ticket_text) VALUES ('optimize');",
               "INSERT INTO reply_text (reply_text) VALUES ('optimize');",
               "COMMIT;"]
    proc_in = os.path.join(os.path.dirname(target), "raw-import.sql")
    with open(proc_in, "w") as f:
        f.write("\n".join(script) + "\n")
    with open(proc_in, "rb") as f:
        secs = run([SQLITE, target], stdin=f)[0]
    count = int(sql(target, "SELECT count(*) FROM tickets"))
    if count != expected:
        sys.exit(f"raw import copied {count} tickets, not {expected}")
    return secs


# What the seed 1 page is made of: the shapes of the seed's example workorders.
SEED_PRODUCTS = ["object storage", "the VPN gateway", "the billing portal", "the mail relay", "cluster prod-eu-1",
                 "the CDN", "the analytics dashboard", "single sign-on", "the MySQL replica", "the message queue"]
SEED_SUBJECTS = {
    "sys": ["{P} returns 502 errors since this morning", "Cannot log in to {P}", "控制台无法访问 {P}",
            "Nightly backup of {P} failed"],
    "licences": ["Raise the instance quota for {P} to {N}", "配额不足：{P} 需要增加到 {N}"],
    "module": ["Purchase {N} additional modules for {P}", "Quote request: cloud modules for {P}"],
    "tech": ["How do I rotate the API keys for {P}?", "Webhook from {P} arrives twice"],
    "test": ["Help testing the failover of {P}", "测试环境 {P} 需要协助"],
}
SEED_DETAILS = ["It started around 9:40, right after the maintenance window announced last week.",
                "We already restarted the client and cleared the browser cache.",
                "About 40 people in the Shanghai office are affected; Berlin is fine.",
                "Please call me back on the number in my profile if you need details.",
                "As far as I know we changed nothing on our side.",
                "昨天下午开始出现这个问题，重启后仍然存在。",
                "We need this before the audit on the 15th."]


def write_seed_page(path, n):
    """One seed 1 `workorder_list` page of `n` workorders, as the old server
    answers it (one line): numeric and string status codes, numeric and
    string committers, `module` workorders with their content fields."""
    rng = random.Random(n)
    start = datetime.datetime(2018, 1, 1)
    with open(path, "w") as out:
        out.write('{"meta": {"message": "ok", "code": 0}, "data": {"count": %d, "page_size": %d, '
                  '"next": null, "previous": null, "results": [' % (n, n))
        for i in range(1, n + 1):
            kind = rng.choices(list(SEED_SUBJECTS), weights=[30, 15, 10, 35, 10])[0]
            question = (rng.choice(SEED_SUBJECTS[kind]).replace("{P}", rng.choice(SEED_PRODUCTS))
                        .replace("{N}", str(rng.randrange(5, 100, 5))))
            question += "\n\n" + " ".join(rng.choice(SEED_DETAILS) for _ in range(rng.randint(2, 4)))
            created = start + datetime.timedelta(seconds=i * 900 + rng.random())
            updated = created + datetime.timedelta(seconds=rng.random() * 3 * 86400)
            w = {"id": i, "committer": rng.choice([3, "3", "li", "amy", "wang.fang", "bob"]), "question": question,
                 "type": kind, "status": rng.choice([0, 0, 0, 1, 2, "0", "1", "2"]), "support": rng.random() < 0.3,
                 "updated_at": updated.isoformat(timespec="microseconds"),
                 "created_at": created.isoformat(timespec="microseconds")}
            if kind == "module":
                w.update({"module": rng.choice(["M1", "M2", "GPU-T4"]), "amount": str(rng.randint(1, 50)),
                          "company": rng.choice(["Initech", "Globex", "ACME Corp"]), "contact": None,
                          "cellphone": "138%08d" % rng.randrange(10**8), "email": ""})
            out.write((", " if i > 1 else "") + json.dumps(w, ensure_ascii=False))
        out.write("]}}\n")


def remove_store(path):
    """Removes a store with its WAL, shared memory and lock files."""
    for suffix in ("", "-wal", "-shm", ".lock"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)


def seed_page_figures(tmp, n, runs):
    """A seed 1 page of `n` workorders imported by ticket, beside sqlite3
    copying the rows that import wrote into an empty store and rebuilding the
    search index: the median of `runs` interleaved runs of each."""
    page = os.path.join(tmp, f"seed-{n}.json")
    write_seed_page(page, n)
    times, peaks, raw_times = [], [], []
    for k in range(runs):
        target, raw = os.path.join(tmp, f"seed-{n}-{k}.db"), os.path.join(tmp, f"seed-{n}-raw-{k}.db")
        run([TICKET, "--db", target, "search", "--rebuild"])  # an empty store, as the raw copy gets
        with open(page, "rb") as data:
            secs, peak, _ = run([TICKET, "--db", target, "import", "-"], stdin=data)
        times.append(secs)
        peaks.append(peak)
        raw_times.append(raw_import(target, raw, expected=n))
        remove_store(target)
        remove_store(raw)
    secs, peak, raw_secs = statistics.median(times), max(peaks), statistics.median(raw_times)
    size = os.path.getsize(page) / 2**20
    os.remove(page)
    record(f"import of a seed 1 page of {n:,} workorders ({size:.0f} MiB)",
           f"{secs:.2f} s, peak {peak:.0f} MiB; raw copy of its rows + search index {raw_secs:.2f} s, "
           f"ratio {secs / raw_secs:.2f}x", "within 2x of the raw copy, <= 150 MiB",
           secs <= 2 * raw_secs and peak <= 150)


def small_store_figures(builder, tmp):
    db = os.path.join(tmp, "small.db")
    build_store(builder, db, SMALL)
    export = os.path.join(tmp, "small.jsonl")

    with open(export, "wb") as out:
        secs, peak, _ = run([TICKET, "--db", db, "export"], stdout=out)
    raw_secs = run(f"{SQLITE} {db} \"{RAW_EXPORT}\" > /dev/null", shell=True)[0]
    record(f"export {SMALL}", f"{secs:.2f} s vs raw json_object {raw_secs:.2f} s = {secs / raw_secs:.2f}x, {peak:.0f} MiB",
           "within 2x of raw", secs <= 2 * raw_secs)

    # Imports write a few hundred MB: the median of three, beside the raw floor.
    times, peaks, raw_times = [], [], []
    for n in range(3):
        target = os.path.join(tmp, f"imported-{n}.db")
        with open(export, "rb") as data:
            secs, peak, _ = run([TICKET, "--db", target, "import", "-"], stdin=data)
        times.append(secs)
        peaks.append(peak)
        raw_times.append(raw_import(db, os.path.join(tmp, f"raw-imported-{n}.db")))
        for path in (target, os.path.join(tmp, f"raw-imported-{n}.db")):
            for suffix in ("", "-wal", "-shm", ".lock"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)
    secs, peak, raw_secs = statistics.median(times), max(peaks), statistics.median(raw_times)
    rate = SMALL / secs
    record(f"import {SMALL}", f"{secs:.2f} s = {rate:,.0f} tickets/s, peak {peak:.0f} MiB "
           f"({os.path.getsize(export) / 2**20:.0f} MiB of JSON Lines with replies and events; "
           f"raw set-based copy {raw_secs:.2f} s, {secs / raw_secs:.2f}x)",
           ">= 100k tickets/s, <= 150 MiB", rate >= 100_000 and peak <= 150)

    # The same export as one JSON array (`export --format json`).
    array = os.path.join(tmp, "small.json")
    with open(array, "wb") as out:
        run([TICKET, "--db", db, "export", "--format", "json"], stdout=out)
    with open(array, "rb") as data:
        secs, peak, _ = run([TICKET, "--db", os.path.join(tmp, "from-array.db"), "import", "-"], stdin=data)
    record(f"import {SMALL} from a JSON array", f"{secs:.2f} s, peak {peak:.0f} MiB",
           "<= 150 MiB (read an element at a time)", peak <= 150)

    # The same tickets as filed: no replies, only the "created" event.
    lean = os.path.join(tmp, "lean.jsonl")
    with open(export) as full, open(lean, "w") as out:
        for line in full:
            item = json.loads(line)
            if "ticket" in item:
                item["ticket"]["replies"] = []
                item["ticket"]["events"] = item["ticket"]["events"][:1]
            out.write(json.dumps(item, ensure_ascii=False) + "\n")
    with open(lean, "rb") as data:
        secs, peak, _ = run([TICKET, "--db", os.path.join(tmp, "lean.db"), "import", "-"], stdin=data)
    rate = SMALL / secs
    record(f"import {SMALL} as filed", f"{secs:.2f} s = {rate:,.0f} tickets/s, peak {peak:.0f} MiB "
           f"({os.path.getsize(lean) / 2**20:.0f} MiB: no replies, one event each)",
           ">= 100k tickets/s, <= 150 MiB", rate >= 100_000 and peak <= 150)

    ticket_ms = median_ms(f"{TICKET} --db {db} list --all --format jsonl > /dev/null", runs=5, shell=True)
    raw_ms = median_ms([SQLITE, "-json", db, RAW_LIST], runs=5)
    record(f"list --all (JSONL) {SMALL}", f"{ticket_ms:.0f} ms vs raw {raw_ms:.0f} ms = {ticket_ms / raw_ms:.2f}x",
           "within 2x of raw", ticket_ms <= 2 * raw_ms)

    for args, raw in (
        (["--status", "pending", "--priority", "urgent"], "status = 'pending' AND priority = 'urgent'"),
        (["--all", "--tag", "vip"], "id IN (SELECT ticket_id FROM ticket_tags WHERE tag = 'vip')"),
    ):
        ms = median_ms([TICKET, "--db", db, "list", "--count", *args])
        raw_ms = median_ms([SQLITE, db, f"SELECT count(*) FROM ticket_state WHERE {raw}"])
        record(f"count {' '.join(args)} at {SMALL}", f"{ms:.1f} ms (raw {raw_ms:.1f} ms)", "<= 15 ms", ms <= 15)

    ids = run([TICKET, "--db", db, "list", "--status", "new,open,pending", "--limit", "1000", "--fields", "id"],
              stdout=subprocess.PIPE)[2].decode().split()
    times = []
    for status in ["holding", "pending"] * ((RUNS + 1) // 2):
        times.append(run([TICKET, "--db", db, "status", *ids, status, "-q"])[0] * 1000)
    ms = statistics.median(times)
    id_list = ",".join(ids)
    raw_times = []
    for status in ["holding", "pending"] * ((RUNS + 1) // 2):
        raw_times.append(run([SQLITE, db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; BEGIN IMMEDIATE; "
                              f"INSERT INTO events (ticket_id, at, actor, kind, field, old, new) SELECT id, "
                              f"'2026-01-01T00:00:00.000000Z', 'raw', 'status', 'status', json_quote(status), "
                              f"json_quote('{status}') FROM ticket_state WHERE id IN ({id_list}); "
                              f"UPDATE ticket_state SET status = '{status}', updated_at = max(updated_at, {RAW_NOW_MICROS}), "
                              f"version = version + 1 WHERE id IN ({id_list}); "
                              "COMMIT;"])[0] * 1000)
    raw_ms = statistics.median(raw_times)
    record(f"status of {len(ids)} ids at {SMALL}", f"{ms:.0f} ms (raw {raw_ms:.0f} ms, {ms / raw_ms:.2f}x)",
           "<= 30 ms", ms <= 30)


def big_store_figures(builder, tmp):
    db = os.path.join(tmp, "big.db")
    build_store(builder, db, BIG)
    solved = int(sql(db, "SELECT count(*) FROM ticket_state WHERE status = 'solved'"))
    take = min(BIG // 10, solved // 2)
    cutoff = rfc3339(sql(db, f"SELECT updated_at FROM ticket_state WHERE status = 'solved' "
                         f"ORDER BY updated_at LIMIT 1 OFFSET {take}"))
    secs, peak, _ = run([TICKET, "--db", db, "sweep", "--status", "solved", "--idle", "1s", "--to", "closed",
                         "--now", cutoff, "-q"])
    rate = take / secs
    # The raw floor moves the next window of idle solved tickets the same way.
    cutoff2 = sql(db, f"SELECT updated_at FROM ticket_state WHERE status = 'solved' ORDER BY updated_at LIMIT 1 OFFSET {take}")
    raw_secs = run([SQLITE, db, "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; BEGIN IMMEDIATE; "
                    "INSERT INTO runs (rule, actor, at) VALUES ('raw', 'raw', '2026-01-01T00:00:00.000000Z'); "
                    "INSERT INTO events (ticket_id, at, actor, kind, field, old, new, run_id) SELECT id, "
                    "'2026-01-01T00:00:00.000000Z', 'sweep:raw', 'status', 'status', '\"solved\"', '\"closed\"', "
                    f"(SELECT max(id) FROM runs) FROM ticket_state WHERE status = 'solved' AND updated_at < {cutoff2}; "
                    "UPDATE ticket_state SET status = 'closed', version = version + 1, "
                    f"updated_at = max(updated_at, {RAW_NOW_MICROS}) "
                    f"WHERE status = 'solved' AND updated_at < {cutoff2}; COMMIT;"])[0]
    record(f"sweep {take} of {BIG}", f"{secs:.2f} s = {rate:,.0f} tickets/s with events, peak {peak:.0f} MiB "
           f"(raw {raw_secs:.2f} s, {secs / raw_secs:.2f}x)", ">= 100k tickets/s", rate >= 100_000)

    run([TICKET, "--db", db, "new", "--type", "sys", "--question", "the quasar42 relay is down", "-q"])
    ms = median_ms([TICKET, "--db", db, "search", "quasar42"])
    raw_ms = median_ms([SQLITE, db, "SELECT rowid FROM ticket_text WHERE text LIKE '%quasar42%' "
                        "UNION ALL SELECT ticket_id FROM reply_text WHERE text LIKE '%quasar42%'"])
    record(f"selective search at {BIG}", f"{ms:.1f} ms (raw FTS5 query {raw_ms:.1f} ms)", "<= 5 ms", ms <= 5)

    if BIG_IMPORT:
        export = os.path.join(tmp, "big.jsonl")
        with open(export, "wb") as out:
            secs, peak, _ = run([TICKET, "--db", db, "export"], stdout=out)
        record(f"export {BIG}", f"{secs:.1f} s, peak {peak:.0f} MiB ({os.path.getsize(export) / 2**30:.1f} GiB)",
               "constant memory", peak <= 50)
        with open(export, "rb") as data:
            secs, peak, _ = run([TICKET, "--db", os.path.join(tmp, "big-imported.db"), "import", "-"], stdin=data)
        record(f"import {BIG}", f"{secs:.1f} s, peak {peak:.0f} MiB", "<= 15 s, memory flat", secs <= 15)


def stamp(rfc3339):
    """Taskwarrior's time form of an RFC 3339 UTC time."""
    return rfc3339[:19].replace("-", "").replace(":", "") + "Z"


def taskwarrior_figures(builder, tmp):
    task = shutil.which("task")
    if not task:
        print("SKIP  Taskwarrior comparison: `task` is not installed (Debian package taskwarrior)")
        return
    db = os.path.join(tmp, "tw.db")
    build_store(builder, db, TW)
    sql(db, "UPDATE ticket_state SET status = 'open'")
    rows = json.loads(run([TICKET, "--db", db, "list", "--json"], stdout=subprocess.PIPE)[2])
    # Each task holds what its ticket holds: the question as an annotation,
    # the people, group, organization and channel as UDAs.
    people = ["requester", "assignee", "committer", "group", "organization", "channel"]
    tasks = [{"description": t["subject"], "status": "pending",
              "entry": stamp(t["created_at"]), "modified": stamp(t["updated_at"]),
              "priority": {"urgent": "H", "important": "M"}.get(t["priority"], "L"), "tags": t["tags"],
              "project": t["type"], "uuid": f"00000000-0000-4000-8000-{t['id']:012d}",
              "annotations": [{"entry": stamp(t["created_at"]), "description": t["question"]}],
              **{p: t[p] for p in people if t[p] is not None}} for t in rows]
    data = os.path.join(tmp, "taskdata")
    os.makedirs(data)
    rc = os.path.join(tmp, "taskrc")
    with open(rc, "w") as f:
        f.write(f"data.location={data}\nconfirmation=off\nverbose=nothing\nhooks=off\ngc=off\n")
        f.writelines(f"uda.{p}.type=string\n" for p in people)
    ENV["TASKRC"] = rc
    with open(os.path.join(tmp, "tasks.json"), "w") as f:
        json.dump(tasks, f)
    with open(os.path.join(tmp, "tasks.json"), "rb") as f:
        run([task, "import", "-"], stdin=f)
    jsonl_ms = median_ms(f"{TICKET} --db {db} list --format jsonl > /dev/null", runs=5, shell=True)
    table_ms = median_ms(f"{TICKET} --db {db} list --format tsv > /dev/null", runs=5, shell=True)
    export_ms = median_ms(f"{task} export > /dev/null", runs=3, shell=True)
    list_ms = median_ms(f"{task} rc.defaultwidth=200 rc.limit=0 list > /dev/null", runs=3, shell=True)
    record(f"JSON list of {len(tasks)} vs Taskwarrior", f"ticket list --format jsonl {jsonl_ms:.0f} ms, task export "
           f"{export_ms:.0f} ms ({export_ms / jsonl_ms:.1f}x)", "ticket >= 8x faster", export_ms >= 8 * jsonl_ms)
    record(f"table list of {len(tasks)} vs Taskwarrior", f"ticket list (TSV) {table_ms:.0f} ms, task list "
           f"{list_ms:.0f} ms ({list_ms / table_ms:.1f}x)", "ticket >= 8x faster", list_ms >= 8 * table_ms)


def main():
    if not SQLITE:
        sys.exit("the sqlite3 CLI is needed for the raw floor")
    builder = build_tools()
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        if SEED:
            seed_page_figures(tmp, SEED, runs=3)
        if BIG_SEED:
            seed_page_figures(tmp, 1_000_000, runs=3)
        if SMALL:
            small_store_figures(builder, tmp)
        if BIG:
            big_store_figures(builder, tmp)
        # Last: it loads 20k tickets into this process, and a child's peak
        # RSS (wait4) starts from its parent's at the fork.
        if TW:
            taskwarrior_figures(builder, tmp)
    print("\nsummary")
    for name, figure, target, verdict in RESULTS:
        print(f"{verdict}  {name}: {figure}  (target {target})")


if __name__ == "__main__":
    main()
