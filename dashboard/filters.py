"""The global filters, kept in the URL so that any view can be bookmarked and shared.

`?schools=imt-mines-albi,imt-mines-ales&from=2019-2020&to=2024-2025&direction=outgoing
&activities=study&regions=150&lang=fr`: lists are comma-separated; a missing key means "all".
Every page renders from the URL; the filter bar only rewrites it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

from dashboard.i18n import LANGUAGES, SOURCE_LANGUAGE
from warehouse.reference import vocabularies

DIRECTIONS = tuple(vocabularies()["direction"])
ACTIVITIES = tuple(vocabularies()["activity"])
REGIONS = tuple(vocabularies()["region"])
_YEAR = re.compile(r"^\d{4}-\d{4}$")


@dataclass(frozen=True)
class Filters:
    schools: tuple[str, ...] = ()
    year_from: str | None = None
    year_to: str | None = None
    direction: str = "all"
    activities: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    lang: str = SOURCE_LANGUAGE
    extra: dict[str, str] = field(default_factory=dict, compare=False)  # page-specific keys

    @classmethod
    def from_query(cls, query: dict | str | None) -> Filters:
        """Read filters from a query string or Dash's layout keyword arguments; ignore junk."""
        if isinstance(query, str):
            query = dict(parse_qsl(query.lstrip("?")))
        query = {k: v for k, v in (query or {}).items() if isinstance(v, str)}

        def listed(key: str, allowed=None) -> tuple[str, ...]:
            values = [v.strip() for v in query.get(key, "").split(",") if v.strip()]
            return tuple(v for v in values if allowed is None or v in allowed)

        year_from = query.get("from") if _YEAR.match(query.get("from", "")) else None
        year_to = query.get("to") if _YEAR.match(query.get("to", "")) else None
        known = {"schools", "from", "to", "direction", "activities", "regions", "lang"}
        return cls(
            schools=listed("schools"),
            year_from=year_from,
            year_to=year_to,
            direction=query.get("direction") if query.get("direction") in DIRECTIONS else "all",
            activities=listed("activities", ACTIVITIES),
            regions=listed("regions", REGIONS),
            lang=query["lang"] if query.get("lang") in LANGUAGES else SOURCE_LANGUAGE,
            extra={k: v for k, v in query.items() if k not in known},
        )

    def to_query(self, **extra: str | None) -> str:
        """The query string ('?…', or '' when everything is at its default)."""
        pairs = {
            "schools": ",".join(self.schools),
            "from": self.year_from or "",
            "to": self.year_to or "",
            "direction": "" if self.direction == "all" else self.direction,
            "activities": ",".join(self.activities),
            "regions": ",".join(self.regions),
            "lang": "" if self.lang == SOURCE_LANGUAGE else self.lang,
            **self.extra,
            **{k: v or "" for k, v in extra.items()},
        }
        kept = {k: v for k, v in pairs.items() if v}
        return "?" + urlencode(kept, safe=",") if kept else ""

    def with_years(self, years: list[str]) -> Filters:
        """These filters with the year range clamped to the years the warehouse has."""
        if not years:
            return self
        year_to = self.year_to if self.year_to in years else years[-1]
        year_from = self.year_from if self.year_from in years else years[0]
        if year_from > year_to:
            year_from, year_to = year_to, year_from
        return replace(self, year_from=year_from, year_to=year_to)

    def params(self) -> dict:
        """Bound parameters of the named queries."""
        return {
            "schools": list(self.schools),
            "year_from": self.year_from or "0000-0001",
            "year_to": self.year_to or "9999-9999",
            "direction": self.direction,
            "activities": list(self.activities),
            "regions": list(self.regions),
        }
