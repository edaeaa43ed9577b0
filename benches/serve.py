#!/usr/bin/env python3
"""HTTP benchmark for `ticket serve`: `GET /api/v2/tickets/{id}` and
`POST /api/v2/tickets` on a 100k-ticket store, on SQLite and on
PostgreSQL, each beside a minimal axum server doing the same store work
(`benches/floor/`, the floor) and, for the reads, nginx serving one
ticket's JSON from a file, with the targets of the serve issue.

Run from the repository root, beside a throwaway PostgreSQL server:

    scripts/with-postgres python3 benches/serve.py

(without `TICKET_TEST_PG` it measures SQLite alone). It needs `wrk` and
`nginx` (Debian: `apt-get install -y wrk nginx`) and installs nothing. It
builds `ticket` and the floor (`cargo build --release --example floor`)
in release mode and uses the store builder of `benches/cli.rs`
(`--build-store PATH N`), as `benches/scale.py` does; the PostgreSQL store
is that store exported and imported by `ticket`, as in
`benches/postgres.py`, whose helpers it uses. Settings, from the
environment:

    BENCH_TICKETS=100000  tickets in the store; GETs pick ids at random among them
    BENCH_ROUNDS=3        rounds: every server measured once per round (the median is reported)
    BENCH_SECONDS=10      length of one wrk run
    BENCH_CONNECTIONS=32  wrk connections (-c)
    BENCH_THREADS=2       wrk threads (-t)
    BENCH_PG=1            0 skips PostgreSQL even under scripts/with-postgres
    BENCH_SQLITE=1        0 skips SQLite (with PostgreSQL, the store is still built on SQLite first)
    BENCH_GETS=1          0 skips the GET runs (only the POSTs are measured)
    BENCH_TMP             where the stores and nginx's files go

Each server is started once per store and serves all its rounds: `ticket
serve --listen 127.0.0.1:0 --rate-limit 0 -q` with an agent token from
`ticket token new` (and, as a figure without a target, with an HS256 web
token under `TICKET_JWT_SECRET`, which costs no read of the store), the
floor on the same store, and nginx (its own
generated config, `worker_processes auto`, access log off) answering
every path with the same file: the JSON `ticket` gives for one ticket.
Within a round the servers take turns, in an order that alternates from
round to round, so the machine's drift hits them alike; the ratio is of
the medians. A wrk run follows a 2 s warm-up of the same load. Errors are
non-2xx answers and socket errors (connect, read, write, timeout); p99 is
wrk's latency percentile; memory is the server's peak RSS (VmHWM, reset
through /proc/PID/clear_refs before each run where the kernel allows it,
so it is the peak of that run). The POST runs file tickets with random
subjects into the same store the GETs read (both servers' tickets alike).
The whole run takes about 8 minutes on 2 cores.
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import postgres as pg  # noqa: E402  (its database helpers)
import scale  # noqa: E402  (its build, run and store helpers)
from scale import ENV, ROOT, TICKET, run  # noqa: E402

TICKETS = int(os.environ.get("BENCH_TICKETS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WITH_PG = os.environ.get("BENCH_PG", "1") == "1" and bool(pg.PG)
WITH_SQLITE = os.environ.get("BENCH_SQLITE", "1") == "1"
WITH_GETS = os.environ.get("BENCH_GETS", "1") == "1"
FLOOR = os.path.join(ROOT, "target", "release", "examples", "floor")
WARMUP = 2

NGINX_DIRS = []  # nginx's directories, removed at the end
ROWS = []  # (figure, ticket, floor, ratio, target, met)

# wrk's Lua: a random id among the store's tickets per request, and one
# JSON line of figures at the end.
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\n{"requests":%d,"us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,'
    .. '"timeout":%d,"p50":%d,"p99":%d}\\n', summary.requests, summary.duration, e.connect, e.read,
    e.write, e.status, e.timeout, latency:percentile(50), latency:percentile(99)))
end
"""
SEEDING = """
local threads = 0
setup = function(thread) threads = threads + 1; thread:set("n", threads) end
init = function(args) math.randomseed(os.time() * 1000 + n) end
"""


def get_script(prefix, token):
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    return (SEEDING + auth + f"""
request = function()
  return wrk.format("GET", "{prefix}" .. math.random(1, {TICKETS}))
end
""" + REPORT)


