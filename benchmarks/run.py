"""The benchmark behind `mobility bench`: imports, cold start, memory and every page's callbacks
through Dash's HTTP endpoint, on synthetic warehouses of growing size, against a pandas baseline
computing the same aggregates on the same data.

Everything runs on this machine, in one run, and prints what it measured; `--json` keeps it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from benchmarks import synthetic
from dashboard.app import WARM_UP_FAILED, WARMED_UP
from dashboard.filters import ACTIVITIES, REGIONS, Filters
from warehouse import db
from warehouse.errors import WarehouseError

PROJECT_DIR = Path(__file__).resolve().parent.parent
EC_STATISTICS = (
    PROJECT_DIR.parent / "shared" / "data" / "ec-erasmus-students-2008-2013" / "students_2008_2012"
)
IMPORT_CSV_ROWS = 1_000_000
IMPORT_SCHOOL = "IMT Mines Albi"
CALLBACK_BYTES_LIMIT = 1_000_000

# Each page is rendered by Dash pages' router callback from the URL: that callback is the page.
PAGES = (
    "/", "/map", "/agreements", "/flows", "/partners/{partner_id}", "/indicators", "/erasmus",
    "/data",
)  # fmt: skip
# Pages sent as a skeleton whose sections are then filled by callbacks of their own, all fed by
# one store of the page's filters (the id here): each section callback is timed after its page,
# with what the page's response stored, as `<page>: <name>`, the name being what follows
# "-section-" in the id of its first output. The server lists them (/_dash-dependencies), so a
# new section is timed without a change here.
SECTION_STORES = {"/indicators": "indicators-filters"}
# Pages whose mobility aggregates the pandas baseline recomputes (the others read agreements).
BASELINE_PAGES = {
    "/": "overview",
    "/map": "map",
    "/flows": "flows",
    "/partners/{partner_id}": "partner",
}


@dataclass
class CallbackFigures:
    name: str
    times_ms: list[float] = field(default_factory=list)
    sizes: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        return {
            "calls": len(self.times_ms),
            "p50_ms": round(_percentile(self.times_ms, 50), 1),
            "p95_ms": round(_percentile(self.times_ms, 95), 1),
            "bytes": max(self.sizes),
            "bytes_p50": int(_percentile(self.sizes, 50)),
        }


def _percentile(values: list[float], percent: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * percent / 100
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def run(
    sizes: list[int],
    work_dir: Path,
    calls: int = 30,
    progress: Callable[[str], None] = print,
    imports: bool = True,
) -> dict:
    """Measure everything for each size; return the figures (what --json writes)."""
    _check_baseline_installed()
    work_dir.mkdir(parents=True, exist_ok=True)
    results: dict = {
        "machine": {
            "cores": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
        },
        "sizes": {},
    }
    results["imports"] = _time_imports(work_dir, progress) if imports else {}
    for size in sizes:
        path = work_dir / f"synthetic-{size}.duckdb"
        progress(f"\n== {size:,} mobilities")
        build_s = synthetic.build(path, size, progress)
        progress(
            f"bench: warehouse built in {build_s:.1f} s ({path.stat().st_size / 2**20:.0f} MiB)"
        )
        figures = _time_server(path, calls, progress)
        figures["build_s"] = round(build_s, 1)
        figures["baseline"] = _compare_with_baseline(path, figures, progress)
        figures["baseline_ratio"] = figures["baseline"]["ratio_median"]
        results["sizes"][str(size)] = figures
    return results


# ---------- imports


def _time_imports(work_dir: Path, progress) -> dict:
    """Rows per second importing a 1-million-row mobility CSV, and the EC statistics if present."""
    figures: dict = {}
    csv_path = import_csv(work_dir, IMPORT_CSV_ROWS)
    progress(f"bench: importing {IMPORT_CSV_ROWS:,} mobility rows from a CSV")
    seconds, output = _timed_cli(
        work_dir / "import-csv.duckdb",
        ["import", "mobilities", str(csv_path), "--school", IMPORT_SCHOOL],
    )
    figures["csv_1m"] = _import_figures(IMPORT_CSV_ROWS, seconds, output)
    progress(f"bench: {figures['csv_1m']}")
    parts = sorted(EC_STATISTICS.glob("part_*.csv")) if EC_STATISTICS.is_dir() else []
    if parts:
        progress(f"bench: importing the {len(parts)} EC statistics parts")
        seconds, output = _timed_cli(
            work_dir / "import-ec.duckdb", ["import", "mobilities", *map(str, parts)]
        )
        figures["ec_statistics"] = _import_figures(1_163_508, seconds, output)
        progress(f"bench: {figures['ec_statistics']}")
    else:
        figures["ec_statistics"] = {"skipped": f"{EC_STATISTICS} not found"}
    return figures


def import_csv(work_dir: Path, rows: int, reuse: bool = False) -> Path:
    """A school's mobility CSV of `rows` synthetic rows (deterministic), as users export it;
    with `reuse`, the one a previous run left in work_dir."""
    csv_path = work_dir / f"mobilities-{rows}.csv"
    if reuse and csv_path.exists():
        return csv_path
    source = work_dir / "synthetic-import-source.duckdb"
    synthetic.build(source, rows, lambda _message: None)
    partial = csv_path.with_name(csv_path.name + ".part")
    with duckdb.connect(str(source), read_only=True) as con:
        con.execute("set enable_progress_bar = false")  # the command prints its own progress
        con.execute(
            f"""
            copy (
                select p.name as "Partner institution", p.country_iso2 as "Country",
                       m.direction as "Direction", m.academic_year as "Academic year",
                       m.start_date as "Start date", m.end_date as "End date",
                       m.activity as "Activity", m.participant_id as "Student id"
                from mobilities m join partners p using (partner_id)
                order by m.mobility_id
            ) to '{partial}' (header, delimiter ',', format csv)
            """
        )
    source.unlink()
    partial.rename(csv_path)
    return csv_path


def _timed_cli(db_path: Path, arguments: list[str]) -> tuple[float, str]:
    for stale in db_path.parent.glob(db_path.name + "*"):
        stale.unlink()
    with db.writing(db_path):  # an empty warehouse with the home schools, as a user starts
        pass
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "warehouse", "--db", str(db_path), *arguments],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    return seconds, (done.stdout + done.stderr)[-2000:] if done.returncode else ""


def _import_figures(rows: int, seconds: float, failure: str) -> dict:
    if failure:
        return {"failed": failure.strip().splitlines()[-1], "seconds": round(seconds, 1)}
    return {"rows": rows, "seconds": round(seconds, 1), "rows_per_s": round(rows / seconds)}


# ---------- the dashboard server


def _time_server(path: Path, calls: int, progress) -> dict:
    """Start the real server, time cold start, every page's callbacks, and its peak memory."""
    port = _free_port()
    log_path = path.with_name(path.stem + ".server.log")  # what to read when the server stops
    started = time.perf_counter()
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port)],
            env={**os.environ, "MOBILITY_DB": str(path)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_served(url, server, log_path)
        _render(url, "/", "")  # the first page a user sees, computed
        cold_start_s = time.perf_counter() - started
        progress(f"bench: cold start {cold_start_s:.2f} s")
        # the callbacks are timed once the server's warm-up is over: the pages it renders in the
        # background in its first seconds would otherwise share the machine with the first calls
        # timed, the overview's (its p95 at 10 million was 79 ms in one run, 159 in the next)
        warm_up_s = _wait_for_warm_up(log_path, server, started)
        progress(f"bench: warm-up over {warm_up_s:.2f} s after start")
        callbacks = {}
        sections = _section_requests(url)
        for page, searches in _page_requests(path, calls).items():
            figures = callbacks.setdefault(page, CallbackFigures(page))
            for path_and_search in searches:
                pathname, _, search = path_and_search.partition("?")
                seconds, payload = _render(url, pathname, "?" + search if search else "")
                figures.times_ms.append(seconds * 1000)
                figures.sizes.append(len(payload))
                if page in SECTION_STORES:
                    stored = _stored_value(json.loads(payload), SECTION_STORES[page])
                for name, request in sections.get(page, {}).items():
                    seconds, size = _post(url, _with_input(request, stored))
                    section = callbacks.setdefault(name, CallbackFigures(name))
                    section.times_ms.append(seconds * 1000)
                    section.sizes.append(size)
        clicks = callbacks.setdefault("/map: click a country", CallbackFigures("map click"))
        for search, country in _map_clicks(path, calls):
            seconds, size = _click_country(url, search, country)
            clicks.times_ms.append(seconds * 1000)
            clicks.sizes.append(size)
        rss_mb = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    summaries = {name: figures.summary() for name, figures in callbacks.items()}
    for name, summary in summaries.items():
        progress(
            f"bench: {name:30s} p50 {summary['p50_ms']:7.1f} ms  p95 {summary['p95_ms']:7.1f} ms"
            f"  max {summary['bytes'] / 1000:7.1f} kB"
        )
    progress(f"bench: server peak memory {rss_mb:.0f} MiB")
    return {
        "cold_start_s": round(cold_start_s, 2),
        "warm_up_s": round(warm_up_s, 2),
        "rss_mb": round(rss_mb),
        "callbacks": summaries,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_served(url: str, server: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            lines = log_path.read_text(errors="replace").strip().splitlines() or ["(no output)"]
            raise RuntimeError(
                f"the dashboard server stopped while starting: {lines[-1]} (whole log: {log_path})"
            )
        try:
            urllib.request.urlopen(url + "/_dash-layout", timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the dashboard server did not answer within 60 s") from None
            time.sleep(0.05)


def _wait_for_warm_up(log_path: Path, server: subprocess.Popen, started: float) -> float:
    """Seconds from the server's start to the end of its warm-up (it prints WARMED_UP)."""
    deadline = time.monotonic() + 120
    while WARMED_UP not in (log := log_path.read_text(errors="replace")):
        if WARM_UP_FAILED in log:
            failed = next(line for line in log.splitlines() if WARM_UP_FAILED in line)
            raise RuntimeError(f"the dashboard server's {failed} (log: {log_path})")
        if server.poll() is not None:
            raise RuntimeError(f"the dashboard server stopped while warming up (log: {log_path})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the dashboard server's warm-up took over 120 s (log: {log_path})")
        time.sleep(0.05)
    return time.perf_counter() - started


def _post(url: str, body: dict) -> tuple[float, int]:
    seconds, payload = _post_for_payload(url, body)
    return seconds, len(payload)


def _post_for_payload(url: str, body: dict) -> tuple[float, bytes]:
    request = urllib.request.Request(
        url + "/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        payload = response.read()
    return time.perf_counter() - started, payload


def _render(url: str, pathname: str, search: str) -> tuple[float, bytes]:
    """The router callback Dash pages runs when the URL changes: the page's whole content (or
    its skeleton, for the pages in SECTION_STORES)."""
    return _post_for_payload(url, _render_body(pathname, search))


def _render_body(pathname: str, search: str) -> dict:
    return {
        "output": ".._pages_content.children..._pages_store.data..",
        "outputs": [
            {"id": "_pages_content", "property": "children"},
            {"id": "_pages_store", "property": "data"},
        ],
        "inputs": [
            {"id": "_pages_location", "property": "pathname", "value": pathname},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
        "changedPropIds": ["_pages_location.pathname", "_pages_location.search"],
    }


def _section_requests(url: str) -> dict[str, dict[str, dict]]:
    """Per page of SECTION_STORES, its section callbacks by name, as requests to fill in with
    the stored filters (see _with_input), the way the browser asks when the skeleton arrives."""
    with urllib.request.urlopen(url + "/_dash-dependencies", timeout=60) as response:
        dependencies = json.loads(response.read())
    requests: dict[str, dict[str, dict]] = {}
    for page, store in SECTION_STORES.items():
        for dependency in dependencies:
            if dependency["inputs"] != [{"id": store, "property": "data"}]:
                continue
            outputs = [
                dict(zip(("id", "property"), output.rsplit(".", 1), strict=True))
                for output in dependency["output"].strip(".").split("...")
            ]
            name = outputs[0]["id"].partition("-section-")[2].replace("-", " ")
            requests.setdefault(page, {})[f"{page}: {name}"] = {
                "output": dependency["output"],
                "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": [{"id": store, "property": "data"}],
                "changedPropIds": [],  # an initial call, as when the skeleton arrives
            }
        if page not in requests:
            raise RuntimeError(f"no callback reads {store}: {page}'s sections cannot be timed")
    return requests


def _with_input(request: dict, value) -> dict:
    """A section callback's request with the value of its one input."""
    return {**request, "inputs": [{**request["inputs"][0], "value": value}]}


def _stored_value(response: dict, store_id: str):
    """The data of the store `store_id` in a router response."""
    found = _find_store_data(response, store_id)
    if found is None:
        raise RuntimeError(f"the page sent no {store_id} store: its sections cannot be timed")
    return found


def _find_store_data(tree, store_id: str):
    if isinstance(tree, list):
        for child in tree:
            found = _find_store_data(child, store_id)
            if found is not None:
                return found
    elif isinstance(tree, dict):
        props = tree.get("props")
        if isinstance(props, dict) and props.get("id") == store_id:
            return props.get("data")
        for child in tree.values():
            found = _find_store_data(child, store_id)
            if found is not None:
                return found
    return None


def _click_country(url: str, search: str, country: tuple[str, str]) -> tuple[float, int]:
    return _post(
        url,
        {
            "output": "map-country-partners.children",
            "outputs": {"id": "map-country-partners", "property": "children"},
            "inputs": [
                {
                    "id": "map-choropleth",
                    "property": "clickData",
                    "value": {"points": [{"curveNumber": 0, "customdata": list(country)}]},
                }
            ],
            "changedPropIds": ["map-choropleth.clickData"],
            "state": [{"id": "url", "property": "search", "value": search}],
        },
    )


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# ---------- varied filters


def _warehouse_choices(path: Path) -> dict:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            "schools": [r[0] for r in con.execute("select school_id from schools").fetchall()],
            "years": [
                r[0]
                for r in con.execute(
                    "select distinct academic_year from mobilities order by 1"
                ).fetchall()
            ],
            "partners": [
                r[0]
                for r in con.execute(
                    "select partner_id from mobilities group by 1 order by count(*) desc limit 50"
                ).fetchall()
            ],
            "countries": con.execute(
                "select p.country_iso2, c.country_name from mobilities m "
                "join partners p using (partner_id) join countries c using (country_iso2) "
                "group by all order by count(*) desc limit 30"
            ).fetchall(),
        }


def varied_filters(path: Path, count: int, seed: int = 7) -> list[Filters]:
    """`count` filter combinations as users set them: mostly one or two schools, a span of years,
    sometimes a direction, an activity or a region, in either language."""
    choices = _warehouse_choices(path)
    rng = random.Random(seed)
    years = choices["years"]
    combos = [Filters()]  # the page as it opens
    while len(combos) < count:
        first = rng.randrange(len(years))
        last = rng.randrange(first, len(years))
        combos.append(
            Filters(
                schools=tuple(rng.sample(choices["schools"], rng.choice((0, 1, 1, 2, 3)))),
                year_from=years[first],
                year_to=years[last],
                direction=rng.choice(("all", "all", "outgoing", "incoming")),
                activities=tuple(rng.sample(ACTIVITIES, rng.choice((0, 0, 1, 2)))),
                regions=tuple(rng.sample(REGIONS, rng.choice((0, 0, 0, 1)))),
                lang=rng.choice(("en", "fr")),
            )
        )
    return combos


def _page_requests(path: Path, calls: int) -> dict[str, list[str]]:
    partners = _warehouse_choices(path)["partners"]
    combos = varied_filters(path, calls)
    return {
        page: [
            page.format(partner_id=partners[i % len(partners)]) + filters.to_query()
            for i, filters in enumerate(combos)
        ]
        for page in PAGES
    }


def _map_clicks(path: Path, calls: int) -> list[tuple[str, tuple[str, str]]]:
    countries = _warehouse_choices(path)["countries"]
    return [
        (filters.to_query(), countries[i % len(countries)])
        for i, filters in enumerate(varied_filters(path, calls))
    ]


# ---------- the pandas baseline


def _check_baseline_installed() -> None:
    """pandas is the baseline's only: an optional extra, said in one line when it is missing."""
    if importlib.util.find_spec("pandas") is None:
        raise WarehouseError("mobility bench needs pandas (its baseline): install mobility[bench]")


def _compare_with_baseline(path: Path, figures: dict, progress) -> dict:
    """Time the same aggregates in pandas and with the product's named queries, check that both
    give the same figures, and relate the two."""
    from benchmarks import baseline  # pandas: the bench extra

    started = time.perf_counter()
    frame = baseline.load(path)
    load_s = time.perf_counter() - started
    combos = varied_filters(path, 10, seed=11)
    partners = _warehouse_choices(path)["partners"]
    years = _warehouse_choices(path)["years"]
    os.environ["MOBILITY_DB"] = str(path)  # the product's queries, in this process
    pages = {}
    try:
        for page, name in BASELINE_PAGES.items():
            pandas_ms, product_ms = [], []
            for i, filters in enumerate(combos):
                filters = filters.with_years(years)
                partner_id = partners[i % len(partners)]
                started = time.perf_counter()
                expected = baseline.PAGES[name](frame, filters, partner_id)
                pandas_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                actual = baseline.product(name, filters, partner_id)
                product_ms.append((time.perf_counter() - started) * 1000)
                baseline.assert_same(name, expected, actual)
            pages[page] = {
                "pandas_p50_ms": round(statistics.median(pandas_ms), 1),
                "product_queries_p50_ms": round(statistics.median(product_ms), 1),
                "ratio": round(statistics.median(pandas_ms) / statistics.median(product_ms), 1),
            }
    finally:
        os.environ.pop("MOBILITY_DB", None)
    ratio = statistics.median(page["ratio"] for page in pages.values())
    for page, figures_of_page in pages.items():
        progress(f"bench: baseline {page:24s} {figures_of_page}")
    progress(f"bench: pandas / product, median over pages: {ratio:.1f}× (same figures checked)")
    return {"load_s": round(load_s, 1), "pages": pages, "ratio_median": round(ratio, 1)}


def clean(work_dir: Path) -> None:
    shutil.rmtree(work_dir, ignore_errors=True)


TARGETS = {"p95_ms": 150, "bytes": CALLBACK_BYTES_LIMIT, "baseline_ratio": 10, "cold_start_s": 5,
           "rss_mb": 2048, "csv_1m_s": 10, "ec_statistics_s": 30}  # fmt: skip


def format_table(results: dict) -> str:
    """The figures as a plain-text table, with the targets they are held to."""
    lines = []
    machine = results["machine"]
    lines.append(
        f"machine: {machine['cores']} cores, {machine['memory_gb']} GiB, Python "
        f"{machine['python']}, DuckDB {machine['duckdb']}"
    )
    imports = results["imports"]
    for name, label, target in (
        ()
        if not imports
        else (
            ("csv_1m", "import 1,000,000 CSV rows", TARGETS["csv_1m_s"]),
            ("ec_statistics", "import the 50 EC parts", TARGETS["ec_statistics_s"]),
        )
    ):
        figures = imports.get(name, {})
        if "rows_per_s" in figures:
            verdict = "ok" if figures["seconds"] <= target else f"MISSED (target {target} s)"
            lines.append(
                f"{label}: {figures['seconds']} s, {figures['rows_per_s']:,} rows/s  {verdict}"
            )
        else:
            lines.append(f"{label}: {figures.get('failed') or figures.get('skipped')}")
    for size, figures in results["sizes"].items():
        lines.append("")
        lines.append(
            f"{int(size):,} mobilities: cold start {figures['cold_start_s']} s (warm-up over "
            f"after {figures['warm_up_s']} s), server peak {figures['rss_mb']} MiB, "
            f"pandas / product {figures['baseline_ratio']}×"
        )
        lines.append(f"  {'callback':30s} {'p50 ms':>8s} {'p95 ms':>8s} {'max kB':>8s}")
        for name, callback in figures["callbacks"].items():
            flag = ""
            if callback["p95_ms"] > TARGETS["p95_ms"]:
                flag += "  p95 over 150 ms"
            if callback["bytes"] > TARGETS["bytes"]:
                flag += "  over 1 MB"
            lines.append(
                f"  {name:30s} {callback['p50_ms']:8.1f} {callback['p95_ms']:8.1f} "
                f"{callback['bytes'] / 1000:8.1f}{flag}"
            )
    return "\n".join(lines)


def main(sizes: list[int], json_path: Path | None, work_dir: Path, calls: int) -> dict:
    results = run(sizes, work_dir, calls)
    print()
    print(format_table(results))
    if json_path:
        json_path.write_text(json.dumps(results, indent=2) + "\n")
        print(f"\nfigures written to {json_path}")
    return results
