"""What the demo's synthetic data is: flows, quotas, graduate cohorts and Erasmus+ inputs.

Every row made here is synthetic (warehouse/demo.py writes them flagged is_synthetic, in one
import named 'synthetic demo data'). The numbers are drawn from random streams with fixed seeds,
so the same code gives the same rows, row for row.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from warehouse import loading

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


SEED = 20_240_901


FIRST_YEAR, LAST_YEAR = 2014, 2024  # academic years 2014-2015 … 2024-2025


DEMO_PRESENT = f"{LAST_YEAR}-{LAST_YEAR + 1}"  # the academic year the demo's office lives in


FIRST_YEARS = f"{FIRST_YEAR}-{FIRST_YEAR + 1}"


MOROCCAN_SCHOOL = "Moroccan engineering school (2019/2020 list)"


ENGLISH_SPEAKING = {"GB", "IE", "US", "CA", "AU", "NZ", "IN", "MT", "SG", "ZA"}


# Yearly volume relative to the trend: the 2020 lockdowns halved departures.
YEAR_FACTOR = {2019: 0.85, 2020: 0.45, 2021: 0.8}


# (school, outgoing students a year in 2014, incoming share, double-degree students a year)
FLOWS = (
    ("IMT Mines Albi", 70, 0.55, 4),
    ("IMT Mines Alès", 85, 0.5, 24),
    ("IMT Nord Europe", 120, 0.6, 8),
)


ACTIVITIES = (
    ("study", 0.78),
    ("traineeship", 0.17),
    ("staff_teaching", 0.03),
    ("staff_training", 0.02),
)


FIELDS = (
    ("0710 Engineering and engineering trades", 0.45),
    ("0610 Information and Communication Technologies", 0.2),
    ("0530 Physical sciences", 0.1),
    ("0410 Business and administration", 0.1),
    ("0520 Environment", 0.1),
    ("0730 Architecture and construction", 0.05),
)


EXTRA_PARTNERS = (  # named in the seeds (IMT Nord Europe's policy statement), not in Albi's list
    ("Université de Mons", "BE"),
    ("Technische Universiteit Eindhoven", "NL"),
    ("RWTH Aachen University", "DE"),
    ("Universiteit Gent", "BE"),
)


def generate(albi_agreements: list[dict]) -> tuple[list[dict], list[dict]]:
    """Synthetic agreements for Alès and Nord Europe, and flows for the three schools."""
    rng = random.Random(SEED)
    albi_partners = sorted(
        {(a["partner_name"], a["partner_country_iso2"]) for a in albi_agreements}
    )
    group_partners = sorted(
        {
            (a["partner_name"], a["partner_country_iso2"])
            for a in albi_agreements
            if a["signatory_level"] == "group"
        }
    )
    erasmus_partners = sorted(
        {
            (a["partner_name"], a["partner_country_iso2"])
            for a in albi_agreements
            if a["agreement_type"] == "erasmus"
        }
    )
    agreements: list[dict] = []

    def agree(school_id, partner, agreement_type, level):
        agreements.append(
            {
                "line_number": len(agreements) + 1,
                "school_id": school_id,
                "partner_name": partner[0],
                "partner_country_iso2": partner[1],
                "programme_raw": f"synthetic {agreement_type}",
                "agreement_type": agreement_type,
                "signatory_level": level,
            }
        )

    # Group-level agreements (signed by IMT) are open to every school of the group.
    for school_id in ("imt-mines-ales", "imt-nord-europe"):
        for partner in group_partners:
            agree(school_id, partner, "iia", "group")
    for partner in rng.sample(erasmus_partners, 25):
        agree("imt-mines-ales", partner, "erasmus", "school")
    outside_europe = [p for p in albi_partners if p not in erasmus_partners]
    for partner in rng.sample(outside_europe, 26):
        agree("imt-mines-ales", partner, "double_degree", "school")
    for partner in rng.sample(erasmus_partners, 20) + list(EXTRA_PARTNERS):
        agree("imt-nord-europe", partner, "erasmus", "school")
    agree("imt-nord-europe", EXTRA_PARTNERS[0], "double_degree", "school")
    for partner in rng.sample(albi_partners, 6):
        agree("imt-mines-albi", partner, "double_degree", "school")

    partners_of: dict[str, list[tuple[str, str]]] = {}
    double_degree_of: dict[str, list[tuple[str, str]]] = {}
    for row in albi_agreements + agreements:
        school_id = row.get("school_id", "imt-mines-albi")
        partner = (row["partner_name"], row["partner_country_iso2"])
        bucket = double_degree_of if row["agreement_type"] == "double_degree" else partners_of
        if partner not in bucket.setdefault(school_id, []):
            bucket[school_id].append(partner)

    mobilities: list[dict] = []
    for school_name, outgoing_2014, incoming_share, double_degrees in FLOWS:
        school_id = school_name.lower().replace(" ", "-").replace("è", "e")
        partners = sorted(partners_of[school_id])
        dd_partners = sorted(double_degree_of.get(school_id, []))
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            factor = YEAR_FACTOR.get(year, 1.0) * (1.03 ** (year - FIRST_YEAR))
            n_out = round(outgoing_2014 * factor * rng.uniform(0.92, 1.08))
            n_in = round(outgoing_2014 * incoming_share * factor * rng.uniform(0.9, 1.1))
            for direction, count in (("outgoing", n_out), ("incoming", n_in)):
                for _ in range(count):
                    partner = _pick_partner(rng, partners, direction)
                    mobilities.append(_mobility(rng, school_id, partner, direction, year, None))
            # Double degrees last 12-24 months and are chosen years ahead: no lockdown dip.
            n_dd = round(double_degrees * rng.uniform(0.95, 1.2))
            for _ in range(n_dd):
                partner = rng.choice(dd_partners)
                mobilities.append(
                    _mobility(rng, school_id, partner, "outgoing", year, "double_degree")
                )
            for _ in range(max(1, n_dd // 3)):
                partner = rng.choice(dd_partners)
                mobilities.append(
                    _mobility(rng, school_id, partner, "incoming", year, "double_degree")
                )
    add_erasmus_inputs(mobilities, partners_of)  # Erasmus+ flags and failing examples
    for number, row in enumerate(mobilities, start=1):
        row["line_number"] = number
    return agreements, mobilities


def _pick_partner(rng: random.Random, partners, direction: str) -> tuple[str, str]:
    # English-speaking partners attract our students more than theirs come to us.
    weight_english = 3.0 if direction == "outgoing" else 0.4
    weights = [weight_english if p[1] in ENGLISH_SPEAKING else 1.0 for p in partners]
    return rng.choices(partners, weights)[0]


def _mobility(rng, school_id, partner, direction, year, activity) -> dict:
    activity = activity or _weighted(rng, ACTIVITIES)
    if activity == "double_degree":
        months = rng.choice((12, 18, 24))
        start = dt.date(year, 9, rng.randint(1, 15))
    elif activity == "traineeship":
        months = rng.choice((2, 3, 4, 5, 6))
        start = dt.date(year + 1, rng.choice((3, 4, 5, 6)), rng.randint(1, 28))
    elif activity.startswith("staff"):
        months = round(rng.randint(3, 10) / 30, 2)
        start = dt.date(year + rng.randint(0, 1), rng.choice((3, 5, 10, 11)), rng.randint(1, 25))
        start = start if start >= dt.date(year, 9, 1) else dt.date(year + 1, 3, start.day)
    else:
        months = rng.choice((5, 5, 5, 10))
        start = (
            dt.date(year, 9, rng.randint(1, 15))
            if rng.random() < 0.6
            else dt.date(year + 1, 1, rng.randint(15, 31))
        )
    end = start + dt.timedelta(days=round(months * 30.4))
    level = "doctorate" if rng.random() < 0.04 else ("bachelor" if rng.random() < 0.2 else "master")
    if activity.startswith("staff"):
        level = None
    funding = (
        "erasmus"
        if partner[1] in _ERASMUS_COUNTRIES
        else rng.choice(("region", "imt", "none", "brafitec" if partner[1] == "BR" else "region"))
    )
    participant = hashlib.sha256(f"{SEED}|{school_id}|{rng.random()}".encode()).hexdigest()[:16]
    return {
        "school_id": school_id,
        "partner_name": partner[0],
        "partner_country_iso2": partner[1],
        "direction": direction,
        "academic_year": f"{year}-{year + 1}",
        "start_date": start,
        "end_date": end,
        "duration_months": float(months),
        "activity": activity,
        "level": level,
        "field": _weighted(rng, FIELDS),
        "funding": funding,
        "participant_id": f"syn-{participant}",
    }


_ERASMUS_COUNTRIES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
    "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
    "TR", "MK", "RS",
}  # fmt: skip


def _weighted(rng: random.Random, choices) -> str:
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


# IMT Mines Alès's Erasmus and double-degree agreements come with their quotas (as from EWP):
# the other schools show what the indicators say when no quota is known.
QUOTA_SCHOOL = "imt-mines-ales"


ERASMUS_YEARS = ("2021-2022", "2027-2028")  # agreements of the Erasmus+ 2021-2027 programme


COHORTS = range(2018, 2026)  # graduates of 2018 … 2025 (academic years 2017-2018 … 2024-2025)


# Share of a cohort that never went abroad: small where the stay abroad is compulsory.
NOT_MOBILE_SHARE = {"imt-mines-albi": 0.35, "imt-mines-ales": 0.05, "imt-nord-europe": 0.3}


def add_indicator_data(con, import_id: int) -> None:
    """Synthetic quotas for part of the agreements and graduate cohorts for the three schools.

    Graduates who went abroad carry the pseudonym of their outgoing mobility, so that their
    months abroad are counted; the others get pseudonyms of the same shape. Both are added to
    the demo's import, whose counts they join."""
    quotas = _demo_quotas(con)
    graduates = _demo_graduates(con)
    dormant = _dormant_agreements(con)
    defaults = {"import_id": import_id, "is_synthetic": True}
    loading.insert_raw_rows(con, "raw.agreement_quotas", quotas, defaults)
    loading.insert_raw_rows(con, "raw.graduates", graduates, defaults)
    loading.insert_raw_rows(con, "raw.agreements", dormant, defaults)
    added = len(quotas) + len(graduates) + len(dormant)
    con.execute(
        "update imports set rows_read = rows_read + ?, rows_accepted = rows_accepted + ? "
        "where import_id = ?",
        [added, added, import_id],
    )


