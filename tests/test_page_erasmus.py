"""The Erasmus+ report page and its mobility page on the demo warehouse: every figure equals a
plain SQL count on the public views, the failed-check list is exactly the (mobility, check)
pairs SQL finds, downloads are served, every callback runs, empty states say why."""

from __future__ import annotations

import importlib

import dash
import polars as pl
import pytest

from dashboard import components, data
from dashboard.app import create_app
from dashboard.erasmus import CHECK_CODES, euros, number
from dashboard.filters import Filters
from dashboard.i18n import translator

from .conftest import read_download, sql

ALBI = "imt-mines-albi"
CALL = 2024  # the demo's last call year, with rules: every figure is estimated
REPORTED = "is_reported and school_id = ? and call_year = ?"


@pytest.fixture(scope="module")
def page():
    """The page modules as Dash registered them (importing dashboard.pages.erasmus would
    register them twice under another name)."""
    create_app()
    return importlib.import_module("pages.erasmus")


@pytest.fixture(scope="module")
def detail():
    create_app()
    return importlib.import_module("pages.erasmus_mobility")


def text_of(layout) -> str:
    return str(layout).replace('"', "'")


def shown(layout, card_id: str) -> str:
    """The figure a KPI card shows."""
    return layout[card_id].children


def view(schools: str = ALBI, call: int = CALL) -> Filters:
    return components.resolve(f"schools={schools}&call={call}")[0]


def bar_total(figure) -> float:
    return sum(sum(trace.y) for trace in figure.data)


# ---------- the page


def test_the_page_is_registered_before_data_in_the_navigation(page, detail):
    registered = dash.page_registry[page.__name__]
    assert (registered["path"], registered["name"]) == ("/erasmus", "Erasmus+")
    paths = [path for path, _key in components.NAVIGATION]
    assert paths.index("/erasmus") == paths.index("/data") - 1
    assert dash.page_registry[detail.__name__]["path_template"] == (
        "/erasmus/mobility/<mobility_id>"
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Erasmus+ report", "Call year", "Mobilities by distance band", "Failed checks")),
        ("fr", ("Rapport Erasmus+", "Année d'appel", "Mobilités par tranche", "Contrôles en")),
    ],
)
def test_the_page_renders_on_the_demo_in_both_languages(page, demo_warehouse, lang, words):
    layout = page.layout(lang=lang)
    text = text_of(layout)
    for word in words:
        assert word in text
    for graph in (page.BY_ACTIVITY_TYPE, page.BY_DISTANCE_BAND, page.MONTHS, page.GRANT):
        assert layout[graph].figure.data, graph  # every chart drawn
    # the default call year is the latest with mobilities, and the global filters that do
    # not apply are named
    assert layout[page.CALL].value == str(CALL)
    assert "do not apply to a call-year report" in text or "ne s'appliquent pas" in text
    assert layout[page.CHECKS_GRID].rowData


def test_the_activity_type_codes_stay_as_the_eu_writes_them(page, demo_warehouse):
    figure = page.layout(lang="fr")[page.BY_ACTIVITY_TYPE].figure
    assert list(figure.layout.xaxis.categoryarray)[:4] == ["HE-SMS", "HE-SMT", "HE-STA", "HE-STT"]
    assert {trace.name for trace in figure.data} <= {"KA131", "KA171"}


