"""Small text normalisations shared by importers and reference data."""

import re
import unicodedata


def fold(text: str) -> str:
    """Case-, accent- and spacing-insensitive form: 'IMT Mines  Alès' -> 'imt mines ales'."""
    if text.isascii():  # the same result, without Unicode tables (a million student ids)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def clean(text: str) -> str:
    """Collapse runs of spaces, including non-breaking ones, and trim."""
    return " ".join(text.replace("\u00a0", " ").split())


def slug(text: str) -> str:
    """A readable id: 'IMT Mines Alès' -> 'imt-mines-ales'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
