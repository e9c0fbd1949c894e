"""Mobility lists, column-wise: they run to a million rows.

Each reader of a cell (a date, a direction, a country…) runs once per distinct value of its
column, and the rows take their results by a join (cells.per_value); the rejected rows are then
written one by one, with their text masked (pseudonyms.masked_text).
"""

from __future__ import annotations

import functools

import polars as pl

from warehouse.codes import normalise_erasmus_code
from warehouse.importers.result import ParsedFile
from warehouse.importers.spreadsheets.cells import (
    academic_year_or_reason,
    attempted,
    dated,
    duration_or_reason,
    erasmus_action,
    is_total_row,
    per_value,
    read_activities,
    read_country,
    read_direction,
    yes_no,
)
from warehouse.importers.spreadsheets.headers import FIELDS_MOBILITIES, Columns
from warehouse.importers.spreadsheets.pseudonyms import masked_text, pseudonym
from warehouse.importers.spreadsheets.tables import Body, shape_reason


def read_mobilities(body: Body, columns: Columns, parsed: ParsedFile, key: bytes) -> None:
    """The raw mobilities of a mobility list; names and e-mails were never read, student ids
    are pseudonymised.

    Column-wise: each reader of a cell (a date, a direction, a country…) runs once per distinct
    value, then the rows take their results by a join. A row is rejected for the first check it
    fails, in this order: total row, shape, partner name, country, direction, start date, end
    date, dates reversed, academic year, duration.
    """
    width = columns.width

    def cell(field: str) -> pl.Expr:
        index = columns.fields.get(field)
        return (pl.col(f"c{index}") if index is not None else pl.lit("")).alias(field)

    rows = body.frame.select("line", "extra", "first", *map(cell, FIELDS_MOBILITIES))
    rows = rows.with_columns(is_total=is_total_row(pl.col("first"), rows["first"]))
    rows = per_value(rows, ["erasmus_code"], normalise_erasmus_code, {"code": pl.String})
    rows = rows.with_columns(
        name=pl.when(pl.col("partner_name") != "").then("partner_name").otherwise("code")
    )
    rows = per_value(
        rows, ["country", "code"], attempted(read_country, 2),
        {"iso2": pl.String, "country_note": pl.String, "country_reason": pl.String},
    )  # fmt: skip
    rows = per_value(
        rows, ["direction"], attempted(read_direction, 1),
        {"direction_read": pl.String, "direction_reason": pl.String},
    )  # fmt: skip
    for end in ("start", "end"):
        rows = per_value(
            rows, [f"{end}_date"], attempted(functools.partial(dated, what=f"{end} date"), 2),
            {f"{end}": pl.Date, f"{end}_text": pl.String, f"{end}_reason": pl.String},
        )  # fmt: skip
    rows = per_value(
        rows, ["academic_year"], academic_year_or_reason,
        {"year_of_cell": pl.String, "year_reason": pl.String},
    )  # fmt: skip
    rows = per_value(
        rows, ["duration_months"], duration_or_reason,
        {"duration": pl.Float64, "duration_reason": pl.String},
    )  # fmt: skip
    reason = pl.coalesce(
        pl.when("is_total").then(pl.lit("total row")),
        shape_reason(pl.col("extra"), width),
        pl.when(pl.col("name").is_null()).then(pl.lit("no partner name")),
        "country_reason",
        "direction_reason",
        "start_reason",
        "end_reason",
        pl.when(pl.col("end") < pl.col("start")).then(
            pl.format("end date {} before start date {}", "end_text", "start_text")
        ),
        "year_reason",
        pl.when(pl.col("academic_year") == "", pl.col("start").is_null()).then(
            pl.lit("no academic year and no start date")
        ),
        "duration_reason",
    )
    # The year a start date falls in: an academic year runs from 1 August.
    start_year = pl.col("start").dt.year() - (pl.col("start").dt.month() < 8).cast(pl.Int32)
    rows = rows.with_columns(
        reason=reason,
        year=pl.when(pl.col("academic_year") != "")
        .then("year_of_cell")
        .otherwise(pl.format("{}-{}", start_year, start_year + 1)),
    )
    rows = rows.with_columns(
        # the country is read (and its note written) once name, shape and total checks pass
        reached_country=~pl.col("is_total") & (pl.col("extra") == 0) & pl.col("name").is_not_null()
    )
    _reject_rows(rows.filter(pl.col("reason").is_not_null()), body, columns, parsed, key)
    accepted = rows.filter(pl.col("reason").is_null())
    accepted = per_value(
        accepted, ["student_id"], lambda student: pseudonym(student, key) if student else None,
        {"participant_id": pl.String},
    )  # fmt: skip
    accepted = per_value(
        accepted, ["activity", "erasmus_activity"], read_activities,
        {"activity_read": pl.String, "erasmus_activity_read": pl.String,
         "activity_note": pl.String},
    )  # fmt: skip
    flags = {
        "is_blended": "blended",
        "is_green_travel": "green travel",
        "has_fewer_opportunities": "fewer opportunities",
    }
    for field, what in flags.items():
        accepted = per_value(
            accepted, [field], functools.partial(yes_no, what=what),
            {f"{field}_read": pl.Boolean, f"{field}_note": pl.String},
        )  # fmt: skip
    accepted = per_value(
        accepted, ["erasmus_action"], erasmus_action,
        {"erasmus_action_read": pl.String, "erasmus_action_note": pl.String},
    )  # fmt: skip

    def text_or_null(field: str) -> pl.Expr:
        return pl.when(pl.col(field) != "").then(field).alias(field)

    parsed.mobilities = accepted.select(
        line_number="line",
        partner_name="name",
        partner_country_iso2="iso2",
        partner_erasmus_code="code",
        direction="direction_read",
        academic_year="year",
        start_date="start",
        end_date="end",
        duration_months="duration",
        activity="activity_read",
        level=text_or_null("level"),
        field=text_or_null("field"),
        funding=text_or_null("funding"),
        participant_id="participant_id",
        is_blended="is_blended_read",
        is_green_travel="is_green_travel_read",
        has_fewer_opportunities="has_fewer_opportunities_read",
        erasmus_activity="erasmus_activity_read",
        erasmus_action="erasmus_action_read",
    )
    parsed.accept(accepted.height)
    # Notes in the order the rows were read: the country's when it was reached, the others on
    # accepted rows only (they are read after every check).
    notes = pl.concat(
        [
            rows.filter("reached_country").select("line", order=0, note="country_note"),
            *(
                accepted.select("line", order=pl.lit(order), note=note)
                for order, note in enumerate(
                    ["activity_note", *(f"{field}_note" for field in flags), "erasmus_action_note"],
                    start=1,
                )
            ),
        ]  # fmt: skip
    )
    notes = notes.filter(pl.col("note").is_not_null()).sort("line", "order")
    parsed.notes.extend(
        f"line {line}: {note}" for line, note in notes.select("line", "note").iter_rows()
    )


def _reject_rows(
    rejected: pl.DataFrame, body: Body, columns: Columns, parsed: ParsedFile, key: bytes
) -> None:
    for line, reason in rejected.select("line", "reason").iter_rows():
        row = body.row(line)
        parsed.reject(line, reason, masked_text(row, columns, body.delimiter, key))
