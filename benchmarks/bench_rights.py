"""Rights engine speed: in-process assessments, and POST /api/v1/rights/assess against a real gunicorn server.

    .venv/bin/python benchmarks/bench_rights.py inprocess [--rounds 2000]
    .venv/bin/python benchmarks/bench_rights.py http [--seconds 10] [--concurrency 8] [--workers 2]
    .venv/bin/python benchmarks/bench_rights.py            # both

Targets: under 1 ms per in-process assessment (RULES.md §12 asks p99 < 50 ms per case of rule evaluation); 200
requests/s over HTTP on 2 sync workers without errors. The HTTP mode only ever talks to 127.0.0.1: it starts its own
server on a free local port with a throw-away SQLite database, and stops it when the bounded run is over.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

HOST = "127.0.0.1"  # never anything else
PATH = "/api/v1/rights/assess"
MAX_SECONDS = 120


def _scenarios() -> list[dict]:
    from weiquan.rights.tests.examples import load_scenarios

    return [scenario["facts"] for scenario in load_scenarios()]


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def bench_inprocess(rounds: int) -> None:
    from weiquan.core.calendar import default_calendar
    from weiquan.rights import assess

    facts = _scenarios()
    default_calendar()  # built once per process; not part of an assessment
    for document in facts:
        assess(document)
    timings: list[float] = []
    started = time.perf_counter()
    for _ in range(rounds):
        for document in facts:
            t0 = time.perf_counter()
            assess(document)
            timings.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    mean_ms = statistics.fmean(timings) * 1000
    print(f"in-process: {len(timings)} assessments over {len(facts)} worked examples in {elapsed:.2f} s")
    print(f"  {len(timings) / elapsed:,.0f} assessments/s; mean {mean_ms:.3f} ms, "
          f"p99 {_percentile(timings, 0.99) * 1000:.3f} ms, max {max(timings) * 1000:.3f} ms "
          f"(target: mean < 1 ms) -> {'OK' if mean_ms < 1 else 'SLOW'}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def _tool(name: str) -> list[str]:
    beside = Path(sys.executable).parent / name
    return [str(beside)] if beside.exists() else [sys.executable, "-m", name]


def _post(port: int, body: bytes, timeout: float = 10.0) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("POST", PATH, body=body, headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _wait_ready(port: int, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode}")
        try:
            if _post(port, b"{}", timeout=2) == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


def bench_http(seconds: float, concurrency: int, workers: int) -> int:
    seconds = min(seconds, MAX_SECONDS)
    bodies = [json.dumps(document).encode() for document in _scenarios()]
    scratch = Path(tempfile.mkdtemp(prefix="weiquan-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "weiquan.settings",
        "DATABASE_URL": f"sqlite:///{scratch / 'bench.sqlite3'}",
        "WEIQUAN_VAR_DIR": str(scratch),
        "WEIQUAN_ALLOWED_HOSTS": f"{HOST},localhost",
        "WEIQUAN_RIGHTS_RATE": "100000000/60",  # measure the engine, not the limiter's refusals
        "WEIQUAN_LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        subprocess.run([*_tool("weiquan"), "migrate", "--noinput", "-v", "0"], cwd=REPO, env=env, check=True)
        port = _free_port()
        server = subprocess.Popen(
            [*_tool("gunicorn"), "weiquan.wsgi", "-w", str(workers), "-b", f"{HOST}:{port}", "--log-level",
             "warning"],
            cwd=REPO, env=env,
        )
        _wait_ready(port, server, time.monotonic() + 60)

        statuses: dict[str, int] = {}
        latencies: list[float] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds

        def client(offset: int) -> None:
            index = offset
            local: list[float] = []
            local_status: dict[str, int] = {}
            while time.monotonic() < stop_at:
                body = bodies[index % len(bodies)]
                index += 1
                t0 = time.perf_counter()
                try:
                    key = str(_post(port, body))
                except OSError as error:
                    key = type(error).__name__
                local.append(time.perf_counter() - t0)
                local_status[key] = local_status.get(key, 0) + 1
            with lock:
                latencies.extend(local)
                for key, count in local_status.items():
                    statuses[key] = statuses.get(key, 0) + count

        started = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(concurrency)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(seconds + 30)
        elapsed = time.perf_counter() - started
        total = sum(statuses.values())
        errors = total - statuses.get("200", 0)
        rate = total / elapsed
        print(f"http: gunicorn -w {workers} on {HOST}:{port}, {concurrency} client threads, {elapsed:.1f} s")
        print(f"  {total} requests, {rate:,.0f} requests/s, {errors} errors; latency mean "
              f"{statistics.fmean(latencies) * 1000:.1f} ms, p95 {_percentile(latencies, 0.95) * 1000:.1f} ms "
              f"(target: 200 requests/s without errors) -> {'OK' if rate >= 200 and not errors else 'BELOW TARGET'}")
        print(f"  statuses: {dict(sorted(statuses.items()))}")
        return 0 if not errors else 1
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", nargs="?", choices=["inprocess", "http", "all"], default="all")
    parser.add_argument("--rounds", type=int, default=2000, help="in-process passes over the examples")
    parser.add_argument("--seconds", type=float, default=10.0, help=f"HTTP run length (at most {MAX_SECONDS})")
    parser.add_argument("--concurrency", type=int, default=8, help="HTTP client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    options = parser.parse_args()
    code = 0
    if options.mode in ("inprocess", "all"):
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "weiquan.settings")
        bench_inprocess(options.rounds)
    if options.mode in ("http", "all"):
        code = bench_http(options.seconds, options.concurrency, options.workers)
    return code


if __name__ == "__main__":
    sys.exit(main())
