"""The web benchmarks at two scales, written to bench/RESULTS.md (`make bench`).

    .venv/bin/python manage.py generate_load_data --sites 20 --years 5     # into bench_large
    .venv/bin/python manage.py generate_load_data --sites 2 --years 5      # into bench_small
    .venv/bin/python bench/run_all.py [--seconds 20]

For each database: `prepare.py` (logins, query counts, backtest, the export's SQL), then gunicorn
on 127.0.0.1 with the readings POST, the nurse board, the physician alert page, the session
review page and the 1 M-reading CSV export, against PostgreSQL's own COPY of the same rows.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
from harness import ROOT, WORKERS, Client, Server, closed_loop, open_loop, rss_mb

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
BEGIN, END = "<!-- web benchmarks: begin (bench/run_all.py rewrites this part) -->", "<!-- web benchmarks: end -->"
SCALES = (("20 sites × 5 years", "bench_large"), ("2 sites × 5 years (1/10)", "bench_small"))
# 50 sessions each charting every 5 s (a device feed; nurses chart every 5–15 min), pages 5/s.
READING_RATE, PAGE_RATE, CHARTING_CLIENTS, PAGE_CLIENTS = 10, 5, 50, 8
# Requests of each kind sent before measuring, spread over the workers: a fresh gunicorn worker's
# first requests import modules and fill per-process caches, which is start-up, not load.
WARM_UP = 10 * WORKERS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20, help="Length of each load run.")
    options = parser.parse_args()
    results, export_from = [], None
    for label, database in SCALES:
        print(f"== {label} ({database})", flush=True)
        prepared = prepare(database, export_from)
        export_from = export_from or prepared["export_from"]
        results.append((label, database, prepared, measure(database, prepared, options.seconds)))
    write_results(results, options.seconds)


def prepare(database: str, export_from: str | None) -> dict:
    command = [sys.executable, str(BENCH / "prepare.py"), database]
    if export_from:
        command += ["--export-from", export_from]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout)


def measure(database: str, prepared: dict, seconds: float) -> dict:
    cookies, tokens, sessions = prepared["cookies"], prepared["tokens"], prepared["charting_sessions"]

    def reading(client: Client, n: int) -> int:
        session = sessions[n % len(sessions)]
        systolic = 186 if n % 10 == 0 else 120 + n % 17  # every tenth breaches SBP > 180: an alert is raised
        body = json.dumps({"systolic": systolic, "diastolic": 78, "heart_rate": 70 + n % 20, "spo2": 97 + n % 3})
        return client.post_json(
            f"/api/v1/sessions/{session}/vitals/", body.encode(), **{"Idempotency-Key": f"bench-{time.time_ns()}-{n}"}
        )

    def page(cookie: str, path: str):
        return lambda client, n: client.get(path)[0], lambda n: Client(cookie=cookie)

    numbers = {}
    with Server(database) as server:
        api_client = lambda n: Client(token=tokens["nurse"])  # noqa: E731
        print("  readings POST", flush=True)
        warm_up(api_client, reading)
        numbers["reading open"] = open_loop(
            api_client, reading, rate=READING_RATE, seconds=seconds, clients=CHARTING_CLIENTS
        )
        numbers["reading closed"] = closed_loop(api_client, reading, clients=CHARTING_CLIENTS, seconds=seconds)
        for name, who, path in (
            ("nurse board", "nurse", "/board/"),
            ("physician alert page", "physician", "/review/alerts/"),
            ("session review (60 readings)", "physician", f"/review/sessions/{prepared['reviewed_session']}/"),
        ):
            print(f"  {name}", flush=True)
            request, make = page(cookies[who], path)
            warm_up(make, request)
            numbers[f"{name} open"] = open_loop(make, request, rate=PAGE_RATE, seconds=seconds, clients=PAGE_CLIENTS)
            numbers[f"{name} closed"] = closed_loop(make, request, clients=PAGE_CLIENTS, seconds=seconds / 2)
        print("  CSV export", flush=True)
        numbers["export"] = export(server, tokens["exporter"], prepared["export_from"])
    print("  PostgreSQL COPY", flush=True)
    numbers["copy"] = copy(database, prepared["export_copy_sql"])
    return numbers


def warm_up(make_client, request) -> None:
    def run(index: int) -> None:
        client = make_client(index)
        for n in range(index, WARM_UP, WORKERS):
            request(client, n)

    with ThreadPoolExecutor(max_workers=WORKERS) as executor:
        list(executor.map(run, range(WORKERS)))


def export(server: Server, token: str, start: str) -> dict:
    """One streamed export read as it comes; the workers' memory is sampled every 50 ms."""
    pids = server.worker_pids()
    before = max(rss_mb(pid) for pid in pids)
    peak, done, size = [before], threading.Event(), [0, 0]

    def sample():
        while not done.wait(0.05):
            peak.append(max(rss_mb(pid) for pid in pids))

    def sink(chunk: bytes):
        size[0] += len(chunk)
        size[1] += chunk.count(b"\n")

    sampler = threading.Thread(target=sample)
    sampler.start()
    began = time.monotonic()
    status, _ = Client(token=token).get(f"/api/v1/export/vitals.csv?from={start.replace('+', '%2B')}", sink=sink)
    elapsed = time.monotonic() - began
    done.set()
    sampler.join()
    rows = size[1] - 1
    return {"status": status, "rows": rows, "seconds": elapsed, "rows_per_s": rows / elapsed, "mb": size[0] / 1e6,
            "rss_before": before, "rss_peak": max(peak)}  # fmt: skip


