"""Every page renders against real warehouses, without a browser."""

from __future__ import annotations

import dash
import pytest

from dashboard.app import create_app


@pytest.fixture(scope="module")
def app():
    return create_app()


def test_every_page_is_registered_with_a_name_a_path_and_an_order(app):
    for page in dash.page_registry.values():
        assert page["name"] and page["path"].startswith("/") and page["order"] is not None


def test_home_page_is_served(app, demo_warehouse):
    response = app.server.test_client().get("/")
    assert response.status_code == 200
    assert b"mobility" in response.data


def test_home_layout_shows_each_school_and_the_synthetic_banner(app, demo_warehouse):
    from dashboard.pages import home

    text = str(home.layout())
    assert "SYNTHETIC" in text
    for school in ("IMT Mines Albi", "IMT Mines Alès", "IMT Nord Europe"):
        assert school in text


def test_home_layout_explains_an_empty_warehouse(app, isolated_warehouse):
    from dashboard.pages import home
    from warehouse import db

    with db.writing():
        pass
    text = str(home.layout())
    assert "The warehouse is empty" in text and "SYNTHETIC" not in text