def test_kpis_equal_sql_counts_for_one_school_and_call_year(page, demo_warehouse):
    layout = page.layout(schools=ALBI, call=str(CALL))
    (
        count, long_term, short_term, months, long_months, green, fewer, failing, failed,
        grant, not_estimated,
    ) = sql(
        demo_warehouse,
        f"""
        select count(*), count(*) filter (where is_long_term),
               count(*) filter (where not is_long_term), round(sum(physical_months), 1),
               round(sum(physical_months) filter (where is_long_term), 1),
               count(*) filter (where is_green_travel),
               count(*) filter (where has_fewer_opportunities),
               count(*) filter (where len(failed_checks) > 0), sum(len(failed_checks)),
               sum(total_grant_eur), count(*) - count(total_grant_eur)
        from erasmus_mobilities where {REPORTED}
        """,
        ALBI,
        CALL,
    )[0]  # fmt: skip
    assert count == 43 and failing > 0 and grant > 0 and green > 0 and fewer > 0
    assert shown(layout, page.KPI_MOBILITIES) == str(count)
    assert shown(layout, page.KPI_LONG_TERM) == str(long_term)
    assert shown(layout, page.KPI_SHORT_TERM) == str(short_term)
    assert shown(layout, page.KPI_MONTHS) == number(months, "en", 1)
    assert shown(layout, page.KPI_GREEN) == str(green)
    assert shown(layout, page.KPI_FEWER) == str(fewer)
    assert shown(layout, page.KPI_FAILING) == str(failing)
    assert shown(layout, page.KPI_GRANT) == euros(grant, "en")
    text = text_of(layout)
    assert f"of which long-term {number(long_months, 'en', 1)}" in text
    assert f"{failed} failed checks" in text and f"{not_estimated} mobilities not estimated" in text
    # one mobility has reversed dates: neither long- nor short-term, and the card says so
    assert count - long_term - short_term == 1
    assert "1 neither long- nor short-term" in text


def test_amounts_are_written_the_way_each_language_writes_them(page, demo_warehouse):
    ((grant,),) = sql(
        demo_warehouse,
        f"select sum(total_grant_eur) from erasmus_mobilities where {REPORTED}",
        ALBI,
        CALL,
    )
    english = page.layout(schools=ALBI)
    french = page.layout(schools=ALBI, lang="fr")
    whole = f"{round(grant):,}"
    assert shown(english, page.KPI_GRANT) == f"€{whole}"
    # French thousands: CLDR's narrow no-break space; a no-break space before the sign
    assert shown(french, page.KPI_GRANT) == whole.replace(",", "\u202f") + "\u00a0€"
    assert french[page.GRANT].figure.layout.separators == ",\u202f"


def test_chart_totals_equal_sql_counts(page, demo_warehouse):
    layout = page.layout(schools=ALBI, call=str(CALL))
    by_type = sql(
        demo_warehouse,
        f"""
        select activity_type, action, count(*), round(sum(physical_months), 2)
        from erasmus_mobilities where {REPORTED} group by all order by all
        """,
        ALBI,
        CALL,
    )
    frame = data.erasmus_by_activity_type(view(), CALL)
    got = frame.select("activity_type", "action", "count_mobilities", "sum_months").rows()
    assert sorted(got) == by_type
    assert bar_total(layout[page.BY_ACTIVITY_TYPE].figure) == 43
    assert bar_total(layout[page.MONTHS].figure) == pytest.approx(sum(r[3] for r in by_type))

    by_band = sql(
        demo_warehouse,
        f"""
        select coalesce(distance_band, 'none'), is_green_travel, count(*)
        from erasmus_mobilities where {REPORTED} group by all order by all
        """,
        ALBI,
        CALL,
    )
    frame = data.erasmus_by_distance_band(view(), CALL).with_columns(
        pl.col("distance_band").fill_null("none")
    )
    got = frame.select("distance_band", "is_green_travel", "count_mobilities").rows()
    assert sorted(got) == by_band
    assert bar_total(layout[page.BY_DISTANCE_BAND].figure) == 43
    green = next(t for t in layout[page.BY_DISTANCE_BAND].figure.data if t.name == "Green travel")
    assert sum(green.y) == sum(n for _band, is_green, n in by_band if is_green)

    ((travel, support, top_ups, total),) = sql(
        demo_warehouse,
        f"""
        select sum(travel_grant_eur), sum(individual_support_eur),
               sum(fewer_opportunities_top_up_eur + traineeship_top_up_eur
                   + green_travel_top_up_eur), sum(total_grant_eur)
        from erasmus_mobilities where {REPORTED} and total_grant_eur is not null
        """,
        ALBI,
        CALL,
    )
    grant = layout[page.GRANT].figure
    assert {trace.name: sum(trace.y) for trace in grant.data} == pytest.approx(
        {"Travel": travel, "Individual support": support, "Top-ups": top_ups}, abs=0.01
    )
    assert bar_total(grant) == pytest.approx(total, abs=0.01)


