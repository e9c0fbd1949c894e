#!/usr/bin/env python3
"""Extract the topojson maps bundled in plotly.js's ``dist/plotly-geo-assets.js``.

plotly.js draws ``geo`` subplots (choropleth, scattergeo) from topojson files that it
fetches at ``<config.topojsonURL><scope>_<resolution>m.json`` (default
``https://cdn.plot.ly/un/``).  The npm package ships the very same maps inlined as
JavaScript object literals in ``dist/plotly-geo-assets.js``.  This script turns them back
into plain JSON files so that they can be served locally (Dash ``assets/`` folder) and the
dashboard works without internet access.

Standard library only.  Usage::

    python extract_topojson.py SOURCE [--out DIR] [--only-110m] [--expect-version X.Y.Z]

SOURCE is one of:

* the ``.tgz`` produced by ``npm pack plotly.js@X.Y.Z``;
* an unpacked package directory (the one holding ``dist/``, or its parent ``package/``);
* the ``plotly-geo-assets.js`` file itself.

The JSON files are written to ``--out`` (default: the directory of this script), named
exactly as plotly.js requests them, e.g. ``world_110m.json``, ``north-america_50m.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
from pathlib import Path

GEO_ASSETS = "dist/plotly-geo-assets.js"

# Tokens of the JS object-literal subset that esbuild prints for inlined JSON.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<str>"(?:[^"\\\n]|\\.)*")
  | (?P<num>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ident>[A-Za-z_$][\w$]*)
  | (?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE,
)
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?\Z")
_MODULE = re.compile(
    r"var\s+(?P<fn>require_[\w$]+)\s*=\s*__commonJS\(\{\s*"
    r'"dist/topojson/(?P<file>[^"/]+)\.json"\s*\(exports,\s*module\)\s*\{\s*'
    r"module\.exports\s*=\s*"
)
_REGISTRY = re.compile(r"var\s+topojson\s*=\s*\{(?P<body>.*?)\};", re.DOTALL)
_REGISTRY_ENTRY = re.compile(r'(?:"(?P<q>[^"]+)"|(?P<b>[\w$]+))\s*:\s*(?P<fn>require_[\w$]+)\(\)')
_VERSION = re.compile(r"plotly\.js v(\d+\.\d+\.\d+\S*)")


def read_geo_assets(source: Path) -> str:
    """Return the text of plotly-geo-assets.js from a .tgz, a package dir or the file."""
    if source.is_file() and source.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(source, "r:gz") as tar:
            for member in tar.getmembers():
                if member.name.endswith("/" + GEO_ASSETS) or member.name == GEO_ASSETS:
                    handle = tar.extractfile(member)
                    if handle is None:
                        break
                    return handle.read().decode("utf-8")
        raise SystemExit(f"{source}: no {GEO_ASSETS} inside the archive")
    if source.is_file():
        return source.read_text(encoding="utf-8")
    for candidate in (source / GEO_ASSETS, source / "package" / GEO_ASSETS):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise SystemExit(f"{source}: cannot find {GEO_ASSETS}")


def js_literal_to_json(text: str, start: int) -> tuple[str, int]:
    """Convert the JS object literal beginning at ``text[start]`` into JSON text.

    Handles bare identifier keys, JS-only number spellings (``.5``, ``5.``, ``05``) and
    trailing commas.  Returns the JSON text and the index just past the literal.
    """
    out: list[str] = []
    depth = 0
    pos = start
    pending_ident: str | None = None
    n = len(text)
    while pos < n:
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError(f"unexpected character {text[pos]!r} at offset {pos}")
        pos = m.end()
        kind = m.lastgroup
        tok = m.group()
        if kind == "ws":
            continue
        if pending_ident is not None:
            if tok == ":":
                out.append(json.dumps(pending_ident))
            elif pending_ident in ("true", "false", "null"):
                out.append(pending_ident)
            else:
                raise ValueError(f"unsupported JS identifier {pending_ident!r} before {pos}")
            pending_ident = None
        if kind == "ident":
            pending_ident = tok
            continue
        if kind == "num":
            if not _JSON_NUMBER.match(tok):
                value = float(tok)
                tok = str(int(value)) if value.is_integer() and "." not in tok else repr(value)
            out.append(tok)
        elif kind == "str":
            out.append(tok)
        else:  # punctuation
            if tok in "}]" and out and out[-1] == ",":
                out.pop()  # trailing comma: legal in JS, not in JSON
            out.append(tok)
            if tok in "{[":
                depth += 1
            elif tok in "}]":
                depth -= 1
                if depth == 0:
                    return "".join(out), pos
    raise ValueError("unterminated object literal")


def extract(js: str) -> dict[str, dict]:
    """Return ``{name: topology}`` for every topojson held by plotly-geo-assets.js."""
    modules: dict[str, tuple[str, int]] = {}
    for m in _MODULE.finditer(js):
        modules[m.group("fn")] = (m.group("file"), m.end())
    if not modules:
        raise SystemExit("no inlined dist/topojson/*.json module found: unsupported layout")

    # The registry object (src/assets/geo_assets.js) gives the names plotly.js looks up;
    # they are also the basenames it fetches (<topojsonURL><name>.json).
    names: dict[str, str] = {}
    registry = _REGISTRY.search(js)
    if registry:
        for e in _REGISTRY_ENTRY.finditer(registry.group("body")):
            names[e.group("q") or e.group("b")] = e.group("fn")
    if not names:  # fall back to the file names recorded by the bundler
        names = {file: fn for fn, (file, _) in modules.items()}

    result: dict[str, dict] = {}
    for name, fn in names.items():
        if fn not in modules:
            raise SystemExit(f"registry entry {name!r} -> {fn} has no inlined module")
        file, offset = modules[fn]
        if file != name:
            print(f"warning: registry name {name!r} differs from file {file!r}", file=sys.stderr)
        text, _ = js_literal_to_json(js, offset)
        topology = json.loads(text)
        if topology.get("type") != "Topology" or "objects" not in topology:
            raise SystemExit(f"{name}: not a TopoJSON Topology")
        result[name] = topology
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help=".tgz, unpacked package dir or the .js file")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent, help="output directory"
    )
    parser.add_argument(
        "--only-110m", action="store_true", help="write only the *_110m maps (smaller)"
    )
    parser.add_argument(
        "--expect-version", help="fail unless the bundle's plotly.js version is this one"
    )
    args = parser.parse_args(argv)

    js = read_geo_assets(args.source)
    version_match = _VERSION.search(js[:500])
    version = version_match.group(1) if version_match else "unknown"
    if args.expect_version and version != args.expect_version:
        raise SystemExit(f"bundle is plotly.js {version}, expected {args.expect_version}")

    topologies = extract(js)
    args.out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, topology in sorted(topologies.items()):
        if args.only_110m and not name.endswith("_110m"):
            continue
        path = args.out / f"{name}.json"
        data = json.dumps(topology, separators=(",", ":"), ensure_ascii=False)
        path.write_text(data + "\n", encoding="utf-8")
        size = path.stat().st_size
        total += size
        layers = ",".join(topology["objects"])
        print(f"{path.name:28} {size:>10,} B  objects: {layers}")
    print(f"plotly.js {version}: {total:,} bytes written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
