"""What a user waits for, behind `mobility bench --browser`: each page in headless Chromium
against the production server (gunicorn, as `mobility serve` runs it) on 127.0.0.1.

Three waits per page, `repeat` times each:
- first visit: a new browser context (empty cache, no connection open), from navigation start
  to the page fully drawn;
- warm visit: the same address again in that context (the browser has the static files);
- filter change: the direction set to Outgoing in the filter bar, from the click to the page
  drawn again (pages without that filter have no such figure).

"Fully drawn": no Dash callback request in flight, no loading indicator (Dash's initial
"Loading..." , a component marked `data-dash-is-loading`, a dcc.Loading spinner), every
dcc.Graph holding its drawn SVG, and all of it still true STABLE_MS later (Dash fires the next
callback of a chain only after rendering the answer of the previous one, so an instant without
requests in flight can fall between two of them). The time is when that stable state began.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from benchmarks import load, run, synthetic
from warehouse.errors import WarehouseError

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
STABLE_MS = 150
TIMEOUT_MS = 60_000
WAITS = ("first", "warm", "filter")
TARGETS_MS = {"first": 1500, "filter": 500}  # at 10 million mobilities (issue 17)

# Before any script of the page: counts Dash's callback requests in flight.
COUNT_REQUESTS = """
window.__benchPending = 0;
window.__benchStarted = 0;
const originalFetch = window.fetch.bind(window);
window.fetch = (...args) => {
  const url = String(args[0] && args[0].url ? args[0].url : args[0]);
  if (!url.includes('_dash-')) return originalFetch(...args);
  window.__benchPending += 1;
  window.__benchStarted += 1;
  return originalFetch(...args).finally(() => { window.__benchPending -= 1; });
};
"""

# Resolves with performance.now() when the page became fully drawn (and stayed so STABLE_MS).
DRAWN = """([stableMs, startedAtLeast]) => new Promise((resolve) => {
  const drawn = () => {
    if (window.__benchPending !== 0 || window.__benchStarted < startedAtLeast) return false;
    if (!document.querySelector('#_pages_content')) return false;
    if (document.querySelector(
      '._dash-loading, ._dash-loading-callback, [data-dash-is-loading="true"], .dash-spinner'
    )) return false;
    return [...document.querySelectorAll('.dash-graph')].every(
      (graph) => graph.querySelector('.js-plotly-plot .main-svg'));
  };
  let since = null;
  const check = () => {
    const now = performance.now();
    if (!drawn()) since = null;
    else if (since === null) since = now;
    if (since !== null && now - since >= stableMs) resolve(since);
    else setTimeout(check, 5);
  };
  check();
})"""

# The direction radio set to Outgoing; false when the page has no such filter.
CHANGE_FILTER = """() => {
  const input = document.querySelector('#filter-direction input[value="outgoing"]');
  if (!input) return false;
  window.__benchClicked = performance.now();
  input.click();
  return true;
}"""


def warehouse(work_dir: Path, size: int, progress: Callable[[str], None]) -> Path:
    """The synthetic warehouse of `size` mobilities in work_dir, built unless one of the same
    generator version is there (`mobility bench` builds them at the same paths)."""
    path = work_dir / f"synthetic-{size}.duckdb"
    if path.exists():
        try:
            with duckdb.connect(str(path), read_only=True) as con:
                found = con.execute(
                    "select count(*) from imports where file_sha256 = ?",
                    [f"bench-{synthetic.GENERATOR_VERSION}-{size}"],
                ).fetchone()[0]
        except duckdb.Error:
            found = 0
        if found:
            progress(f"browser: reusing {path}")
            return path
    for stale in work_dir.glob(path.name + "*"):
        stale.unlink()
    progress(f"browser: building a synthetic warehouse of {size:,} mobilities")
    build_s = synthetic.build(path, size, lambda _message: None)
    progress(f"browser: built in {build_s:.0f} s")
    return path


def _addresses(path: Path) -> dict[str, str]:
    """Each page as it opens (the partner page on the partner with the most mobilities)."""
    partner = run._warehouse_choices(path)["partners"][0]
    return {page: page.format(partner_id=partner) for page in run.PAGES}


def _serve(path: Path, work_dir: Path, workers: int, threads: int):
    port = run._free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = work_dir / f"{path.stem}.browser-server.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port),
             "--workers", str(workers), "--threads", str(threads)],
            env={**os.environ, "MOBILITY_DB": str(path)}, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        run._wait_until_served(url, server, log_path)
        load._wait_for_warm_ups(log_path, server, workers)
    except BaseException:
        server.terminate()
        server.wait(timeout=30)
        raise
    return server, url


def _time_page(browser, url: str, address: str) -> dict[str, float | None]:
    """One cold visit, one warm visit and one filter change of one page, in milliseconds."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, bypass_csp=True)
    context.add_init_script(COUNT_REQUESTS)
    # nothing leaves the machine: only the server's own addresses are fetched
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(url)
            else route.abort("internetdisconnected")
        ),
    )
    try:
        tab = context.new_page()
        tab.set_default_timeout(TIMEOUT_MS)
        figures: dict[str, float | None] = {}
        for wait in ("first", "warm"):
            tab.goto(url + address, wait_until="commit")
            # performance.now() counts from this navigation's start
            figures[wait] = tab.evaluate(DRAWN, [STABLE_MS, 1])
        if tab.evaluate(CHANGE_FILTER):
            clicked = tab.evaluate("window.__benchClicked")
            before = tab.evaluate("window.__benchStarted")
            figures["filter"] = tab.evaluate(DRAWN, [STABLE_MS, before + 1]) - clicked
        else:
            figures["filter"] = None
        return figures
    finally:
        context.close()


