"""Linking partners to the institution registry (the EU charter list).

A partner named in a file without its Erasmus code is looked up among the charter holders of
its country: by the same name (case, accents, punctuation ignored), by a declared alias of that
name, by its EWP HEI id (the institution's web domain), and last by a close spelling. A close
spelling links only above LINK_THRESHOLD; a weaker best candidate is recorded in
partner_registry_links with its score so an officer can confirm it with an alias, never guessed.
"""

from __future__ import annotations

import duckdb
from rapidfuzz import fuzz, process

LINK_THRESHOLD = 92.0  # token_sort_ratio on name keys; below it a match is reported, not used
REPORT_FLOOR = 70.0  # weaker candidates are not worth showing


def link_partners(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite partner_registry_links for every partner spelling that has no Erasmus code."""
    con.execute("delete from partner_registry_links")
    registry = con.execute(
        """
        select erasmus_code, legal_name, name_key(legal_name), country_iso2,
               lower(regexp_replace(coalesce(website, ''),
                     '^(https?://)?(www\\.)?([^/:]+).*$', '\\3')) as domain
        from (
            select *, row_number() over (partition by erasmus_code order by import_id desc) as n
            from raw.institutions
        )
        where n = 1
        """
    ).fetchall()
    if not registry:
        return
    spellings = con.execute(
        """
        with names as (
            select partner_country_iso2 as country_iso2, partner_name as name,
                   partner_hei_id as hei_id
            from raw.agreements where partner_erasmus_code is null
            union all
            select partner_country_iso2, partner_name, null
            from raw.mobilities where partner_erasmus_code is null
            union all
            select partner_country_iso2, partner_name, null from raw.agreement_quotas
        )
        select names.country_iso2, name_key(names.name) as spelling_key, min(names.name),
               max(names.hei_id), max(name_key(aliases.canonical_name))
        from names
        left join main.partner_aliases as aliases
            on name_key(aliases.alias) = name_key(names.name)
            and (aliases.country_iso2 is null or aliases.country_iso2 = names.country_iso2)
        group by all
        """
    ).fetchall()
    by_country: dict[str, dict[str, tuple[str, str]]] = {}
    by_domain: dict[str, tuple[str, str]] = {}
    for code, name, key, country, domain in registry:
        by_country.setdefault(country, {})[key] = (code, name)
        if domain:
            by_domain[domain] = (code, name)
    links = []
    for country, key, spelling, hei_id, alias_key in spellings:
        names = by_country.get(country, {})
        method, score, match = "none", None, None
        if key in names:
            method, score, match = "name", 100.0, names[key]
        elif alias_key and alias_key in names:
            method, score, match = "alias", 100.0, names[alias_key]
        elif hei_id and _domain_match(hei_id.lower(), by_domain):
            method, score, match = "hei id", 100.0, _domain_match(hei_id.lower(), by_domain)
        elif names:
            best = process.extractOne(key, list(names), scorer=fuzz.token_sort_ratio)
            if best and best[1] >= REPORT_FLOOR:
                score, match = best[1], names[best[0]]
                method = "fuzzy" if score >= LINK_THRESHOLD else "none"
        linked = match if method != "none" else None
        links.append(
            (
                country, key, spelling,
                linked[0] if linked else None,
                match[0] if match else None,
                match[1] if match else None,
                method, score,
            )
        )  # fmt: skip
    if links:
        con.executemany("insert into partner_registry_links values (?, ?, ?, ?, ?, ?, ?, ?)", links)


def _domain_match(hei_id: str, by_domain: dict[str, tuple[str, str]]):
    if hei_id in by_domain:
        return by_domain[hei_id]
    return next((v for d, v in by_domain.items() if d.endswith("." + hei_id)), None)
