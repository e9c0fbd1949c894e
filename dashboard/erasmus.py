"""What the Erasmus+ report page and its mobility page share: the call year of a view, numbers
and euros written the way each language writes them, links to a mobility and to a partner."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date as Date

import polars as pl

from dashboard import numbers
from dashboard.components import markdown_link, partner_path
from dashboard.filters import Filters
from dashboard.i18n import NP_, Translator, translator
from warehouse.reference import vocabularies

# The call year travels in the URL next to the global filters: /erasmus?call=2024
CALL_KEY = "call"
# The EU's own codes, in the Programme Guide's order; never translated.
ACTIVITY_TYPES = ("HE-SMS", "HE-SMT", "HE-STA", "HE-STT", "BIP", "short-term doctoral")
ACTIONS = ("KA131", "KA171")
# The checks of warehouse/models/marts/erasmus_mobilities.sql, in the order it runs them; a
# reason starts with its code and a colon (the vocabulary "check" of vocabularies.csv).
CHECK_CODES = tuple(vocabularies()["check"])


def call_year(filters: Filters, present: list[int]) -> int | None:
    """The call year the URL asks for (any four-digit year, so that a bookmarked call with no
    mobility says so), else the latest one with mobilities; None when there is none."""
    asked = filters.extra.get(CALL_KEY, "")
    if len(asked) == 4 and asked.isdigit():
        return int(asked)
    return present[-1] if present else None


def academic_year(call: int) -> str:
    """The academic year of a call year: call 2024 funds 2024-2025."""
    return f"{call}-{call + 1}"


def with_call(filters: Filters, year: int) -> Filters:
    """The filters with the call year spelled out, for links and downloads of this view."""
    return replace(filters, extra={**filters.extra, CALL_KEY: str(year)})


# numbers, percents and euros in each language's own writing (babel): dashboard.numbers
number = numbers.number
euros = numbers.euros
percent = numbers.percent
date = numbers.date
separators = numbers.separators


def band_label(label: str | None, lang: str) -> str | None:
    """The EU calculator's band label ('500–1,999 km', '8,000 km and more', written by
    stg_erasmus_distance_bands) in the language's words and thousands."""
    label = numbers.thousands(label, lang)
    if label and label.endswith(_AND_MORE):
        t = translator(lang)
        return t("{distance} km and more", distance=label.removesuffix(_AND_MORE))
    return label


_AND_MORE = " km and more"
# Erasmus+ activity types are the EU's codes, shown as they are, but for one written in words.
ACTIVITY_TYPE_WORDS = {"short-term doctoral": NP_("erasmus_activity_type", "short-term doctoral")}


def activity_type_label(code: str | None, lang: str) -> str | None:
    """An Erasmus+ activity type as a page shows it: its code, or its words translated."""
    words = ACTIVITY_TYPE_WORDS.get(code or "")
    return translator(lang)(words) if words else code


def mobility_path(mobility_id: str) -> str:
    return f"/erasmus/mobility/{mobility_id}"


def partner_links(frame: pl.DataFrame, filters: Filters) -> pl.Series:
    """A markdown link to each row's partner profile, keeping the global filters (not the call
    year, which means nothing there)."""
    query = filters.to_query(**{CALL_KEY: None})
    return pl.Series(
        [
            markdown_link(name or partner_id, partner_path(partner_id) + query)
            for partner_id, name in frame.select("partner_id", "partner_name").iter_rows()
        ],
        dtype=pl.String,
    )