def test_the_ka131_share_is_the_grant_totals_view_with_the_cap_flagged(page, demo_warehouse):
    rows = sql(
        demo_warehouse,
        """
        select school, ka131_grant_eur, ka131_third_country_grant_eur,
               ka131_third_country_share, is_above_third_country_cap
        from erasmus_grant_totals where call_year = ? order by school
        """,
        CALL,
    )
    above = [(school, share) for school, _k, _t, share, is_above in rows if is_above]
    assert above == [("IMT Mines Alès", 0.2502)]  # the demo has one school above the cap
    layout = page.layout(call=str(CALL))
    share = sum(r[2] for r in rows) / sum(r[1] for r in rows)
    assert shown(layout, page.KPI_KA131_SHARE) == f"{100 * share:.1f}%"
    card = next(c for c in layout._traverse() if "kpi-alert" in (getattr(c, "className", "") or ""))
    assert "ABOVE the 20% cap: IMT Mines Alès 25.0%" in text_of(card)
    # one school under the cap: its share, no alarm
    albi = page.layout(schools=ALBI)
    albi_row = next(r for r in rows if r[0] == "IMT Mines Albi")
    assert shown(albi, page.KPI_KA131_SHARE) == f"{100 * albi_row[3]:.1f}%"
    assert "kpi-alert" not in text_of(albi)


# ---------- the failed checks


def failed_pairs(path, school: str, call: int) -> set[tuple[str, str]]:
    return set(
        sql(
            path,
            f"""
            select mobility_id, split_part(reason, ':', 1)
            from erasmus_mobilities, unnest(failed_checks) as failures(reason)
            where {REPORTED}
            """,
            school,
            call,
        )
    )


def test_the_table_lists_exactly_the_failed_checks_sql_finds(page, demo_warehouse):
    layout = page.layout(schools=ALBI, call=str(CALL))
    rows = layout[page.CHECKS_GRID].rowData
    expected = failed_pairs(demo_warehouse, ALBI, CALL)
    assert len(expected) == 53 and {code for _m, code in expected} >= {
        "duration", "organisation", "overlap", "dates", "city",
    }  # fmt: skip
    codes = {translator("en").label("check", code): code for code in CHECK_CODES}
    listed = [(row["mobility"][1:].split("]")[0], codes[row["check"]]) for row in rows]
    assert set(listed) == expected and len(listed) == len(expected)
    # the same pairs as the public view of failures
    view_pairs = sql(
        demo_warehouse,
        "select mobility_id, check_code from erasmus_check_failures where " + REPORTED,
        ALBI,
        CALL,
    )
    assert set(view_pairs) == expected
    row = next(r for r in rows if r["check"] == "Duration")
    mobility_id = row["mobility"][1:].split("]")[0]
    assert row["mobility"] == (
        f"[{mobility_id}](/erasmus/mobility/{mobility_id}"
        f"?schools={ALBI}&from=2014-2015&to=2024-2025&call={CALL})"
    )
    ((partner_id, participant_id),) = sql(
        demo_warehouse,
        "select partner_id, participant_id from erasmus_mobilities where mobility_id = ?",
        mobility_id,
    )
    assert row["partner"].endswith(
        f"(/partners/{partner_id}?schools={ALBI}&from=2014-2015&to=2024-2025)"
    )
    assert row["reason"].startswith("duration: ") and row["participant_id"] == participant_id
    assert "Failed checks (53)" in text_of(layout)


