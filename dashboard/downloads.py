"""CSV and Excel downloads of every table and of the data behind every chart, and the
management report.

`/download/<name>.csv?<filters>` and `/download/<name>.xlsx?<filters>` run the data function
registered under <name> with the filters of the query string, so a download is exactly what
the page shows and can be recounted from the warehouse.

`/report/management.pdf?<filters>` is `mobility report management` for the first selected
school (else every school the user sees) and the last year of the range, in the page's
language, as the user may see it.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import flask
import polars as pl

from dashboard import auth, data
from dashboard.filters import Filters
from warehouse import exports, management_report

DOWNLOADS: dict[str, Callable[[Filters], pl.DataFrame]] = {}


def downloadable(name: str):
    """Register a function (filters -> DataFrame) as the download `name`."""

    def register(function: Callable[[Filters], pl.DataFrame]):
        DOWNLOADS[name] = function
        return function

    return register


def report_href(filters: Filters) -> str:
    """The link that downloads the management report under `filters`."""
    return f"/report/management.pdf{filters.to_query()}"


def report_file_name(filters: Filters) -> str:
    """The file the management report under `filters` is saved as."""
    school = filters.schools[0] if filters.schools else None
    return management_report.file_name(school, filters.year_to or "")


def href(name: str, file_format: str, filters: Filters, **extra: str) -> str:
    """The link that downloads `name` under `filters`."""
    return f"/download/{name}.{file_format}{filters.to_query(**extra)}"


def install(server: flask.Flask) -> None:
    """Add the /download and /report routes to the dashboard's Flask server."""

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

    @server.route("/report/management.pdf")
    def report():
        years = data.academic_years()["academic_year"].to_list()
        asked = Filters.from_query(flask.request.args.to_dict()).with_years(years)
        filters = auth.visible(asked)
        if filters.year_to is None:
            flask.abort(404)
        schools = filters.schools[:1]
        scope = auth.current_scope()
        name = report_file_name(filters)
        try:
            pdf = auth.delivered(
                name,
                lambda: management_report.report_bytes(
                    schools, filters.year_to, filters.lang, scope=scope,
                    year_from=filters.year_from,
                ),
            )  # fmt: skip
        except management_report.ReportError as error:
            flask.abort(404, str(error))
        return flask.send_file(
            io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True, download_name=name
        )
