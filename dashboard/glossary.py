"""The codes and terms the dashboard shows, explained: the /help page lists them, and a label
that names one carries its explanation as a tooltip (`explained`).

A code stays as it is in every language (it is what the Erasmus+ forms, the Mobility Tool and
the partners' files say); its name and explanation are translated in the catalogs."""

from __future__ import annotations

import re

from dash import html

from dashboard.i18n import N_, translator

# (code or term as shown, its name, what it means for the dashboard's users), by section
SECTIONS = (
    (
        N_("Erasmus+ programme"),
        (
            ("KA103", N_("Key Action 1 mobility, 2014–2020 programme"),
             N_("Erasmus+ mobility between programme countries under the 2014–2020 calls.")),
            ("KA131", N_("Key Action 1 mobility, 2021–2027 programme"),
             N_("Erasmus+ mobility of students and staff between EU member states and "
                "countries associated to the programme, from the 2021 call.")),
            ("KA171", N_("Key Action 1 international mobility"),
             N_("Erasmus+ mobility with partner countries outside the EU and the associated "
                "countries, from the 2022 call.")),
            ("HE-SMS", N_("Student mobility for studies"),
             N_("A student studying for a term or a year at a partner school.")),
            ("HE-SMT", N_("Student mobility for traineeships"),
             N_("A student or recent graduate on a work placement (internship) abroad.")),
            ("HE-STA", N_("Staff mobility for teaching"),
             N_("A member of staff teaching at a partner school.")),
            ("HE-STT", N_("Staff mobility for training"),
             N_("A member of staff training abroad (job shadowing, staff weeks, courses).")),
            ("BIP", N_("Blended intensive programme"),
             N_("A short programme run by at least three schools: a physical stay of 5 to 30 "
                "days combined with a virtual part.")),
            ("ECHE", N_("Erasmus Charter for Higher Education"),
             N_("The charter a school must hold to take part in Erasmus+.")),
        ),
    ),
    (
        N_("Agreements and identifiers"),
        (
            ("IIA", N_("Inter-institutional agreement"),
             N_("The Erasmus+ agreement between two schools: who may send whom, how many, "
                "for how long, in which fields.")),
            ("MoA", N_("Memorandum of agreement"),
             N_("A bilateral agreement that sets out binding terms of an exchange.")),
            ("MoU", N_("Memorandum of understanding"),
             N_("A framework agreement stating the intent to cooperate, often before a MoA.")),
            ("EWP", N_("Erasmus Without Paper"),
             N_("The network through which schools exchange agreements and nominations "
                "electronically.")),
            ("OID", N_("Organisation ID"),
             N_("The identifier of an organisation in the European Commission's "
                "Organisation Registration System (E10…).")),
            ("PIC", N_("Participant identification code"),
             N_("The nine-digit identifier of an organisation in the EU Participant "
                "Register, used where the European Commission manages a call itself.")),
            (N_("Erasmus code"), N_("Erasmus institutional code"),
             N_("The code of a school holding the ECHE, such as F TOULOUS28.")),
        ),
    ),
    (
        N_("Fields and levels"),
        (
            ("ISCED-F", N_("Fields of education and training"),
             N_("UNESCO's classification of study fields (ISCED-F 2013), in which "
                "agreements and mobilities give their subject areas.")),
            ("EQF", N_("European Qualifications Framework"),
             N_("Levels of qualification: 6 is a bachelor's, 7 a master's, 8 a doctorate.")),
        ),
    ),
    (
        N_("Indicators"),
        (
            (N_("Balance"), N_("Balance of a partner or country"),
             N_("Incoming minus outgoing mobilities: above zero, the partner sends more "
                "than it receives.")),
            (N_("Compulsory stay abroad"), N_("The school's rule"),
             N_("The time abroad a school requires of its students before they graduate; "
                "the indicators page counts the graduates who met it.")),
            (N_("EU benchmark 23 %"), N_("European target for learning mobility"),
             N_("By 2030, at least 23 % of higher-education graduates should have spent "
                "3 months or earned 15 ECTS credits abroad (Council Recommendation \"Europe on "
                "the Move\", 2024).")),
            (N_("Active agreement"), N_("An agreement in force in the academic year"),
             N_("Counted in every year between its start and its end.")),
        ),
    ),
)  # fmt: skip

TERMS = tuple(term for _section, terms in SECTIONS for term in terms)
# the codes written alike in every language, longest first so that HE-SMS wins over a
# shorter code inside it
_CODES = sorted(
    (code for code, _name, _meaning in TERMS if re.fullmatch(r"[A-Z][A-Za-z0-9-]+", code)),
    key=len,
    reverse=True,
)
_CODE = re.compile(r"\b(" + "|".join(re.escape(code) for code in _CODES) + r")\b")


def explanation(code: str, lang: str) -> str | None:
    """The name and meaning of a code of the glossary, in `lang` (None for an unknown code)."""
    t = translator(lang)
    for term, name, meaning in TERMS:
        if term == code:
            return t("{name}: {meaning}", name=t(name), meaning=t(meaning))
    return None


def codes_in(text: str) -> list[str]:
    """The glossary's codes named in `text`, in their order."""
    return list(dict.fromkeys(_CODE.findall(text or "")))


def tooltip(text: str, lang: str) -> str | None:
    """What a label naming codes of the glossary explains on hover (None when it names none)."""
    found = [f"{code} — {explanation(code, lang)}" for code in codes_in(text)]
    return "\n".join(found) or None


def explained(text: str, lang: str, **attributes):
    """`text` in a span whose title explains the codes it names (the text alone otherwise)."""
    title = tooltip(text, lang)
    if title is None:
        return text
    return html.Span(text, title=title, className="has-glossary", **attributes)
