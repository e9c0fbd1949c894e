"""The management report's pages: fpdf2 layout of the figures, words and charts."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import polars as pl

from warehouse import settings
from warehouse.management_report import (
    CONTENT,
    COUNTRY_LIMIT,
    DD_PARTNER_LIMIT,
    MARGIN,
    PAGE_WIDTH,
    Figures,
    Words,
    hidden_counts,
)
from warehouse.management_report.charts import (
    EUROPE_VIEW,
    WORLD_VIEW,
    map_chart,
    stay_chart,
    trend_chart,
)

INK, MUTED, ACCENT, LIGHT = (31, 41, 51), (96, 108, 118), (0, 90, 156), (238, 242, 246)
GOOD, BAD = (0, 122, 77), (190, 40, 40)
WARNING_FILL, WARNING_INK = (255, 236, 200), (120, 70, 0)

# ---------- layout


def _font_dir() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _document_class():
    from fpdf import FPDF

    class Document(FPDF):
        def __init__(self, figures: Figures, t: Words, today: dt.date) -> None:
            super().__init__(orientation="P", unit="mm", format="A4")
            self.figures, self.t, self.today = figures, t, today
            fonts = _font_dir()
            self.add_font("Sans", "", str(fonts / "DejaVuSans.ttf"))
            self.add_font("Sans", "B", str(fonts / "DejaVuSans-Bold.ttf"))
            self.set_margins(MARGIN, MARGIN, MARGIN)
            self.set_auto_page_break(True, margin=18)
            self.set_title(self.t("Management report"))
            self.set_creator("mobility")
            self.set_creation_date(dt.datetime.combine(today, dt.time(), dt.UTC))
            self.alias_nb_pages()

        # every page: what it is, and where its figures come from
        def header(self):
            if self.page_no() == 1:
                return
            self.set_font("Sans", "", 8)
            self.set_text_color(*MUTED)
            self.cell(0, 5, self._title_line(), align="L")
            self.ln(8)

        def footer(self):
            self.set_y(-14)
            self.set_draw_color(*LIGHT)
            self.line(MARGIN, self.get_y(), PAGE_WIDTH - MARGIN, self.get_y())
            self.set_font("Sans", "", 7)
            self.set_text_color(*MUTED)
            self.cell(CONTENT - 20, 6, self._source_line(), align="L")
            self.cell(20, 6, f"{self.page_no()}/{{nb}}", align="R")

        def _title_line(self) -> str:
            t, f = self.t, self.figures
            school = f.school_name or t("All schools")
            return t("Management report · {school} · {year}", school=school, year=f.year)

        def _source_line(self) -> str:
            t, status = self.t, self.figures.status
            last = status["last_import_at"]
            when = format(last, "%Y-%m-%d %H:%M") if last else t("no import yet")
            line = t(
                "Source: mobility, warehouse {file}, last import {when}",
                file=settings.db_path().name,
                when=when,
            )
            if self.figures.is_synthetic:
                line += " · " + t("includes synthetic data")
            return line

        # ---------- page 1: headline figures and trend
        def cover(self):
            t, f = self.t, self.figures
            self.add_page()
            self.set_fill_color(*ACCENT)
            self.rect(0, 0, PAGE_WIDTH, 38, style="F")
            self.set_text_color(255, 255, 255)
            self.set_xy(MARGIN, 9)
            self.set_font("Sans", "B", 20)
            self.cell(0, 9, t("Management report"), new_x="LMARGIN", new_y="NEXT")
            self.set_font("Sans", "", 12)
            self.cell(0, 7, f.school_name or t("All schools"), new_x="LMARGIN", new_y="NEXT")
            self.set_font("Sans", "", 9)
            self.cell(
                0, 6,
                t("Academic year {year} · generated on {date}", year=f.year,
                  date=t.date(self.today)),
            )  # fmt: skip
            self.set_y(44)
            if f.is_synthetic:
                self._warning(
                    t(
                        "Synthetic data: this warehouse includes generated rows (the demo or "
                        "test data). Do not use these figures as real ones."
                    )
                )
            if f.is_viewer:
                self._note(t("Counts below 5 per partner or per country are shown as “< 5”."))
            self._section(t("Headline figures, {year}", year=f.year))
            self._note(
                t(
                    "Each figure is for {year}, compared with {previous}. Agreements: active "
                    "in the year; students: mobilities starting in the year.",
                    year=f.year,
                    previous=f.previous,
                )
            )
            self._headline_cards()
            self._section(
                t("Outgoing and incoming students, {first} to {last}", first=f.year_from,
                  last=f.year)
            )  # fmt: skip
            self._image(trend_chart(f, t), CONTENT, 62)
            self._section(t("Management indicators, {year}", year=f.year))
            self._key_figures(self._indicator_lines())

        def _headline_cards(self):
            t, f = self.t, self.figures
            a, m = f.agreements, f.mobilities
            cards = [
                (t("Active agreements"), a, "count_active_agreements", 0, True),
                (t("Partners"), a, "count_partners", 0, True),
                (t("Countries"), a, "count_countries", 0, True),
                (t("Outgoing students"), m, "count_outgoing", 0, True),
                (t("Incoming students"), m, "count_incoming", 0, True),
                (t("Balance (in − out)"), m, "balance", 0, None),
                (t("Double-degree students"), m, "count_double_degree", 0, True),
                (t("Mobility months"), m, "sum_months", 1, True),
            ]
            width, height, gap = (CONTENT - 3 * 3) / 4, 24, 3
            top = self.get_y()
            for index, (label, rows, key, decimals, up_is_good) in enumerate(cards):
                x = MARGIN + (index % 4) * (width + gap)
                y = top + (index // 4) * (height + gap)
                now, before = rows[f.year][key], rows[f.previous][key]
                self._card(x, y, width, height, label, now, before, decimals, up_is_good)
            self.set_y(top + 2 * height + gap + 4)

        def _card(self, x, y, width, height, label, now, before, decimals, up_is_good):
            t = self.t
            self.set_fill_color(*LIGHT)
            self.rect(x, y, width, height, style="F")
            self.set_xy(x + 3, y + 2)
            self.set_font("Sans", "", 7.5)
            self.set_text_color(*MUTED)
            self.cell(width - 6, 4, label)
            self.set_xy(x + 3, y + 7)
            self.set_font("Sans", "B", 16)
            self.set_text_color(*INK)
            self.cell(width - 6, 8, t.number(now, decimals))
            change = now - before
            colour = MUTED
            if change and up_is_good is not None:
                colour = GOOD if (change > 0) == up_is_good else BAD
            self.set_xy(x + 3, y + 16)
            self.set_font("Sans", "B", 7)
            self.set_text_color(*colour)
            # a share of a negative base (a balance) says nothing
            relative = (
                f" ({t.signed(round(100 * change / before, 1), 1)}\u00a0%)" if before > 0 else ""
            )
            self.cell(
                width - 6, 4,
                t("{change}{relative} vs {previous}", change=t.signed(change, decimals),
                  relative=relative, previous=t.number(before, decimals)),
            )  # fmt: skip

        # ---------- page 2: partners and flows by country
        def map_page(self):
            t, f = self.t, self.figures
            self.add_page()
            self._section(t("Partners and flows by country, {year}", year=f.year))
            self._note(
                t(
                    "Colour: partners with an agreement active in {year}. Stars: home schools. "
                    "The table gives the countries with most students in {year}, both ways.",
                    year=f.year,
                )
            )
            self._image(map_chart(f, t, WORLD_VIEW, CONTENT, 88), CONTENT, 88)
            self._image(map_chart(f, t, EUROPE_VIEW, CONTENT, 72, legend=True), CONTENT, 72)
            self._country_table()

        def _country_table(self):
            t, f = self.t, self.figures
            name = "country_name_fr" if t.lang == "fr" else "country_name"
            rows = f.countries.with_columns(
                _total=pl.col("count_outgoing").cast(pl.Int64, strict=False).fill_null(0)
                + pl.col("count_incoming").cast(pl.Int64, strict=False).fill_null(0)
            )
            rows = rows.sort(["_total", "count_partners", name], descending=[True, True, False])
            rows = rows.filter(pl.col("_total") > 0).head(COUNTRY_LIMIT)
            if rows.is_empty():
                self._note(t("No mobility in {year}.", year=f.year))
                return
            self._table(
                [t("Country"), t("Partners"), t("Outgoing"), t("Incoming"), t("Balance")],
                [
                    (
                        r[name] or t("Unknown country"),
                        t.number(r["count_partners"]),
                        t.number(r["count_outgoing"]),
                        t.number(r["count_incoming"]),
                        t.signed(r["balance"]),
                    )
                    for r in rows.iter_rows(named=True)
                ],  # fmt: skip
                [0.44, 0.14, 0.14, 0.14, 0.14],
            )

        # ---------- page 3: the management indicators
        def indicators_page(self):
            t, f = self.t, self.figures
            self.add_page()
            self._section(t("Partners and double degrees, {year}", year=f.year))
            self._balance_table()
            self._double_degrees()
            self._compulsory_stay()

        def _indicator_lines(self) -> list[tuple[str, str, str]]:
            """The /indicators page's headline cards: label, figure, what it counts."""
            t, f = self.t, self.figures
            use = f.use
            active = int(use["count_agreements"].sum()) if not use.is_empty() else 0

            def state(name: str) -> int:
                rows = use.filter(pl.col("use_state") == name)
                return int(rows["count_agreements"].sum()) if not rows.is_empty() else 0

            used, no_flow = state("used"), state("no_flow_3_years")
            quota = _quota_totals(f.quotas, f.year)
            first = f"{int(f.year[:4]) - 2}-{int(f.year[:4]) - 1}"
            lines = [
                (t("Agreements used in {year}", year=f.year),
                 t.percent(round(100 * used / active, 1) if active else None),
                 t("{used} of the {active} active agreements", used=t.number(used),
                   active=t.number(active))),
                (t("No flow for 3 years"), t.number(no_flow),
                 t("active agreements without a mobility since {first}", first=first)),
                (t("Ending within a year"), t.number(f.ending.height), t("agreements to renew")),
                (t("Quota places used in {year}", year=f.year), t.percent(quota["percent"]),
                 t("{realised} mobilities for {quota} places",
                   realised=t.number(quota["realised"]), quota=t.number(quota["quota"]))
                 if quota["quota"] else t("no known quota")),
            ]  # fmt: skip
            cohort = _latest_cohort(f.cohorts)
            if cohort is not None:
                year = cohort["graduation_year"]
                lines += [
                    (t("Compulsory stay, {cohort} graduates", cohort=year),
                     t.percent(cohort["percent_meeting_school_rule"]),
                     t("of {count}, at least {months} months abroad",
                       count=t.number(cohort["count_graduates"]),
                       months=format(cohort["school_rule_max_months"] or 0, "g"))),
                    (t("EU benchmark, {cohort} graduates", cohort=year),
                     t.percent(cohort["percent_meeting_eu_benchmark"]),
                     t("3 months or 15 ECTS abroad; EU target {target} %",
                       target=format(cohort["percent_eu_target"] or 0, "g"))),
                ]  # fmt: skip
            return lines

        def _key_figures(self, lines):
            label_w, value_w = CONTENT * 0.36, CONTENT * 0.14
            for label, value, note in lines:
                self.set_font("Sans", "", 9)
                self.set_text_color(*INK)
                self.cell(label_w, 7, label, border="B")
                self.set_font("Sans", "B", 10)
                self.cell(value_w, 7, value, border="B", align="R")
                self.set_font("Sans", "", 8)
                self.set_text_color(*MUTED)
                self.cell(
                    CONTENT - label_w - value_w, 7, "  " + note, border="B",
                    new_x="LMARGIN", new_y="NEXT",
                )  # fmt: skip
            self.ln(3)

        def _balance_table(self):
            t, f = self.t, self.figures
            self._subsection(t("Partners most out of balance, {year}", year=f.year))
            if f.balance.is_empty():
                self._note(t("No mobility in {year}.", year=f.year))
                return
            name = "country_name_fr" if t.lang == "fr" else "country_name"
            self._table(
                [t("Partner"), t("Country"), t("Outgoing"), t("Incoming"), t("Balance")],
                [
                    (
                        r["partner_name"],
                        r[name] or "",
                        t.number(r["count_outgoing"]),
                        t.number(r["count_incoming"]),
                        t.signed(r["balance"]),
                    )
                    for r in f.balance.iter_rows(named=True)
                ],  # fmt: skip
                [0.46, 0.18, 0.12, 0.12, 0.12],
            )

        def _double_degrees(self):
            t, f = self.t, self.figures
            pipeline = f.double_degrees
            self._subsection(t("Double degrees, {year}", year=f.year))
            if pipeline.is_empty():
                self._note(t("No double-degree student in {year}.", year=f.year))
                return
            leaving = int(pipeline["count_leaving"].sum())
            arriving = int(pipeline["count_arriving"].sum())
            self._note(
                t(
                    "{leaving} students leaving and {arriving} arriving, with {partners} partners.",
                    leaving=t.number(leaving),
                    arriving=t.number(arriving),
                    partners=t.number(pipeline["partner_id"].n_unique()),
                )
            )
            top = (
                pipeline.group_by("partner_id", "partner_name")
                .agg(
                    pl.col("count_leaving").sum(),
                    pl.col("count_arriving").sum(),
                    pl.col("count_students").sum(),
                )  # fmt: skip
                .sort(["count_students", "partner_name"], descending=[True, False])
                .head(DD_PARTNER_LIMIT)
            )
            if f.is_viewer:
                top = hidden_counts(top)
            self._table(
                [t("Partner"), t("Leaving"), t("Arriving")],
                [
                    (r["partner_name"], t.number(r["count_leaving"]), t.number(r["count_arriving"]))
                    for r in top.iter_rows(named=True)
                ],  # fmt: skip
                [0.64, 0.18, 0.18],
            )

        def _compulsory_stay(self):
            t, f = self.t, self.figures
            totals = f.cohorts.filter(pl.col("school_id").is_null()).sort("graduation_year")
            self._subsection(t("Compulsory stay abroad"))
            if totals.is_empty():
                self._note(t("no graduate cohort in this range"))
                return
            last = _latest_cohort(f.cohorts)
            self._note(
                t(
                    "{cohort} graduates ({count}): {school} % spent at least {months} months "
                    "abroad (the school's rule); {eu} % met the EU benchmark (3 months or 15 "
                    "ECTS abroad), against the EU target of {target} %.",
                    cohort=last["graduation_year"],
                    count=t.number(last["count_graduates"]),
                    school=t.number(last["percent_meeting_school_rule"], 1),
                    months=format(last["school_rule_max_months"] or 0, "g"),
                    eu=t.number(last["percent_meeting_eu_benchmark"], 1),
                    target=format(last["percent_eu_target"] or 0, "g"),
                )
            )
            self._image(stay_chart(totals, t), CONTENT, 58)

        # ---------- pieces
        def _section(self, text: str):
            self.ln(2)
            self.set_font("Sans", "B", 13)
            self.set_text_color(*ACCENT)
            self.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")

        def _subsection(self, text: str):
            if self.get_y() > 250:
                self.add_page()
            self.ln(1)
            self.set_font("Sans", "B", 10.5)
            self.set_text_color(*INK)
            self.cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

        def _note(self, text: str):
            self.set_font("Sans", "", 8.5)
            self.set_text_color(*MUTED)
            self.multi_cell(0, 4.5, text, new_x="LMARGIN", new_y="NEXT")
            self.ln(1.5)

        def _warning(self, text: str):
            self.set_fill_color(*WARNING_FILL)
            self.set_text_color(*WARNING_INK)
            self.set_font("Sans", "B", 9)
            self.multi_cell(0, 5.5, text, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT")
            self.ln(2)

        def _table(self, headers, rows, widths):
            widths = [CONTENT * w for w in widths]
            self.set_font("Sans", "B", 8)
            self.set_text_color(255, 255, 255)
            self.set_fill_color(*ACCENT)
            for index, (header, width) in enumerate(zip(headers, widths, strict=True)):
                self.cell(width, 6, header, fill=True, align="L" if index == 0 else "R")
            self.ln()
            self.set_font("Sans", "", 8)
            self.set_text_color(*INK)
            for number, row in enumerate(rows):
                self.set_fill_color(*(LIGHT if number % 2 else (255, 255, 255)))
                for index, (value, width) in enumerate(zip(row, widths, strict=True)):
                    text = _fit(self, str(value), width - 2) if index == 0 else str(value)
                    self.cell(width, 5.5, text, fill=True, align="L" if index == 0 else "R")
                self.ln()
            self.ln(3)

        def _image(self, png: bytes, width: float, height: float):
            if self.get_y() + height > 297 - 18:
                self.add_page()
            self.image(io.BytesIO(png), x=MARGIN, y=self.get_y(), w=width, h=height)
            self.set_y(self.get_y() + height + 2)

    return Document


def Document(figures: Figures, t: Words, today: dt.date):  # noqa: N802 - a class, built late
    return _document_class()(figures, t, today)


def _fit(pdf, text: str, width: float) -> str:
    """`text` cut with an ellipsis to fit `width` millimetres in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _latest_cohort(cohorts: pl.DataFrame) -> dict | None:
    """The total row (all selected schools) of the latest cohort of graduate_cohorts."""
    totals = cohorts.filter(pl.col("school_id").is_null())
    return None if totals.is_empty() else totals.sort("graduation_year").row(-1, named=True)


def _quota_totals(quotas: pl.DataFrame, year: str) -> dict:
    """Places offered by the quotas of `year` and places used (the /indicators page's card)."""
    rows = quotas.filter(
        (pl.col("academic_year") == year) & pl.col("quota_mobilities").is_not_null()
    )
    quota = int(rows["quota_mobilities"].sum()) if not rows.is_empty() else 0
    realised = int(rows["realised_mobilities"].sum()) if not rows.is_empty() else 0
    percent = round(100 * realised / quota, 1) if quota else None
    return {"quota": quota, "realised": realised, "percent": percent}