def post_script(path, token):
    auth = f'wrk.headers["Authorization"] = "Bearer {token}"\n' if token else ""
    return (SEEDING + auth + f"""
wrk.headers["Content-Type"] = "application/json"
local words = {{"printer", "invoice", "login", "quota", "module", "VPN", "disk", "mail"}}
request = function()
  local w = words[math.random(#words)]
  local body = '{{"typeId":"tech","subject":"The ' .. w .. ' fails (' .. math.random(1, 1000000) .. ')",'
    .. '"description":"Since this morning the ' .. w .. ' fails for everyone on the third floor."}}'
  return wrk.format("POST", "{path}", nil, body)
end
""" + REPORT)


def need(tool):
    path = shutil.which(tool) or (f"/usr/sbin/{tool}" if os.path.exists(f"/usr/sbin/{tool}") else None)
    if not path:
        sys.exit(f"{tool} is needed: apt-get install -y wrk nginx")
    return path


WRK = need("wrk")
NGINX = need("nginx")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process: its pid and base URL."""

    def __init__(self, name, cmd, ready_prefix=None, url=None, env=None):
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, env=dict(ENV, **(env or {})))
        if url:
            self.url = url
            port = int(url.rsplit(":", 1)[1])
            deadline = time.time() + 10
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline or self.proc.poll() is not None:
                        sys.exit(f"{name} did not start: {self.proc.stderr.read().decode(errors='replace')}")
                    time.sleep(0.05)
        else:
            line = self.proc.stderr.readline().decode()
            if ready_prefix not in line or "http://" not in line:
                self.proc.kill()
                sys.exit(f"{name} did not start: {line}{self.proc.stderr.read().decode(errors='replace')}")
            self.url = "http://" + line.split("http://", 1)[1].split()[0]

    def reset_peak(self):
        """Resets VmHWM to the current RSS; False where the kernel does not allow it."""
        try:
            with open(f"/proc/{self.proc.pid}/clear_refs", "w") as f:
                f.write("5")
            return True
        except OSError:
            return False

    def peak_mib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def web_token(secret):
    """An HS256 web token for agent `bench`, as a portal signs it."""
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "bench", "role": "agent", "exp": int(time.time()) + 86400}).encode())
    mac = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(mac)}"


def http(method, url, token=None, body=None):
    """(status, parsed JSON) of one request."""
    req = urllib.request.Request(url, method=method, data=body and json.dumps(body).encode())
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def wrk(server, script, tmp, seconds):
    """One wrk run of `script` against `server`: a dict of figures."""
    path = os.path.join(tmp, "run.lua")
    with open(path, "w") as f:
        f.write(script)
    out = subprocess.run([WRK, "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{seconds}s",
                          "--latency", "-s", path, server.url], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    figures["rps"] = figures["requests"] / (figures["us"] / 1e6)
    figures["errors"] = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return figures


def measure(server, script, tmp, label=None):
    """A warm-up, then a measured run with the server's peak memory."""
    wrk(server, script, tmp, WARMUP)
    reset = server.reset_peak()
    figures = wrk(server, script, tmp, SECONDS)
    figures["mib"] = server.peak_mib() if server.name != "nginx" else float("nan")
    figures["peak_reset"] = reset
    kinds = ", ".join(f"{k} {figures[k]}" for k in ("status", "connect", "read", "write", "timeout") if figures[k])
    print(f"  {label or server.name:10} {figures['rps']:9,.0f} req/s  p99 {figures['p99'] / 1000:6.2f} ms  "
          f"errors {figures['errors']}{f' ({kinds})' if kinds else ''}  peak {figures['mib']:.1f} MiB", flush=True)
    return figures


def med(runs, key):
    return statistics.median(r[key] for r in runs)


def record(figure, ticket, floor, ratio, target, met):
    verdict = {True: "met", False: "NOT MET", None: "—"}[met]
    ROWS.append((figure, ticket, floor, ratio, target, verdict))
    print(f"{verdict:7}  {figure}: ticket {ticket}, floor {floor}, {ratio} (target {target})", flush=True)


