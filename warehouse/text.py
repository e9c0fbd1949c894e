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


# Letters that NFKD does not decompose into an ASCII base letter.
_LATIN_SPECIALS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")


def ascii_words(text: str) -> list[str]:
    """Casefolded, accent-free, punctuation-free words; non-Latin scripts vanish."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).split()
    if not _LATIN_LETTER.search(text.casefold()):
        return []  # Greek, Cyrillic, Han...: nothing a Latin-script spreadsheet could match
    # Drop the accents (fold, the one accent folding), spell out the letters that have no
    # accent to drop (ø, æ, ł…), then turn what is still not ASCII (’, «, ·) into a separator.
    folded = fold(text).translate(_LATIN_SPECIALS).encode("ascii", "replace").decode()
    return _NON_ALNUM.sub(" ", folded).split()