def test_a_long_list_is_cut_and_the_download_has_it_all(page, demo_warehouse, monkeypatch):
    app = create_app()
    monkeypatch.setattr(page, "CHECKS_LIMIT", 10)
    layout = page.layout(schools=ALBI, call=str(CALL))
    assert len(layout[page.CHECKS_GRID].rowData) == 10
    assert "The first 10 of 53 failed checks are listed here" in layout[page.CHECKS_NOTE].children
    response = app.server.test_client().get(
        f"/download/erasmus_failed_checks.csv?schools={ALBI}&call={CALL}"
    )
    assert response.status_code == 200
    downloaded = read_download(response.data)
    pairs = set(downloaded.select("mobility_id", "check_code").rows())
    assert pairs == failed_pairs(demo_warehouse, ALBI, CALL) and downloaded.height == 53
    assert "reason" in downloaded.columns and "total_rows" not in downloaded.columns


def test_every_download_of_the_page_is_served_with_the_figures_drawn(page, demo_warehouse):
    client = create_app().server.test_client()
    for name, function in (
        ("erasmus_by_activity_type", data.erasmus_by_activity_type),
        ("erasmus_by_distance_band", data.erasmus_by_distance_band),
        ("erasmus_grant_by_school", data.erasmus_grant_by_school),
    ):
        for file_format in ("csv", "xlsx"):
            response = client.get(f"/download/{name}.{file_format}?schools={ALBI}&call=2023")
            assert response.status_code == 200 and response.data, (name, file_format)
        downloaded = read_download(
            client.get(f"/download/{name}.csv?schools={ALBI}&call=2023").data
        )
        expected = function(view(call=2023), 2023)
        assert downloaded.height == expected.height > 0, name
        assert downloaded["count_mobilities"].sum() == expected["count_mobilities"].sum()
    # without a call year, the downloads are those of the latest call, as the page
    latest = read_download(
        client.get(f"/download/erasmus_by_activity_type.csv?schools={ALBI}").data
    )
    assert latest["count_mobilities"].sum() == 43
    # the page's links carry the call year
    text = text_of(page.layout(schools=ALBI, call="2023"))
    assert f"/download/erasmus_failed_checks.xlsx?schools={ALBI}&from=2014-2015" in text
    assert "&call=2023" in text


# ---------- the mobility page


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("Classification", "Grant estimate", "Checks", "failed", "passed", "€648.00")),
        ("fr", ("Classification", "Estimation de la subvention", "Contrôles", "échec", "648,00")),
    ],
)
def test_the_mobility_page_shows_its_classification_grant_and_all_its_checks(
    detail, demo_warehouse, lang, words
):
    mobility_id, failed, total = sql(
        demo_warehouse,
        """
        select mobility_id, failed_checks, total_grant_eur from erasmus_mobilities
        where participant_id = 'syn-erasmus-example-05'
        """,
    )[0]
    assert total == 648.0 and [r.split(":")[0] for r in failed] == ["duration", "organisation"]
    layout = detail.layout(mobility_id=mobility_id, lang=lang, call="2024")
    text = text_of(layout)
    for word in words:
        assert word in text
    rows = layout[detail.CHECKS].children.children
    assert [row.to_plotly_json()["props"]["data-check"] for row in rows] == [
        "activity", "action", "country", "dates", "duration", "window", "organisation", "city",
        "overlap",
    ]  # fmt: skip
    marks = {row.to_plotly_json()["props"]["data-check"]: row.children[0].children for row in rows}
    assert {code for code, mark in marks.items() if mark == "✗"} == {"duration", "organisation"}
    if lang == "en":  # the warehouse's own reasons
        reasons = failed
    else:  # written by the page from the rule's code and the mobility's columns
        partner = failed[1].split("'")[1]
        reasons = [
            "durée : 1,2 mois, moins que le minimum de 2 mois en longue durée (études)",
            f"organisation : l'organisation d'accueil « {partner} » n'a ni code Erasmus ni OID "
            "dans le registre",
        ]
    for reason in reasons:
        assert reason.replace('"', "'") in text
    assert (
        layout[detail.BACK].href.startswith("/erasmus?") and "call=2024" in layout[detail.BACK].href
    )
    assert "KA131" in text and "HE-SMS" in text and "295" in text  # action, type, distance


