"""The translators' tools: extract the messages, update and compile the catalogs, coverage.

    python -m dashboard.catalogs extract   # the code's messages -> dashboard/locale/messages.pot
    python -m dashboard.catalogs update    # every <lang>.po gains the new messages
    python -m dashboard.catalogs compile   # every .po -> .mo (the wheel's build does it too)
    python -m dashboard.catalogs coverage  # how many messages each language translates

They run babel as `pybabel` would with the options below (docs/translating.md gives the
pybabel commands). The messages are the strings passed to t(), t.ngettext(), t.pgettext(),
N_() and NP_() in dashboard/, and the labels of warehouse/reference/vocabularies.csv (with
their vocabulary as context). The wheel carries compiled catalogs: BuildPy compiles them when
setuptools builds the package.
"""

from __future__ import annotations

import contextlib
import csv
import io
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DASHBOARD_DIR = Path(__file__).resolve().parent
PROJECT_DIR = DASHBOARD_DIR.parent
LOCALE_DIR = DASHBOARD_DIR / "locale"
POT = LOCALE_DIR / "messages.pot"
MAPPING_FILE = PROJECT_DIR / "babel.cfg"
# `pybabel extract`'s options: t(...), and N_ and NP_ that mark messages translated later,
# besides babel's own keywords (ngettext, pgettext: babel matches a method by its name);
# files named without line numbers, so that moving code does not change the .pot
EXTRACT = (
    "extract", "-F", str(MAPPING_FILE), "-k", "t", "-k", "N_", "-k", "NP_:1c,2",
    "--add-comments=TRANSLATORS:", "--add-location=file", "--sort-by-file", "--width=100",
    "--project=mobility", "--copyright-holder=mobility's contributors",
)  # fmt: skip
# from the project's folder; the management report's words too (a PDF the dashboard serves)
INPUTS = ("dashboard", "warehouse/reference", "warehouse/management_report")
# vocabularies whose labels do not go through the catalogs: CLDR names regions
CLDR_VOCABULARIES = {"region"}


def extract_vocabularies(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extractor of vocabularies.csv: each label, with its vocabulary as context."""
    text = io.TextIOWrapper(fileobj, encoding="utf-8", newline="")
    for line, row in enumerate(csv.DictReader(text), start=2):
        if row["vocabulary"] in CLDR_VOCABULARIES:
            continue
        yield line, "pgettext", (row["vocabulary"], row["label"]), [f"code: {row['code']}"]


def pybabel(*arguments: str) -> None:
    """Run pybabel with these arguments from the project's folder, as a translator would (the
    .pot names files from there)."""
    from babel.messages.frontend import CommandLineInterface

    with contextlib.chdir(PROJECT_DIR):
        CommandLineInterface().run(["pybabel", "--quiet", *arguments])


def extract(output: Path = POT) -> Catalog:
    """The messages of the code and of the vocabularies, written to `output` (the .pot)."""
    pybabel(*EXTRACT, "-o", str(output), *INPUTS)
    return read(output)


def languages() -> list[str]:
    """The languages with a catalog."""
    return sorted(path.parent.parent.name for path in LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def read(path: Path) -> Catalog:
    with open(path, "rb") as file:
        return read_po(file)


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def update() -> None:
    """Every catalog gains the .pot's new messages and loses the ones the code dropped; a
    message whose English changed a little keeps its translation, marked fuzzy (shown in
    English until a translator checks it)."""
    pybabel(
        "update", "-i", str(POT), "-d", str(LOCALE_DIR), "--width=100", "--ignore-obsolete",
    )  # fmt: skip


def compiled(po: Path) -> bytes:
    """A .po file as the bytes of its .mo (fuzzy and empty translations left out: English)."""
    buffer = io.BytesIO()
    write_mo(buffer, read(po))
    return buffer.getvalue()


def compile_all(target: Path = LOCALE_DIR) -> list[Path]:
    """Each .po compiled to its .mo under `target` (the same tree); the paths written."""
    written = []
    for lang in languages():
        mo = target / lang / "LC_MESSAGES" / "messages.mo"
        mo.parent.mkdir(parents=True, exist_ok=True)
        mo.write_bytes(compiled(po_path(lang)))
        written.append(mo)
    return written


def coverage() -> dict[str, tuple[int, int]]:
    """Per language: (messages translated, messages in the .pot). Fuzzy counts as missing."""
    template = read(POT)
    wanted = {(message.id, message.context) for message in template if message.id}
    result = {}
    for lang in languages():
        translated = {
            (message.id, message.context)
            for message in read(po_path(lang))
            if message.id
            and not message.fuzzy
            and all(message.string if isinstance(message.string, tuple) else [message.string])
        }
        result[lang] = (len(wanted & translated), len(wanted))
    return result


def __getattr__(name: str):
    """BuildPy, the build's hook (pyproject.toml's cmdclass), made when setuptools asks for it:
    the dashboard imports this module at run time, where setuptools has no business."""
    if name != "BuildPy":
        raise AttributeError(name)
    from setuptools.command.build_py import build_py

    class BuildPy(build_py):
        """setuptools' build_py, then the catalogs compiled into the build (the wheel), and the
        top-level queries/ and assets/ copied into it (warehouse/resources.py finds them)."""

        def run(self) -> None:
            super().run()
            if not self.dry_run:
                compile_all(Path(self.build_lib) / "dashboard" / "locale")
                # not through warehouse.resources: its package needs DuckDB, absent from the build
                shipped = Path(self.build_lib) / "warehouse" / "shipped"
                for name in ("queries", "assets"):
                    shutil.rmtree(shipped / name, ignore_errors=True)
                    shutil.copytree(
                        PROJECT_DIR / name,
                        shipped / name,
                        ignore=shutil.ignore_patterns("__pycache__", "*.py", "*.pyc"),
                    )

    return BuildPy


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "extract":
        catalog = extract()
        print(f"{len(catalog)} messages written to {POT.relative_to(PROJECT_DIR)}")
    elif command == "update":
        update()
        print("updated: " + ", ".join(str(po_path(lang)) for lang in languages()))
    elif command == "compile":
        for path in compile_all():
            print(f"compiled {path.relative_to(PROJECT_DIR)}")
    elif command == "coverage":
        for lang, (done, total) in coverage().items():
            print(f"{lang}: {done} of {total} messages translated ({done / total:.0%})")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
