"""The topojson served from assets/ so that plotly geo maps render without internet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TOPOJSON_DIR = Path(__file__).resolve().parent.parent / "assets" / "topojson"
WORLD = TOPOJSON_DIR / "world_110m.json"
README = TOPOJSON_DIR / "README.md"


@pytest.fixture(scope="module")
def world() -> dict:
    return json.loads(WORLD.read_text(encoding="utf-8"))


def test_world_110m_exists() -> None:
    assert WORLD.is_file(), f"missing {WORLD}: run assets/topojson/extract_topojson.py"
    assert WORLD.stat().st_size > 10_000


def test_world_110m_is_a_topology(world: dict) -> None:
    assert world["type"] == "Topology"
    assert world["arcs"]
    assert {"scale", "translate"} <= set(world["transform"])


def test_world_110m_countries(world: dict) -> None:
    countries = world["objects"]["countries"]
    assert countries["type"] == "GeometryCollection"
    geometries = countries["geometries"]
    assert len(geometries) > 150
    # locationmode="ISO-3" matches the geometry ids
    ids = {g.get("id") for g in geometries}
    assert {"FRA", "DEU", "USA", "BRA", "CHN", "IND", "ZAF", "AUS"} <= ids


def test_base_layers_present(world: dict) -> None:
    assert {"land", "coastlines", "ocean", "lakes"} <= set(world["objects"])


@pytest.mark.parametrize(
    "name", ["europe_110m", "north-america_110m", "usa_110m", "asia_110m", "africa_110m"]
)
def test_regional_files_named_as_plotly_requests_them(name: str) -> None:
    data = json.loads((TOPOJSON_DIR / f"{name}.json").read_text(encoding="utf-8"))
    assert data["type"] == "Topology"
    assert "countries" in data["objects"]


def test_no_geo_assets_bundle_in_assets() -> None:
    # Dash would load it into every page, and it replaces window.Plotly
    assert not list(TOPOJSON_DIR.parent.rglob("plotly-geo-assets*.js"))


def test_readme_names_the_source() -> None:
    text = README.read_text(encoding="utf-8")
    assert "plotly.js 4.1.1" in text
    assert "dist/plotly-geo-assets.js" in text
    assert "Natural Earth" in text
    assert "United Nations" in text
    assert "extract_topojson.py" in text