# The reason of each rule a check fails, as the macro erasmus_check_reason writes it in English
# (warehouse/models/macros/erasmus.sql), one message per rule with named placeholders: the
# public views keep the English reasons, pages write them in their language from the rule's
# code and the mobility's columns (check_values in the queries erasmus_failed_checks and
# erasmus_mobility_detail).
CHECK_REASONS = {
    "activity.no_type": NP_(
        "check reason",
        "activity: activity '{activity}' has no Erasmus+ activity type (HE-SMS, HE-SMT, HE-STA, "
        "HE-STT, BIP or short-term doctoral)",
    ),
    "activity.not_a_type": NP_(
        "check reason", "activity: '{activity_type}' is not an Erasmus+ activity type"
    ),
    "activity.short_term": NP_(
        "check reason",
        "activity: a {days}-day {activity_words} stay is short-term, which only blended mobility "
        "or a doctoral candidate may be",
    ),
    "action.ka131_incoming_third_country": NP_(
        "check reason",
        "action: KA131 does not fund incoming mobility from a third country not associated to "
        "the Programme ({partner_country})",
    ),
    "action.ka171_no_third_country": NP_(
        "check reason",
        "action: KA171 needs a third country not associated to the Programme; {school_country} "
        "and {partner_country} both take part in it",
    ),
    "country.same_country": NP_(
        "check reason",
        "country: sending and receiving organisations are both in {school_country} (Erasmus+ "
        "mobility crosses a border)",
    ),
    "dates.reversed": NP_(
        "check reason", "dates: end date {end_date} is before start date {start_date}"
    ),
    "dates.no_start": NP_(
        "check reason", "dates: no start date (the Beneficiary Module needs one)"
    ),
    "dates.no_end": NP_("check reason", "dates: no end date (the Beneficiary Module needs one)"),
    "duration.unknown": NP_(
        "check reason", "duration: unknown (no dates and no duration in months)"
    ),
    "duration.long_term_below_min": NP_(
        "check reason",
        "duration: {months} months is below the {limit}-month minimum for long-term "
        "{activity_words}",
    ),
    "duration.long_term_above_max": NP_(
        "check reason",
        "duration: {months} months is above the {limit}-month maximum for long-term "
        "{activity_words}",
    ),
    "duration.short_term_below_min": NP_(
        "check reason",
        "duration: {days_text} is below the {limit}-day minimum for short-term {activity_words}",
    ),
    "duration.short_term_above_max": NP_(
        "check reason",
        "duration: {days} days is above the {limit}-day maximum for short-term {activity_words}",
    ),
    "duration.staff_third_country_below_min": NP_(
        "check reason",
        "duration: {days_text} is below the {limit}-day minimum for {activity_words} with a "
        "third country not associated to the Programme",
    ),
    "duration.staff_below_min": NP_(
        "check reason",
        "duration: {days_text} is below the {limit}-day minimum for {activity_words}",
    ),
    "duration.staff_above_max": NP_(
        "check reason",
        "duration: {days} days is above the {limit}-day (2-month) maximum for {activity_words}",
    ),
    "window.starts_before": NP_(
        "check reason",
        "window: starts {start_date}, before the call {call_year} project period "
        "({project_start_date} to {project_end_date})",
    ),
    "window.ends_after": NP_(
        "check reason",
        "window: ends {end_date}, after the call {call_year} project period "
        "({project_start_date} to {project_end_date})",
    ),
    "organisation.partner_unregistered": NP_(
        "check reason",
        "organisation: {side_organisation} '{partner}' has no Erasmus code and no OID in the "
        "registry",
    ),
    "organisation.school_without_code": NP_(
        "check reason", "organisation: home school '{school}' has no Erasmus code"
    ),
    "city.partner_not_located": NP_(
        "check reason",
        "city: partner '{partner}' ({partner_country}) has no located city; no distance, no "
        "travel grant",
    ),
    "city.school_not_located": NP_(
        "check reason",
        "city: home school '{school}' has no located city; no distance, no travel grant",
    ),
    "overlap.same_participant": NP_(
        "check reason", "overlap: the same participant has mobility {overlapping} at the same time"
    ),
}
# An Erasmus+ activity type in the words of a reason (the macro erasmus_activity_words).
ACTIVITY_WORDS = {
    "HE-SMS": NP_("check reason", "study"),
    "HE-SMT": NP_("check reason", "traineeship"),
    "HE-STA": NP_("check reason", "staff teaching"),
    "HE-STT": NP_("check reason", "staff training"),
    "BIP": NP_("check reason", "a BIP"),
    "short-term doctoral": NP_("check reason", "short-term doctoral mobility"),
}
SIDE_ORGANISATION = {
    "outgoing": NP_("check reason", "receiving organisation"),
    "incoming": NP_("check reason", "sending organisation"),
}
# the overlapping mobilities as the mart lists them: "m-… (2024-11-04 to 2025-03-28), …"
_PERIOD = re.compile(r"\((\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)\)")


