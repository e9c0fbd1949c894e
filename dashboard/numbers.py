"""Numbers, percents and euros as each language writes them: babel's CLDR data, not our own.

English writes 1,234.5, 13.8% and €1,234; French 1 234,5, 13,8 % and 1 234 € (with CLDR's
no-break spaces); Spanish 1234,5 and 13,8 %. A value of None (nothing to show) is a dash.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime as DateTime

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

NOTHING = "—"


def number(value: float | None, lang: str, decimals: int = 0) -> str:
    """A number with exactly `decimals` decimals and the language's thousands separator."""
    if value is None:
        return NOTHING
    return format_decimal(value, format=_with_decimals("#,##0", decimals), locale=lang)


def figure(value: float | None, lang: str, *, signed: bool = False) -> str:
    """A figure as a page shows it: a count whole, a float with its decimals (at least one,
    at most three: 97.0, 103.25); `signed` puts a + before a positive change."""
    if value is None:
        return NOTHING
    pattern = "#,##0" if isinstance(value, int) else "#,##0.0##"
    if signed:
        pattern = f"+{pattern};-{pattern}" if value != 0 else pattern
    return format_decimal(value, format=pattern, locale=lang)


def percent(share: float | None, lang: str, decimals: int = 1) -> str:
    """A share (0.1379) as a percent: 13.8% in English, 13,8 % in French."""
    if share is None:
        return NOTHING
    pattern = Locale.parse(lang).percent_formats[None].pattern
    return format_percent(share, format=_with_decimals(pattern, decimals), locale=lang)


def euros(value: float | None, lang: str, decimals: int = 0) -> str:
    """An amount in euros: €1,234 in English, 1 234 € in French."""
    if value is None:
        return NOTHING
    pattern = Locale.parse(lang).currency_formats["standard"].pattern
    return format_currency(
        value,
        "EUR",
        format=_with_decimals(pattern.replace("0.00", "0"), decimals),
        locale=lang,
        currency_digits=False,
    )


def date(value: Date | None, lang: str) -> str:
    """A day as the language writes it in short: 2024-11-04 in English (ISO, as the warehouse
    and its workbooks write it), 04/11/2024 in French."""
    if value is None:
        return NOTHING
    if lang == "en":
        return value.isoformat()
    return format_date(value, "short", locale=lang)


def moment(value: DateTime | None, lang: str) -> str:
    """A day and time to the minute: 2024-11-04 09:30 in English, 04/11/2024 09:30 in French."""
    if value is None:
        return NOTHING
    if lang == "en":
        return format(value, "%Y-%m-%d %H:%M")
    return format_datetime(value, "short", locale=lang)


def separators(lang: str) -> str:
    """Plotly's `separators` of `lang`: the decimal mark, then the thousands separator."""
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def thousands(text: str | None, lang: str) -> str | None:
    """A text written with English thousands ('500–1,999 km') in the language's own."""
    if text is None or lang == "en":
        return text
    return text.replace(",", get_group_symbol(lang))


def _with_decimals(pattern: str, decimals: int) -> str:
    """A CLDR pattern's last '0' of the integer part followed by `decimals` decimals: babel
    keeps the pattern's symbols and their places ('#,##0 %' -> '#,##0.0 %')."""
    if not decimals:
        return pattern
    at = pattern.rindex("0") + 1
    return pattern[:at] + "." + "0" * decimals + pattern[at:]
