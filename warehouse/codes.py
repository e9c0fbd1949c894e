"""Erasmus institution codes and other identifiers."""

import re

_SPACES = re.compile(r"[\s\u00a0]+")


def normalise_erasmus_code(code: str | None) -> str | None:
    """One spelling per Erasmus code: 'F  ALBI05' and 'F\\xa0 ALBI05' become 'F ALBI05'.

    A code is a country prefix of 1-3 letters, padding, then the city part. The EC pads prefixes
    to three characters, so old files write 'F  ALBI05'; three-letter prefixes ('IRLDUBLIN04',
    'LUXLUX-VIL01') carry no space at all. We keep one space after a shorter prefix.
    """
    if code is None:
        return None
    parts = _SPACES.sub(" ", code).strip().upper().split(" ")
    if parts == [""]:
        return None
    if len(parts) == 1:
        return parts[0]
    prefix, rest = parts[0], "".join(parts[1:])
    return prefix + rest if len(prefix) >= 3 else f"{prefix} {rest}"