DORMANT_AGREEMENTS = 12


def _dormant_agreements(con) -> list[dict]:
    """Agreements IMT Nord Europe signed at the start of the synthetic history and never used:
    the ones the 'no flow for three years' indicator is there to find (Albi's real list has no
    years, so it is never counted so)."""
    partners = con.execute(
        """
        select distinct partner_name, partner_country_iso2
        from raw.agreements as albi
        where albi.school_id = 'imt-mines-albi'
          and (partner_name, partner_country_iso2) not in (
              select (partner_name, partner_country_iso2) from raw.mobilities
              where school_id = 'imt-nord-europe'
              union all
              select (partner_name, partner_country_iso2) from raw.agreements
              where school_id = 'imt-nord-europe'
          )
        order by all
        limit ?
        """,
        [DORMANT_AGREEMENTS],
    ).fetchall()
    [(first_line,)] = con.execute(
        "select max(line_number) + 1 from raw.agreements where is_synthetic"
    ).fetchall()
    return [
        {
            "line_number": first_line + number,
            "school_id": "imt-nord-europe",
            "partner_name": name,
            "partner_country_iso2": country,
            "programme_raw": "synthetic mou",
            "agreement_type": "mou",
            "signatory_level": "school",
            "first_academic_year": FIRST_YEARS,
        }
        for number, (name, country) in enumerate(partners)
    ]