def copy(database: str, sql: str) -> dict:
    """PostgreSQL's own COPY of the export's query, to a file on this machine: the ceiling."""
    target = Path(os.environ.get("TMPDIR", "/tmp")) / f"{database}-copy.csv"
    rows = 0
    began = time.monotonic()
    with (
        psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{database}") as connection,
        target.open("wb") as out,
        connection.cursor().copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)") as stream,
    ):
        for chunk in stream:
            out.write(chunk)
            rows += bytes(chunk).count(b"\n")
    elapsed = time.monotonic() - began
    target.unlink()
    return {"rows": rows - 1, "seconds": elapsed, "rows_per_s": (rows - 1) / elapsed}


def machine() -> str:
    memory = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    cpu = next((line.split(":")[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())  # fmt: skip
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres") as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    ram = int(memory.split()[1]) // 1024 // 1024 + 1
    return (f"{os.cpu_count()} cores ({cpu}), {ram} GB RAM, PostgreSQL {version}, "
            f"Python {platform.python_version()}, gunicorn {WORKERS} sync workers")  # fmt: skip


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def write_results(results, seconds: float) -> None:
    lines = [BEGIN, "", "## Web benchmarks (gunicorn, generated data)", ""]
    lines += [f"Run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.", ""]
    lines += [
        "The load generator runs on the same two cores as gunicorn and PostgreSQL: the figures are",
        "pessimistic.",
        f"Open loop: a fixed offered rate for {seconds:.0f} s, latency counted from when each request was due.",
        f"Closed loop: N clients back to back ({CHARTING_CLIENTS} for readings, {PAGE_CLIENTS} for pages);",
        "there latency ≈ N ÷ throughput.",
        f"Each kind of request is first sent {WARM_UP} times, unmeasured, so every worker has started up.",
        "",
        "| scale | what | target | measured | |",
        "| --- | --- | --- | --- | --- |",
    ]  # fmt: skip
    for label, _, prepared, n in results:
        ro, rc = n["reading open"], n["reading closed"]
        lines.append(
            f"| {label} | reading POST (API, rules, alerts), 50 sessions charting, {READING_RATE}/s offered "
            f"| p95 < 50 ms | p50 {ro.p50:.0f} ms, p95 {ro.p95:.0f} ms ({ro.errors} errors); closed loop "
            f"{rc.throughput:.0f}/s, p50 {rc.p50:.0f} ms, p95 {rc.p95:.0f} ms | {verdict(ro.p95 < 50)} |"
        )
        # The targets: the board and alert page also at most 12 queries; the review page by time.
        for name, target, most_queries in (
            ("nurse board", 150, 12),
            ("physician alert page", 150, 12),
            ("session review (60 readings)", 100, None),
        ):
            o, c, queries = n[f"{name} open"], n[f"{name} closed"], prepared["in_process"][name]["queries"]
            extra = (
                f", {prepared['in_progress']} sessions in progress" if name != "session review (60 readings)" else ""
            )
            ceiling = f", ≤ {most_queries} queries" if most_queries else ""
            ok = o.p95 < target and 0 < queries <= (most_queries or queries)
            lines.append(
                f"| {label} | {name}{extra}, {PAGE_RATE}/s offered | p95 < {target} ms{ceiling} "
                f"| p50 {o.p50:.0f} ms, p95 {o.p95:.0f} ms, {queries} queries; closed loop "
                f"{c.throughput:.0f}/s | {verdict(ok)} |"
            )
        e, cp = n["export"], n["copy"]
        share = e["rows_per_s"] / cp["rows_per_s"]
        lines.append(
            f"| {label} | CSV export of {e['rows']:,} readings ({e['mb']:.0f} MB) | memory < 200 MB, ≥ 40% of COPY "
            f"| {e['rows_per_s']:,.0f} rows/s in {e['seconds']:.1f} s; "
            f"COPY {cp['rows_per_s']:,.0f} rows/s → {share:.0%}; "
            f"worker RSS {e['rss_before']:.0f} → peak {e['rss_peak']:.0f} MB "
            f"| {verdict(e['rss_peak'] < 200 and share >= 0.4 and e['status'] == 200)} |"
        )
        lines.append(
            f"| {label} | backtest, new HR rule, first site's last year | < 2 s | {prepared['backtest_seconds']:.2f} s "
            f"| {verdict(prepared['backtest_seconds'] < 2)} |"
        )
    lines += [
        "",
        "One request at a time, in-process (Django's test client: the app's and PostgreSQL's own time,",
        "no queueing), 15 requests each — p50 / p95 ms, and queries per request:",
        "",
    ]
    lines += ["| page or endpoint | " + " | ".join(label for label, *_ in results) + " |"]
    lines += ["| --- |" + " --- |" * len(results)]
    for name in results[0][2]["in_process"]:
        cells = []
        for result in results:
            one = result[2]["in_process"][name]
            queries = f", {one['queries']} queries" if "queries" in one else ""
            cells.append(f"{one['p50_ms']:.0f} / {one['p95_ms']:.0f} ms{queries}")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "How to reproduce: `make bench-data` (builds bench_large and bench_small), then", "",
              "    .venv/bin/python bench/run_all.py [--seconds 15]    # or: make bench", "", END]  # fmt: skip
    text = RESULTS.read_text()
    if BEGIN in text:
        text = text[: text.index(BEGIN)] + "\n".join(lines) + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(text)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
