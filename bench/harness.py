"""Serving and loading for the web benchmarks: gunicorn on 127.0.0.1, keep-alive HTTP clients
from the standard library, open-loop and closed-loop load, and the worker's memory.

Open loop: requests are sent at a fixed offered rate whatever the answers do, and each latency
counts from the moment its request was due (so a slow server is not hidden by a waiting client).
Closed loop: N clients each send their next request as soon as the last one is answered; that
measures throughput at saturation, and then latency ≈ N ÷ throughput.
"""

import http.client
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST, PORT = "127.0.0.1", 8099
WORKERS = 4  # 2 × cores: sync workers spend much of each request waiting on PostgreSQL

Request = Callable[["Client"], int]  # sends one request, returns the status


BENCH_SERVER = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432")


def recreate_database(name: str) -> None:
    """An empty scratch database for one benchmark (dropped first, with anything connected to it)."""
    import psycopg

    with psycopg.connect(f"{BENCH_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {name}")


def server_env(database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "DJANGO_SETTINGS_MODULE": "clinic.settings",
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": HOST,
    }


def setup_django(database: str) -> None:
    """Django in this process, on the bench database (for the in-process measurements)."""
    os.environ.update(server_env(database))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


class Server:
    """gunicorn with WORKERS sync workers, as `with Server(db) as server:`."""

    def __init__(self, database: str):
        self.database = database

    def __enter__(self):
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "clinic.wsgi", f"--bind={HOST}:{PORT}", f"--workers={WORKERS}", "--timeout=600",
             "--log-level=warning"],
            cwd=ROOT,
            env=server_env(self.database),
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if Client().get("/accounts/login/")[0] == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


class Client:
    """One keep-alive connection with a login (session cookie or API token)."""

    def __init__(self, *, cookie: str = "", token: str = ""):
        self.connection = http.client.HTTPConnection(HOST, PORT, timeout=600)
        self.headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
        if token:
            self.headers["Authorization"] = f"Token {token}"

    def get(self, path: str, sink: Callable[[bytes], None] | None = None) -> tuple[int, bytes]:
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        if sink is None:
            return response.status, response.read()
        while chunk := response.read(256 * 1024):
            sink(chunk)
        return response.status, b""

    def post_json(self, path: str, body: bytes, **headers) -> int:
        self.connection.request(
            "POST", path, body=body, headers={**self.headers, "Content-Type": "application/json", **headers}
        )
        response = self.connection.getresponse()
        response.read()
        return response.status


@dataclass
class Latencies:
    seconds: list[float]
    elapsed: float
    errors: int

    def percentile(self, p: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else float("nan")

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p95(self) -> float:
        return self.percentile(95)

    @property
    def throughput(self) -> float:
        return len(self.seconds) / self.elapsed

    @property
    def mean(self) -> float:
        return statistics.fmean(self.seconds) * 1000


def open_loop(make_client: Callable[[int], "Client"], request: Callable, *, rate: float, seconds: float,
              clients: int) -> Latencies:  # fmt: skip
    """`rate` requests a second for `seconds`, spread over `clients` connections (request(client, n))."""
    total = int(rate * seconds)
    pool = [make_client(n) for n in range(clients)]
    free = list(range(clients))
    lock = threading.Lock()
    latencies, errors = [], [0]
    start = time.monotonic() + 0.1

    def send(n: int) -> None:
        due = start + n / rate
        time.sleep(max(0.0, due - time.monotonic()))
        with lock:
            index = free.pop()
        try:
            ok = request(pool[index], n) < 400
        finally:
            with lock:
                free.append(index)
        with lock:
            latencies.append(time.monotonic() - due)
            errors[0] += not ok

    with ThreadPoolExecutor(max_workers=clients) as executor:
        list(executor.map(send, range(total)))
    return Latencies(latencies, time.monotonic() - start, errors[0])


def closed_loop(make_client: Callable[[int], "Client"], request: Callable, *, clients: int,
                seconds: float) -> Latencies:  # fmt: skip
    """`clients` connections, each sending its next request as soon as the last is answered."""
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds
    start = time.monotonic()

    def run(index: int) -> None:
        client, n = make_client(index), 0
        while time.monotonic() < stop:
            began = time.monotonic()
            ok = request(client, n * clients + index) < 400  # client i keeps to request numbers ≡ i
            with lock:
                latencies.append(time.monotonic() - began)
                errors[0] += not ok
            n += 1

    with ThreadPoolExecutor(max_workers=clients) as executor:
        list(executor.map(run, range(clients)))
    return Latencies(latencies, time.monotonic() - start, errors[0])
