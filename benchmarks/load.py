"""The load test behind `mobility bench --load`: simulated users against the production server
(gunicorn, as `mobility serve` runs it) on loopback, while a 1-million-row import swaps a new
warehouse in under them.

Each user opens pages one after another, the way Dash asks for them: the page's address (the
HTML), /_dash-layout, /_dash-dependencies, the router callback that renders the page for its
URL (filters varied as users set them), then the section callbacks of a page sent as a
skeleton. A page's time is the sum of its requests; between pages a user reads for a while
(`think`, seconds drawn uniformly). A request fails on a transport error, a status other than
200 or a callback answer that is not JSON. Everything stays on 127.0.0.1 and stops after
`duration` seconds (users finish the page they are on), or 10 s after the import swapped in
when that comes later (at most 300 s later).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import requests

from benchmarks import run, synthetic

TIMEOUT_S = 30  # a request slower than this counts as failed
IMPORT_AFTER_S = 5  # the import starts once every user is busy
AFTER_SWAP_S = 10  # the users keep coming this long after the swap
OVERTIME_S = 300  # the most a slow import lengthens the run


@dataclass
class PageFigures:
    views: int = 0
    requests: int = 0
    failures: int = 0
    times_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict:
        return {
            "views": self.views,
            "requests": self.requests,
            "failures": self.failures,
            "p50_ms": round(run._percentile(self.times_ms, 50), 1),
            "p95_ms": round(run._percentile(self.times_ms, 95), 1),
            "max_ms": round(max(self.times_ms, default=float("nan")), 1),
            "errors": dict(sorted(self.errors.items(), key=lambda item: -item[1])[:5]),
        }


class Failed(Exception):
    pass


class User(threading.Thread):
    """One person at a browser: pages one after another until the deadline."""

    def __init__(self, number: int, plan: dict, clock: dict, think: tuple[float, float]):
        super().__init__(name=f"user-{number}", daemon=True)
        self.rng = random.Random(number)
        self.plan = plan
        self.clock = clock  # {"deadline": monotonic time}, moved by run_load
        self.stopped = time.monotonic()
        self.think = think
        self.figures: dict[str, PageFigures] = {page: PageFigures() for page in plan["pages"]}

    def run(self) -> None:
        # users do not all arrive in the same second
        time.sleep(self.rng.uniform(0, self.think[1]))
        with requests.Session() as session:
            while time.monotonic() < self.clock["deadline"]:
                page = self.rng.choice(list(self.plan["pages"]))
                self.view(session, page)
                time.sleep(self.rng.uniform(*self.think))
        self.stopped = time.monotonic()

    def view(self, session: requests.Session, page: str) -> None:
        figures = self.figures[page]
        address = self.rng.choice(self.plan["pages"][page])
        pathname, _, search = address.partition("?")
        search = "?" + search if search else ""
        url = self.plan["url"]
        started = time.perf_counter()
        figures.views += 1
        try:
            self.request(figures, session, "get", url + address)
            self.request(figures, session, "get", url + "/_dash-layout")
            self.request(figures, session, "get", url + "/_dash-dependencies")
            rendered = self.request(
                figures, session, "post", url + "/_dash-update-component",
                run._render_body(pathname, search),
            )  # fmt: skip
            sections = self.plan["sections"].get(page, {})
            if sections:
                stored = run._stored_value(rendered, run.SECTION_STORES[page])
                for request in sections.values():
                    self.request(
                        figures, session, "post", url + "/_dash-update-component",
                        run._with_input(request, stored),
                    )  # fmt: skip
        except Failed as error:
            figures.failures += 1
            figures.errors[str(error)] = figures.errors.get(str(error), 0) + 1
            return
        figures.times_ms.append((time.perf_counter() - started) * 1000)

    @staticmethod
    def request(figures: PageFigures, session, method: str, url: str, body=None):
        figures.requests += 1
        try:
            if method == "get":
                response = session.get(url, timeout=TIMEOUT_S)
            else:
                response = session.post(url, json=body, timeout=TIMEOUT_S)
        except requests.RequestException as error:
            reason = str(error.__context__ or error).split(":")[-1].strip(" ')")[:60]
            raise Failed(f"{type(error).__name__} ({reason})") from None
        if response.status_code != 200:
            raise Failed(f"HTTP {response.status_code} {url.rsplit('/', 1)[-1][:40]}")
        if method == "post":
            try:
                return response.json()
            except ValueError:
                raise Failed("callback answer not JSON") from None
        return None


def _plan(path: Path, url: str, addresses_per_page: int) -> dict:
    """The addresses users open, per page (filters varied), and the section callbacks."""
    return {
        "url": url,
        "pages": run._page_requests(path, addresses_per_page),
        "sections": run._section_requests(url),
    }


def _start_import(csv_path: Path, db_path: Path, log_path: Path) -> subprocess.Popen:
    with open(log_path, "w") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "warehouse", "--db", str(db_path), "import", "mobilities",
             str(csv_path), "--school", run.IMPORT_SCHOOL],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip


def _mobilities(path: Path) -> int:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select count(*) from mobilities").fetchone()[0]


def run_load(
    work_dir: Path,
    users: int = 50,
    duration: float = 60,
    size: int = 100_000,
    import_rows: int = run.IMPORT_CSV_ROWS,
    workers: int | None = None,
    threads: int = 8,
    think: tuple[float, float] = (1.0, 4.0),
    progress: Callable[[str], None] = print,
) -> dict:
    """Build the warehouse and the import file, start the server, run the users; the figures."""
    work_dir.mkdir(parents=True, exist_ok=True)
    path = work_dir / f"load-{size}.duckdb"
    for stale in work_dir.glob(path.name + "*"):
        stale.unlink()
    progress(f"load: building a synthetic warehouse of {size:,} mobilities")
    synthetic.build(path, size, lambda _message: None)
    progress(f"load: writing a {import_rows:,}-row mobility CSV to import during the run")
    csv_path = run.import_csv(work_dir, import_rows, reuse=True)
    workers = workers or _default_workers()
    port = run._free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = work_dir / "load.server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port),
             "--workers", str(workers), "--threads", str(threads)],
            env={**os.environ, "MOBILITY_DB": str(path)}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    importing = None
    try:
        run._wait_until_served(url, server, log_path)
        _wait_for_warm_ups(log_path, server, workers)
        plan = _plan(path, url, 30)
        before = _mobilities(path)
        # the machine may be shared: its load before the users come says how much it was
        load_before = os.getloadavg()[0]
        progress(
            f"load: {users} users for {duration:.0f} s on {url} (gunicorn, {workers} workers × "
            f"{threads} threads), reading {think[0]:g}-{think[1]:g} s between pages"
        )
        started = time.monotonic()
        # until the import has swapped in (then AFTER_SWAP_S more), at most OVERTIME_S longer
        clock = {"deadline": started + duration + OVERTIME_S}
        crowd = [User(n, plan, clock, think) for n in range(users)]
        for user in crowd:
            user.start()
        time.sleep(min(IMPORT_AFTER_S, duration / 4))
        progress(f"load: importing {import_rows:,} mobility rows into the served warehouse")
        import_started = time.monotonic()
        importing = _start_import(csv_path, path, work_dir / "load.import.log")
        try:
            import_code = importing.wait(timeout=duration + OVERTIME_S)
        except subprocess.TimeoutExpired:
            importing.kill()
            import_code = importing.wait()
        import_s = time.monotonic() - import_started
        swapped_at = import_started - started + import_s
        clock["deadline"] = min(
            max(started + duration, time.monotonic() + AFTER_SWAP_S), clock["deadline"]
        )
        for user in crowd:
            user.join(timeout=max(0, clock["deadline"] - time.monotonic()) + TIMEOUT_S * 3)
        elapsed = max(user.stopped for user in crowd) - started
        load_after = os.getloadavg()[0]
        progress(
            f"load: import {'done' if import_code == 0 else 'FAILED'} in {import_s:.1f} s "
            f"({swapped_at:.0f} s into the run)"
        )
        after = _mobilities(path)
        rss_mb = _tree_rss_mb(server.pid)
    finally:
        if importing and importing.poll() is None:
            importing.kill()
        server.terminate()
        server.wait(timeout=30)
    pages: dict[str, PageFigures] = {}
    for user in crowd:
        for page, figures in user.figures.items():
            total = pages.setdefault(page, PageFigures())
            total.views += figures.views
            total.requests += figures.requests
            total.failures += figures.failures
            total.times_ms += figures.times_ms
            for error, count in figures.errors.items():
                total.errors[error] = total.errors.get(error, 0) + count
    everything = PageFigures()
    for figures in pages.values():
        everything.views += figures.views
        everything.requests += figures.requests
        everything.failures += figures.failures
        everything.times_ms += figures.times_ms
    return {
        "date": dt.date.today().isoformat(),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "load_average_before": round(load_before, 1),
            "load_average_end": round(load_after, 1),
        },
        "users": users,
        "duration_s": round(elapsed, 1),
        "think_s": list(think),
        "workers": workers,
        "threads": threads,
        "warehouse_mobilities": {"before": before, "after": after},
        "import": {
            "rows": import_rows,
            "exit_code": import_code,
            "seconds": round(import_s, 1),
            "swapped_in_at_s": round(swapped_at, 1),
            "during_load": swapped_at < elapsed,
        },
        "server_rss_mb": round(rss_mb),
        "pages": {page: figures.summary() for page, figures in pages.items()},
        "total": everything.summary(),
    }


def _default_workers() -> int:
    from dashboard import serving  # what `mobility serve` would start

    return serving.default_workers()


def _wait_for_warm_ups(log_path: Path, server: subprocess.Popen, workers: int) -> None:
    """Every worker warms its own cache: the users arrive once each says it is done."""
    from dashboard.app import WARM_UP_FAILED, WARMED_UP

    deadline = time.monotonic() + 180
    while True:
        log = log_path.read_text(errors="replace")
        if WARM_UP_FAILED in log:
            failed = next(line for line in log.splitlines() if WARM_UP_FAILED in line)
            raise RuntimeError(f"the dashboard server's {failed} (log: {log_path})")
        if log.count(WARMED_UP) >= workers:
            return
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the dashboard server did not warm up (log: {log_path})")
        time.sleep(0.1)


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of the server: its master process and workers, now."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if status.parent.name == str(pid) or fields.get("PPid", "").strip() == str(pid):
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


TARGET_P95_MS = 300


def format_table(results: dict) -> str:
    lines = [
        f"{results['date']}, {results['machine']['cores']} cores: {results['users']} users for "
        f"{results['duration_s']} s, {results['think_s'][0]:g}-{results['think_s'][1]:g} s "
        f"between pages; gunicorn {results['workers']} workers × {results['threads']} threads, "
        f"server memory {results['server_rss_mb']} MiB; machine load average "
        f"{results['machine']['load_average_before']} before the users, "
        f"{results['machine']['load_average_end']} at the end",
    ]
    imported = results["import"]
    mobilities = results["warehouse_mobilities"]
    lines.append(
        f"import of {imported['rows']:,} rows: "
        + ("done" if imported["exit_code"] == 0 else f"FAILED (exit {imported['exit_code']})")
        + f" in {imported['seconds']} s, swapped in {imported['swapped_in_at_s']} s into the run"
        + ("" if imported["during_load"] else " (AFTER the users stopped)")
        + f"; mobilities {mobilities['before']:,} -> {mobilities['after']:,}"
    )
    lines.append(
        f"  {'page':24s} {'views':>6s} {'requests':>8s} {'failed':>6s} {'p50 ms':>8s} "
        f"{'p95 ms':>8s} {'max ms':>8s}"
    )
    for name, page in [*results["pages"].items(), ("all pages", results["total"])]:
        flag = "  p95 over 300 ms" if page["p95_ms"] > TARGET_P95_MS else ""
        lines.append(
            f"  {name:24s} {page['views']:6d} {page['requests']:8d} {page['failures']:6d} "
            f"{page['p50_ms']:8.1f} {page['p95_ms']:8.1f} {page['max_ms']:8.1f}{flag}"
        )
        for error, count in page.get("errors", {}).items():
            lines.append(f"      {count} × {error}")
    return "\n".join(lines)


def main(work_dir: Path, json_path: Path | None, **options) -> dict:
    results = run_load(work_dir, **options)
    print()
    print(format_table(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nfigures written to {json_path}")
    return results