def _demo_quotas(con) -> list[dict]:
    """Places a year for Alès's Erasmus agreements (both ways, some staff teaching) and its
    double-degree agreements (a year or more per student, master level)."""
    rng = random.Random(f"{SEED}|quotas")
    agreements = con.execute(
        """
        select partner_name, partner_country_iso2, agreement_type, signatory_level
        from raw.agreements
        where is_synthetic and school_id = ? and agreement_type in ('erasmus', 'double_degree')
        order by line_number
        """,
        [QUOTA_SCHOOL],
    ).fetchall()
    quotas: list[dict] = []

    def quota(agreement, direction, mobility_type, places, **terms):
        name, country, agreement_type, level = agreement
        quotas.append(
            {
                "line_number": len(quotas) + 1,
                "school_id": QUOTA_SCHOOL,
                "partner_name": name,
                "partner_country_iso2": country,
                "agreement_type": agreement_type,
                "signatory_level": level,
                "direction": direction,
                "mobility_type": mobility_type,
                "mobilities_per_year": float(places),
                **terms,
            }
        )

    for agreement in agreements:
        if agreement[2] == "erasmus":
            years = {
                "first_academic_year": ERASMUS_YEARS[0],
                "last_academic_year": ERASMUS_YEARS[1],
            }
            for direction, places in (
                ("outgoing", rng.randint(1, 3)),
                ("incoming", rng.randint(1, 2)),
            ):
                quota(
                    agreement, direction, "student_studies", places,
                    months_per_year=5.0 * places, eqf_levels="6; 7", **years,
                )  # fmt: skip
            if rng.random() < 0.3:
                quota(agreement, "outgoing", "staff_teaching", 1, days_per_year=5.0, **years)
        else:
            places = rng.choice((1, 1, 2))
            quota(
                agreement, "outgoing", "student_studies", places, months_per_year=12.0 * places,
                eqf_levels="7", first_academic_year="2019-2020",
            )  # fmt: skip
            quota(
                agreement, "incoming", "student_studies", 1, months_per_year=12.0,
                eqf_levels="7", first_academic_year="2019-2020",
            )  # fmt: skip
    return quotas


