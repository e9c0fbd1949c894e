"""Numbers as each page language writes them (dashboard.numbers, babel's CLDR data)."""

from __future__ import annotations

import pytest

from dashboard import numbers

NNBSP, NBSP = "\u202f", "\u00a0"  # CLDR's narrow no-break space (French thousands), no-break


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", ["1,234", "1,234.5", "97.0", "103.25", "+6.5", "-1", "0", "13.8%", "20%"]),
        (
            "fr",
            [f"1{NNBSP}234", f"1{NNBSP}234,5", "97,0", "103,25", "+6,5", "-1", "0",
             f"13,8{NBSP}%", f"20{NBSP}%"],
        ),
        ("es", ["1.234", "1.234,5", "97,0", "103,25", "+6,5", "-1", "0", f"13,8{NBSP}%",
                f"20{NBSP}%"]),
    ],
)  # fmt: skip
def test_numbers_and_percents_in_each_language(lang, expected):
    assert [
        numbers.figure(1234, lang),
        numbers.number(1234.5, lang, 1),
        numbers.figure(97.0, lang),
        numbers.figure(103.25, lang),
        numbers.figure(6.5, lang, signed=True),
        numbers.figure(-1, lang, signed=True),
        numbers.figure(0, lang, signed=True),
        numbers.percent(0.1379, lang),
        numbers.percent(0.2, lang, 0),
    ] == expected


def test_euros_put_the_sign_where_the_language_does():
    assert numbers.euros(1234, "en") == "€1,234"
    assert numbers.euros(-1234, "en") == "-€1,234"
    assert numbers.euros(648, "en", 2) == "€648.00"
    assert numbers.euros(1234, "fr") == f"1{NNBSP}234{NBSP}€"
    assert numbers.euros(648, "fr", 2) == f"648,00{NBSP}€"


def test_nothing_to_show_is_a_dash():
    assert numbers.number(None, "en") == numbers.percent(None, "fr") == "—"
    assert numbers.euros(None, "fr") == numbers.figure(None, "es") == "—"


def test_plotly_separators_and_english_thousands_in_a_text():
    assert numbers.separators("en") == ".,"
    assert numbers.separators("fr") == "," + NNBSP
    assert numbers.thousands("500–1,999 km", "fr") == f"500–1{NNBSP}999 km"
    assert numbers.thousands("500–1,999 km", "en") == "500–1,999 km"