def check_same(ticket, floor, token):
    """The floor answers a ticket with the JSON ticket serve gives for it,
    and files a ticket ticket serve then reads whole."""
    for i in (1, TICKETS // 2, TICKETS):
        a = http("GET", f"{ticket.url}/api/v2/tickets/{i}", token)
        b = http("GET", f"{floor.url}/ticket/{i}")
        if a[0] != 200 or a != b or list(a[1]) != list(b[1]):
            sys.exit(f"ticket {i}: ticket serve and the floor disagree:\n{a}\n{b}")
    body = {"typeId": "tech", "subject": "Check", "description": "The floor's ticket"}
    status, made = http("POST", f"{floor.url}/ticket", body=body)
    if status != 201:
        sys.exit(f"the floor did not file a ticket: {status} {made}")
    status, read = http("GET", f"{ticket.url}/api/v2/tickets/{made['id']}", token)
    if status != 200 or read != made:
        sys.exit(f"ticket serve reads the floor's ticket otherwise:\n{read}\n{made}")
    status, made = http("POST", f"{ticket.url}/api/v2/tickets", token, body)
    if status != 201 or list(made) != list(read):
        sys.exit(f"ticket serve did not file a ticket: {status} {made}")


def nginx_server(ticket, token):
    """nginx answering every path with one ticket's JSON as ticket serves it."""
    root = tempfile.mkdtemp(dir=os.environ.get("BENCH_TMP"), prefix="ticket-nginx-")
    NGINX_DIRS.append(root)
    os.chmod(root, 0o755)  # readable by its workers, who may run as nobody
    with urllib.request.urlopen(urllib.request.Request(
            f"{ticket.url}/api/v2/tickets/{TICKETS // 2}", headers={"Authorization": f"Bearer {token}"})) as r:
        body = r.read()
    with open(os.path.join(root, "ticket.json"), "wb") as f:
        f.write(body)
    os.chmod(os.path.join(root, "ticket.json"), 0o644)
    port = free_port()
    user = "user nobody nogroup;\n" if os.getuid() == 0 else ""
    temp = "".join(f"{k}_temp_path {root}/{k};\n    " for k in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                  "scgi"))
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""{user}worker_processes auto;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    {temp}server {{
        listen 127.0.0.1:{port};
        location / {{ root {root}; default_type application/json; try_files /ticket.json =404; }}
    }}
}}
""")
    return Server("nginx", [NGINX, "-c", conf, "-p", root], url=f"http://127.0.0.1:{port}")


def bench(backend, db, tmp, with_nginx):
    """Every figure of one store."""
    token = run([TICKET, "--db", db, "token", "new", "bench", "--role", "agent", "-q"],
                stdout=subprocess.PIPE)[2].decode().strip()
    secret = base64.b64encode(os.urandom(32)).decode()
    servers = []
    try:
        ticket = Server("ticket", [TICKET, "--db", db, "serve", "--listen", "127.0.0.1:0", "--rate-limit", "0",
                                   "-q"], "ticket: serving", env={"TICKET_JWT_SECRET": secret})
        servers.append(ticket)
        floor = Server("floor", [FLOOR, db], "floor: serving")
        servers.append(floor)
        check_same(ticket, floor, token)
        if with_nginx:
            servers.append(nginx_server(ticket, token))
        # (label, server, script) of each GET run; the web token skips the
        # token lookup (a read of the store) that a ticket token costs.
        get_runs = [("ticket", ticket, get_script("/api/v2/tickets/", token)),
                    ("ticket-jwt", ticket, get_script("/api/v2/tickets/", web_token(secret))),
                    ("floor", floor, get_script("/ticket/", None))]
        if with_nginx:
            get_runs.append(("nginx", servers[2], get_script("/ticket/", None)))
        if not WITH_GETS:
            get_runs = []
        post_runs = [("ticket", ticket, post_script("/api/v2/tickets", token)),
                     ("floor", floor, post_script("/ticket", None))]
        if backend == "PostgreSQL":
            # The floor again, its writers taking ticket's write lock (events
            # committed in id order, as ticket guarantees).
            locked = Server("floor-locked", [FLOOR, db], "floor: serving", env={"FLOOR_WRITE_LOCK": "1"})
            servers.append(locked)
            post_runs.append(("floor-locked", locked, post_script("/ticket", None)))
        gets = {label: [] for label, _, _ in get_runs}
        posts = {label: [] for label, _, _ in post_runs}
        for k in range(ROUNDS):
            flip = (lambda runs: runs) if k % 2 == 0 else (lambda runs: runs[::-1])
            if get_runs:
                print(f"{backend} round {k + 1} of {ROUNDS}: GET", flush=True)
            for label, server, script in flip(get_runs):
                gets[label].append(measure(server, script, tmp, label))
            print(f"{backend} round {k + 1} of {ROUNDS}: POST", flush=True)
            for label, server, script in flip(post_runs):
                posts[label].append(measure(server, script, tmp, label))
    finally:
        for s in servers:
            s.stop()
    return gets, posts


def report(backend, gets, posts):
    if gets:
        report_gets(backend, gets)
    report_posts(backend, posts)


def report_gets(backend, gets):
    t, f = gets["ticket"], gets["floor"]
    rps, floor_rps = med(t, "rps"), med(f, "rps")
    errors = sum(r["errors"] for r in t + gets["ticket-jwt"])
    p99 = med(t, "p99") / 1000
    mib = max(r["mib"] for r in t + gets["ticket-jwt"])
    nginx = f", nginx {med(gets['nginx'], 'rps'):,.0f}" if "nginx" in gets else ""
    record(f"{backend}: `GET /api/v2/tickets/{{id}}` at {TICKETS // 1000}k, requests/s",
           f"{rps:,.0f}", f"{floor_rps:,.0f}{nginx}", f"{rps / floor_rps:.2f}", ">= 0.80 of the floor",
           rps >= 0.8 * floor_rps)
    jwt = med(gets["ticket-jwt"], "rps")
    record(f"{backend}: the same GET with a web token (no token lookup)", f"{jwt:,.0f} (p99 "
           f"{med(gets['ticket-jwt'], 'p99') / 1000:.2f} ms)", f"{floor_rps:,.0f}", f"{jwt / floor_rps:.2f}", "—",
           None)
    record(f"{backend}: GET errors (non-2xx + socket), all rounds", f"{errors}",
           f"{sum(r['errors'] for r in f)}", "—", "0", errors == 0)
    record(f"{backend}: GET p99 at {CONNECTIONS} connections", f"{p99:.2f} ms",
           f"{med(f, 'p99') / 1000:.2f} ms", f"{p99 / (med(f, 'p99') / 1000):.2f}", "<= 5 ms", p99 <= 5)
    record(f"{backend}: server peak RSS under GET", f"{mib:.1f} MiB", f"{max(r['mib'] for r in f):.1f} MiB",
           "—", "<= 50 MB", mib * 2**20 <= 50e6)


def report_posts(backend, posts):
    t, f = posts["ticket"], posts["floor"]
    rps, floor_rps = med(t, "rps"), med(f, "rps")
    errors = sum(r["errors"] for r in t)
    record(f"{backend}: `POST /api/v2/tickets`, requests/s", f"{rps:,.0f} (p99 {med(t, 'p99') / 1000:.1f} ms, "
           f"{errors} errors, {max(r['mib'] for r in t):.0f} MiB)",
           f"{floor_rps:,.0f} (p99 {med(f, 'p99') / 1000:.1f} ms, {sum(r['errors'] for r in f)} errors)",
           f"{floor_rps / rps:.2f}x", "<= 1.5x the floor's time", floor_rps <= 1.5 * rps and errors == 0)
    if "floor-locked" in posts:
        f = posts["floor-locked"]
        locked_rps = med(f, "rps")
        record(f"{backend}: the same POST against a floor holding ticket's write lock",
               f"{rps:,.0f}", f"{locked_rps:,.0f} (p99 {med(f, 'p99') / 1000:.1f} ms, "
               f"{sum(r['errors'] for r in f)} errors)", f"{locked_rps / rps:.2f}x", "—", None)


def main():
    if not os.path.exists("/proc/self/status"):
        sys.exit("this benchmark reads /proc")
    started = time.perf_counter()
    load_before = os.getloadavg()
    builder = scale.build_tools()
    subprocess.run(["cargo", "build", "--release", "--example", "floor"], cwd=ROOT, check=True)
    results = []
    try:
        with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
            sqlite_db = os.path.join(tmp, "bench.db")
            scale.build_store(builder, sqlite_db, TICKETS)
            pg_db = None
            if WITH_PG:
                pg.ADMIN = pg.PG
                export_path = os.path.join(tmp, "bench.jsonl")
                pg.export(sqlite_db, export_path)
                pg_db = pg.empty_store(f"{pg.PREFIX}serve")
                pg.ticket_import(pg_db, export_path)
                os.remove(export_path)
                run(pg.psql(pg_db, "VACUUM (ANALYZE)"))
            if WITH_SQLITE:
                results.append(("SQLite", *bench("SQLite", sqlite_db, tmp, with_nginx=WITH_GETS)))
            if pg_db:
                results.append(("PostgreSQL", *bench("PostgreSQL", pg_db, tmp, with_nginx=False)))
    finally:
        for name in list(pg.CREATED):
            pg.drop_db(name)
        for root in NGINX_DIRS:
            shutil.rmtree(root, ignore_errors=True)
    print()
    for backend, gets, posts in results:
        report(backend, gets, posts)
    load_after = os.getloadavg()
    server = ""
    if WITH_PG:
        server = ", PostgreSQL " + pg.query(pg.PG, "SELECT current_setting('server_version')")
    print(f"\n{datetime.date.today()}: {os.cpu_count()} cores{server}; wrk -t{THREADS} -c{CONNECTIONS} "
          f"-d{SECONDS}s, {ROUNDS} rounds, medians; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after; {time.perf_counter() - started:.0f} s in all\n")
    pg.print_table(("figure", "ticket", "floor", "ratio", "target", "met?"), ROWS)


if __name__ == "__main__":
    main()
