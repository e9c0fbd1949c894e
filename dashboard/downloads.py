"""CSV and Excel downloads of every table and of the data behind every chart.

`/download/<name>.csv?<filters>` and `/download/<name>.xlsx?<filters>` run the data function
registered under <name> with the filters of the query string, so a download is exactly what
the page shows and can be recounted from the warehouse.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import flask
import polars as pl

from dashboard import auth, data
from dashboard.filters import Filters
from warehouse import exports

DOWNLOADS: dict[str, Callable[[Filters], pl.DataFrame]] = {}


def downloadable(name: str):
    """Register a function (filters -> DataFrame) as the download `name`."""

    def register(function: Callable[[Filters], pl.DataFrame]):
        DOWNLOADS[name] = function
        return function

    return register


def href(name: str, file_format: str, filters: Filters, **extra: str) -> str:
    """The link that downloads `name` under `filters`."""
    return f"/download/{name}.{file_format}{filters.to_query(**extra)}"


def install(server: flask.Flask) -> None:
    """Add the /download route to the dashboard's Flask server."""

    @server.route("/download/<name>.<file_format>")
    def download(name: str, file_format: str):
        if name not in DOWNLOADS or file_format not in {"csv", "xlsx"}:
            flask.abort(404)
        years = data.academic_years()["academic_year"].to_list()
        asked = Filters.from_query(flask.request.args.to_dict()).with_years(years)
        filters = auth.visible(asked)
        frame = auth.downloaded(f"{name}.{file_format}", filters, DOWNLOADS[name])
        buffer = io.BytesIO()
        if file_format == "csv":
            exports.write_csv(frame, buffer)  # no cell runs as a formula in a spreadsheet
            mimetype = "text/csv"
        else:
            exports.write_workbook(buffer, [(name, frame)])  # strings stay strings
            mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return flask.send_file(
            io.BytesIO(buffer.getvalue()),
            mimetype=mimetype,
            as_attachment=True,
            download_name=f"{name}.{file_format}",
        )