def _demo_graduates(con) -> list[dict]:
    """Cohorts of 2018 … 2025: the students of outgoing mobilities, graduating the year their
    traineeship or double degree ends or the year after a study stay ends, and others who never
    went abroad. Alès's file also gives the ECTS credits of study stays (30 a semester)."""
    stays = con.execute(
        """
        select school_id, participant_id, activity, end_date, duration_months
        from raw.mobilities
        where is_synthetic and direction = 'outgoing' and participant_id is not null
          and activity not in ('staff_teaching', 'staff_training')
        order by line_number
        """
    ).fetchall()
    cohorts: dict[tuple[str, int], list[dict]] = {}
    for school_id, participant_id, activity, end_date, months in stays:
        final_stay = activity in ("traineeship", "double_degree")
        year = end_date.year if final_stay else end_date.year + 1
        if year not in COHORTS or school_id not in NOT_MOBILE_SHARE:
            continue
        ects = 6.0 * months if activity == "study" and school_id == QUOTA_SCHOOL else None
        cohorts.setdefault((school_id, year), []).append(
            {"participant_id": participant_id, "graduation_year": year, "ects_abroad": ects}
        )
    graduates: list[dict] = []
    for (school_id, year), mobile in sorted(cohorts.items()):
        share = NOT_MOBILE_SHARE[school_id]
        stayed = round(len(mobile) * share / (1 - share))
        at_home = [
            {
                "participant_id": "syn-"
                + hashlib.sha256(f"{SEED}|graduate|{school_id}|{year}|{n}".encode()).hexdigest()[
                    :16
                ],
                "graduation_year": year,
                "ects_abroad": None,
            }
            for n in range(stayed)
        ]
        for row in mobile + at_home:
            graduates.append({"line_number": len(graduates) + 1, "school_id": school_id, **row})
    return graduates


ERASMUS_EXAMPLE_SCHOOL = "imt-mines-albi"