def run_browser(
    sizes: list[int],
    work_dir: Path,
    repeat: int = 10,
    workers: int | None = None,
    threads: int = 8,
    progress: Callable[[str], None] = print,
) -> dict:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise WarehouseError(f"{CHROMIUM} not found: run tests/setup.sh to install chromium")
    work_dir.mkdir(parents=True, exist_ok=True)
    workers = workers or load._default_workers()
    results: dict = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cores": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
        },
        "repeat": repeat,
        "workers": workers,
        "threads": threads,
        "stable_ms": STABLE_MS,
        "sizes": {},
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for size in sizes:
                path = warehouse(work_dir, size, progress)
                server, url = _serve(path, work_dir, workers, threads)
                try:
                    load_before = os.getloadavg()[0]
                    pages = {}
                    for page, address in _addresses(path).items():
                        times: dict[str, list[float]] = {wait: [] for wait in WAITS}
                        for _ in range(repeat):
                            for wait, ms in _time_page(browser, url, address).items():
                                if ms is not None:
                                    times[wait].append(ms)
                        pages[page] = {
                            wait: _summary(values) for wait, values in times.items() if values
                        }
                        progress(f"browser: {size:>10,} {_line(page, pages[page])}")
                    load_after = os.getloadavg()[0]
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                results["sizes"][str(size)] = {
                    "load_average_before": round(load_before, 1),
                    "load_average_end": round(load_after, 1),
                    "pages": pages,
                }
        finally:
            browser.close()
    return results


def _summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50_ms": round(run._percentile(values, 50)),
        "p95_ms": round(run._percentile(values, 95)),
    }


def _line(page: str, figures: dict) -> str:
    cells = []
    for wait in WAITS:
        if wait in figures:
            cells.append(f"{figures[wait]['p50_ms']:6d} {figures[wait]['p95_ms']:6d}")
        else:
            cells.append(f"{'-':>6s} {'-':>6s}")
    return f"{page:24s} " + "   ".join(cells)


def format_table(results: dict) -> str:
    lines = [
        f"{results['date']}, {results['machine']['cores']} cores, headless Chromium; gunicorn "
        f"{results['workers']} workers × {results['threads']} threads; {results['repeat']} times "
        "each; milliseconds to fully drawn",
    ]
    for size, figures in results["sizes"].items():
        lines.append(
            f"\n{int(size):,} mobilities (machine load average "
            f"{figures['load_average_before']} before, {figures['load_average_end']} at the end)"
        )
        lines.append(
            f"  {'page':24s} {'first visit':>13s}   {'warm visit':>13s}   {'filter change':>13s}"
        )
        lines.append(f"  {'':24s} " + "   ".join(f"{'p50':>6s} {'p95':>6s}" for _ in WAITS))
        for page, page_figures in figures["pages"].items():
            lines.append("  " + _line(page, page_figures))
    return "\n".join(lines)


def main(sizes: list[int], json_path: Path | None, work_dir: Path, **options) -> dict:
    try:
        results = run_browser(sizes, work_dir, **options)
    except RuntimeError as error:  # the server did not start or warm up: one line, exit 1
        raise WarehouseError(str(error)) from None
    print()
    print(format_table(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nfigures written to {json_path}")
    return results
