"""`mobility bench`: in a checkout only (the benchmarks are not part of the installed package)."""

from __future__ import annotations

from pathlib import Path

import click

from mobility.main import cli, fails_cleanly


@cli.command()
@click.option(
    "--sizes",
    default="100000,1000000,10000000",
    show_default=True,
    help="Mobilities in each synthetic warehouse, comma-separated.",
)
@click.option(
    "--json", "json_path", type=click.Path(path_type=Path), help="Write the figures here."
)
@click.option(
    "--work-dir",
    type=click.Path(path_type=Path),
    default=Path("mobility-bench"),
    show_default=True,
    help="Where the synthetic warehouses and files go (several GB at 10 million).",
)
@click.option("--calls", default=30, show_default=True, help="Calls per callback, filters varied.")
@click.option(
    "--load", is_flag=True,
    help="Instead: simulated users against the production server while 1M rows are imported.",
)  # fmt: skip
@click.option("--users", default=50, show_default=True, type=click.IntRange(1, 500),
              help="--load: simulated users.")  # fmt: skip
@click.option("--duration", default=60, show_default=True, type=click.IntRange(5, 3600),
              help="--load: seconds of load (more until the import swaps in).")  # fmt: skip
@click.option(
    "--browser", is_flag=True,
    help="Instead: time each page to fully drawn in headless Chromium, first visit, warm visit "
    "and a filter change.",
)  # fmt: skip
@click.option("--repeat", default=10, show_default=True, type=click.IntRange(1, 1000),
              help="--browser: times each page is opened.")  # fmt: skip
@click.option("--workers", type=click.IntRange(min=1),
              help="--load, --browser: server processes.")  # fmt: skip
@click.option("--threads", default=8, show_default=True, type=click.IntRange(min=1),
              help="--load, --browser: threads per server process.")  # fmt: skip
@fails_cleanly
def bench(
    sizes: str, json_path: Path | None, work_dir: Path, calls: int, load: bool, users: int,
    duration: int, browser: bool, repeat: int, workers: int | None, threads: int,
) -> None:  # fmt: skip
    """Measure imports, cold start, memory and every page's callbacks on synthetic warehouses.

    Builds deterministic synthetic warehouses (every row marked synthetic), imports a 1-million
    row CSV and the EC statistics when ../shared/data has them, starts the real dashboard and
    times each page through Dash's HTTP endpoint, and compares with a pandas baseline computing
    the same figures. Takes about ten minutes with the default sizes.

    With --load: on a synthetic warehouse of the first of --sizes, USERS simulated users open
    pages (each page as Dash asks for it: HTML, layout, callbacks) on the production server,
    on 127.0.0.1, for DURATION seconds, while a 1-million-row import swaps in; prints
    requests, failures and p50/p95 per page.

    With --browser: for each of --sizes (a synthetic warehouse of that generator version already
    in --work-dir is reused), the production server on 127.0.0.1 and headless Chromium open every
    page REPEAT times: a first visit (empty cache), a warm visit and a filter change, each timed
    until the page is fully drawn (no callback pending, no loading sign, every chart drawn);
    prints p50/p95 per page and size.
    """
    try:
        counts = [int(size.replace("_", "")) for size in sizes.split(",") if size.strip()]
    except ValueError:
        raise click.BadParameter(
            f"{sizes!r}: sizes are whole numbers, e.g. 100000,1000000"
        ) from None
    if load:
        from benchmarks import load as load_test  # it starts the dashboard

        load_test.main(
            work_dir, json_path, users=users, duration=duration, size=counts[0],
            workers=workers, threads=threads,
        )  # fmt: skip
        return
    if browser:
        from benchmarks import browser as browser_test  # it starts the dashboard and Chromium

        browser_test.main(
            counts, json_path, work_dir, repeat=repeat, workers=workers, threads=threads
        )
        return
    from benchmarks import run  # not part of the warehouse: it starts the dashboard

    run.main(counts, json_path, work_dir, calls)