def add_erasmus_inputs(mobilities: list[dict], partners_of: dict[str, list]) -> None:
    """Give the synthetic mobilities the Erasmus+ inputs a real file may carry, and add a few
    mobilities of IMT Mines Albi in 2024-2025 that fail the rule checks on purpose.

    Flags are drawn from their own random stream, so the flows above stay as they were: green
    travel for a quarter of the trips inside Europe, fewer opportunities for one student in
    seven, blended mobility for one in twenty; some outgoing stays outside the programme
    countries in the calls 2022-2024 are KA131 (the 20% international budget).
    """
    rng = random.Random(f"{SEED}|erasmus")
    for row in mobilities:
        european = row["partner_country_iso2"] in _ERASMUS_COUNTRIES
        student = not row["activity"].startswith("staff")
        row["is_green_travel"] = european and rng.random() < 0.25
        row["has_fewer_opportunities"] = student and rng.random() < 0.15
        row["is_blended"] = student and rng.random() < 0.05
        if (
            not european and student and row["direction"] == "outgoing"
            and row["activity"] != "double_degree"
            and row["academic_year"] in ("2022-2023", "2023-2024", "2024-2025")
            and rng.random() < 0.12
        ):  # fmt: skip
            row["erasmus_action"] = "KA131"
            row["funding"] = "erasmus"
    mobilities.extend(_erasmus_examples(partners_of[ERASMUS_EXAMPLE_SCHOOL]))


def _erasmus_examples(partners: list[tuple[str, str]]) -> list[dict]:
    """Short-term mobilities (BIP, doctoral) and rows failing one check each, all in 2024-2025."""
    from warehouse import gazetteer

    european = [p for p in sorted(partners) if p[1] in _ERASMUS_COUNTRIES and p[1] != "FR"]
    located = [p for p in european if gazetteer.place_in_name(p[0], p[1]) is not None]
    unlocated = [p for p in european if gazetteer.place_in_name(p[0], p[1]) is None]
    abroad = [
        p for p in sorted(partners)
        if p[1] not in _ERASMUS_COUNTRIES and gazetteer.place_in_name(p[0], p[1]) is not None
    ]  # fmt: skip
    day = dt.date

    def stay(partner, start, end, activity="study", direction="outgoing", **inputs) -> dict:
        number = len(rows) + 1
        return {
            "school_id": ERASMUS_EXAMPLE_SCHOOL,
            "partner_name": partner[0],
            "partner_country_iso2": partner[1],
            "direction": direction,
            "academic_year": "2024-2025",
            "start_date": start,
            "end_date": end,
            "duration_months": round(((end - start).days + 1) / 30, 2),
            "activity": activity,
            "level": None if activity.startswith("staff") else "master",
            "field": FIELDS[0][0],
            "funding": "erasmus",
            "participant_id": f"syn-erasmus-example-{number:02d}",
            "is_green_travel": False,
            "has_fewer_opportunities": False,
            "is_blended": False,
            **inputs,
        }

    rows: list[dict] = []
    # Blended intensive programmes and a short-term doctoral mobility: valid short stays.
    rows.append(stay(located[0], day(2025, 3, 10), day(2025, 3, 16), erasmus_activity="BIP",
                     is_blended=True, is_green_travel=True))  # fmt: skip
    rows.append(stay(located[1], day(2025, 4, 7), day(2025, 4, 18), erasmus_activity="BIP",
                     is_blended=True, has_fewer_opportunities=True))  # fmt: skip
    rows.append(stay(located[2], day(2025, 5, 12), day(2025, 5, 30), erasmus_activity="BIP",
                     is_blended=True))  # fmt: skip
    rows.append(stay(located[3], day(2025, 2, 3), day(2025, 2, 16), level="doctorate",
                     erasmus_activity="short-term doctoral"))  # fmt: skip
    # One failing check each.
    rows.append(stay(located[4], day(2024, 9, 2), day(2024, 10, 7)))  # 1.2 months: too short
    rows.append(stay(located[5], day(2025, 2, 1), day(2024, 6, 30)))  # end before start
    rows.append(stay(unlocated[0], day(2024, 9, 9), day(2025, 1, 24)))  # partner not located
    rows.append(stay(located[6], day(2025, 3, 3), day(2025, 5, 30), "staff_training"))  # 89 days
    # The same incoming KA171 student listed twice with overlapping dates.
    first = stay(abroad[0], day(2024, 9, 2), day(2025, 1, 31), direction="incoming")
    second = stay(abroad[0], day(2024, 11, 4), day(2025, 3, 28), direction="incoming")
    second["participant_id"] = first["participant_id"]
    rows += [first, second]
    return rows