def test_an_unknown_mobility_says_so(detail, demo_warehouse):
    text = text_of(detail.layout(mobility_id="m-000000000000"))
    assert "No mobility m-000000000000 in the warehouse" in text
    assert detail.NOT_FOUND in text


def test_a_mobility_of_a_call_without_rules_says_its_amounts_are_not_estimated(
    detail, demo_warehouse
):
    ((mobility_id,),) = sql(
        demo_warehouse,
        "select mobility_id from erasmus_mobilities where call_year = 2019 "
        "order by mobility_id limit 1",
    )
    text = text_of(detail.layout(mobility_id=mobility_id))
    assert "No Erasmus+ rules for call 2019: amounts are not estimated" in text
    assert "the checks use the limits of call 2022" in text


# ---------- callbacks


def test_choosing_a_call_year_writes_it_in_the_url(page):
    assert page.call_to_url("2023", "?schools=imt-mines-albi&lang=fr") == (
        "?schools=imt-mines-albi&lang=fr&call=2023"
    )
    assert page.call_to_url("2023", "?call=2023") is dash.no_update
    assert page.call_to_url("2022", "?call=2023") == "?call=2022"
    assert page.call_to_url(None, "") is dash.no_update


def test_typing_in_the_search_box_filters_the_failed_checks(page):
    patch = page.search_checks("overlap").to_plotly_json()
    assert {
        "operation": "Assign",
        "location": ["quickFilterText"],
        "params": {"value": "overlap"},
    } in patch["operations"]


# ---------- empty states


def test_schools_without_mobility_in_the_call_year_say_why(page, demo_warehouse):
    for lang, message in (
        ("en", "No mobility reported for call 2024 by IMT Atlantique."),
        ("fr", "Aucune mobilité déclarée pour l'appel 2024 par IMT Atlantique."),
    ):
        layout = page.layout(schools="imt-atlantique", lang=lang)
        assert message in text_of(layout[page.EMPTY])
        assert "2022, 2023, 2024" in text_of(layout[page.EMPTY])
    # a call year with no mobility at all, asked by URL, is honoured and said so
    layout = page.layout(call="2030")
    assert layout[page.CALL].value == "2030"
    assert "No mobility reported for call 2030 by any school" in text_of(layout)


def test_a_call_year_without_rules_says_which_years_have_them(page, demo_warehouse):
    layout = page.layout(schools=ALBI, call="2021")
    note = layout[page.RULES_NOTE].children
    assert "No Erasmus+ rules for call 2021: amounts are not estimated" in note
    assert "the calls 2022, 2023, 2024" in note and "limits of call 2022" in note
    assert shown(layout, page.KPI_GRANT) == "—" and shown(layout, page.KPI_KA131_SHARE) == "—"
    grant = layout[page.GRANT].figure
    assert not grant.data and "No Erasmus+ rules for call 2021" in grant.layout.annotations[0].text
    # counts are still there
    ((count,),) = sql(
        demo_warehouse,
        f"select count(*) from erasmus_mobilities where {REPORTED}",
        ALBI,
        2021,
    )
    assert shown(layout, page.KPI_MOBILITIES) == str(count) and count > 0
    assert "2021 (no amounts)" in text_of(layout[page.CALL])


def test_an_empty_warehouse_says_how_to_fill_it(page, isolated_warehouse):
    from warehouse import db

    with db.writing():
        pass
    text = text_of(page.layout(lang="fr"))
    assert "L'entrepôt ne contient aucune mobilité" in text and page.CHECKS_GRID not in text