def check_reason(failed_check: str, values: dict, t: Translator) -> str:
    """The reason of a failed rule (its code: 'duration.long_term_below_min') in the language of
    `t`, from the mobility's columns the reason names (`values`)."""
    message = CHECK_REASONS.get(failed_check)
    if message is None:  # a rule the warehouse adds later: its code, until it is translated
        return failed_check
    lang = t.lang
    outgoing = values.get("direction") == "outgoing"
    days = values.get("physical_days")
    limit = values.get("failed_duration_limit")

    def day(name: str) -> str:
        return numbers.date(values.get(name), lang) if values.get(name) else ""

    overlapping = _PERIOD.sub(
        lambda match: (
            "("
            + t(
                "{start} to {end}",
                start=numbers.date(Date.fromisoformat(match[1]), lang),
                end=numbers.date(Date.fromisoformat(match[2]), lang),
            )
            + ")"
        ),
        values.get("overlapping_mobilities") or "",
    )
    activity_words = ACTIVITY_WORDS.get(values.get("activity_type") or "")
    side = SIDE_ORGANISATION.get(values.get("direction") or "", SIDE_ORGANISATION["incoming"])
    return t(
        message,
        activity=values.get("activity") or "",
        activity_type=values.get("activity_type") or "",
        days="" if days is None else numbers.number(days, lang),
        days_text=""
        if days is None
        else t.ngettext("{count} day", "{count} days", days, count=numbers.number(days, lang)),
        activity_words=t(activity_words) if activity_words else "",
        months=numbers.number(values.get("physical_months") or 0.0, lang, 1),
        limit="" if limit is None else numbers.figure(_whole(limit), lang),
        start_date=day("start_date"),
        end_date=day("end_date"),
        call_year=str(values.get("call_year") or ""),
        project_start_date=day("project_start_date"),
        project_end_date=day("project_end_date"),
        school=values.get("sending_organisation" if outgoing else "receiving_organisation") or "",
        school_country=values.get("sending_country_iso2" if outgoing else "receiving_country_iso2")
        or "",
        partner=values.get("receiving_organisation" if outgoing else "sending_organisation") or "",
        partner_country=values.get("receiving_country_iso2" if outgoing else "sending_country_iso2")
        or "",
        side_organisation=t(side),
        overlapping=overlapping,
    )


def _whole(value: float) -> float | int:
    # the macro writes a limit with printf('%g'): 2 months, 2.5 months
    return int(value) if float(value).is_integer() else value


def reasons_translated(lang: str) -> bool:
    """Whether the catalog of `lang` writes the check reasons (English is the warehouse's)."""
    t = translator(lang)
    return lang == "en" or all(t(message) != message[1] for message in CHECK_REASONS.values())


def check_reasons(checks: pl.DataFrame, lang: str) -> pl.Series:
    """The reason of each failed check of the query erasmus_failed_checks in `lang` (English:
    the warehouse's own reasons)."""
    if lang == "en":
        return checks["reason"]
    t = translator(lang)
    return pl.Series(
        "reason",
        [
            check_reason(code, values, t)
            for code, values in checks.select("failed_check", "check_values").iter_rows()
        ],
        dtype=pl.String,
    )
