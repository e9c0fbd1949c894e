"""The pseudonym key belongs to its warehouse: a missing or foreign key stops the imports that
pseudonymise (every student would get another pseudonym); `mobility key init` creates one;
`mobility backup` and `mobility restore` carry the warehouse and its key together, verified."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from mobility import cli

from .conftest import DATA

MOBILITIES = DATA / "imports" / "spreadsheets" / "mobilities" / "clean.csv"
GRADUATES = DATA / "imports" / "graduates" / "graduates.csv"
PARTNERS = DATA / "imports" / "agreements" / "partner_list.tsv"


def run(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pseudonyms(path: Path) -> list[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return [
            row[0]
            for row in con.execute(
                "select participant_id from raw.mobilities where participant_id is not null "
                "order by line_number"
            ).fetchall()
        ]


@pytest.fixture
def with_pseudonyms(isolated_warehouse):
    code, out, _ = run("import", "mobilities", MOBILITIES, "--school", "IMT Mines Albi")
    assert code == 0, out
    key = isolated_warehouse.with_suffix(".key")
    assert key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "created the pseudonym key" in out
    return isolated_warehouse


def test_a_deleted_key_stops_mobility_and_graduate_imports(with_pseudonyms, tmp_path):
    key = with_pseudonyms.with_suffix(".key")
    key.unlink()
    before = sha256(with_pseudonyms)
    other = tmp_path / "other.csv"
    other.write_text(MOBILITIES.read_text("utf-8").replace("2024-2025", "2023-2024"), "utf-8")
    for args in (
        ("import", "mobilities", other, "--school", "IMT Mines Albi"),
        ("import", "graduates", GRADUATES, "--school", "IMT Mines Albi"),
        ("import", "mobilities", other, "--school", "IMT Mines Albi", "--dry-run"),
    ):
        code, out, err = run(*args)
        assert code == 1, out
        assert err == (
            f"error: {key}: the pseudonym key of this warehouse is missing: restore it with "
            "the warehouse (`mobility restore BACKUP`); `mobility key init --force` makes a new "
            "one, and every student then gets another pseudonym\n"
        )
    assert not key.exists()  # not silently made again
    assert sha256(with_pseudonyms) == before
    # a partner list needs no key
    assert run("import", "agreements", PARTNERS, "--school", "IMT Mines Albi")[0] == 0


def test_a_foreign_key_stops_the_import(with_pseudonyms, tmp_path):
    key = with_pseudonyms.with_suffix(".key")
    key.write_bytes(b"another key" * 3)
    other = tmp_path / "other.csv"
    other.write_text(MOBILITIES.read_text("utf-8").replace("2024-2025", "2023-2024"), "utf-8")
    code, _out, err = run("import", "mobilities", other, "--school", "IMT Mines Albi")
    assert code == 1
    assert err.startswith(f"error: {key}: this key is not the one the warehouse's pseudonyms")


def test_key_init_creates_a_key_and_refuses_to_replace_one(isolated_warehouse):
    key = isolated_warehouse.with_suffix(".key")
    code, out, _ = run("key", "init")
    assert code == 0 and key.exists() and stat.S_IMODE(key.stat().st_mode) == 0o600
    assert "mobility backup" in out
    first = key.read_bytes()
    code, _out, err = run("key", "init")
    assert code == 1 and "already exists" in err and key.read_bytes() == first


def test_key_init_needs_force_when_pseudonyms_exist(with_pseudonyms):
    key = with_pseudonyms.with_suffix(".key")
    old = pseudonyms(with_pseudonyms)
    key.unlink()
    code, _out, err = run("key", "init")
    assert code == 1 and "--force" in err and not key.exists()
    code, out, _ = run("key", "init", "--force")
    assert code == 0, out
    # the same file imported again with the new key: its students get other pseudonyms
    assert run("import", "mobilities", MOBILITIES, "--school", "IMT Mines Albi", "--map",
               "student_id=Student ID")[0] == 0  # fmt: skip
    new = pseudonyms(with_pseudonyms)
    assert len(new) == len(old) and not set(new) & set(old)


def test_backup_and_restore_carry_the_pair_verified(with_pseudonyms, tmp_path, monkeypatch):
    key = with_pseudonyms.with_suffix(".key")
    backup = tmp_path / "backup"
    code, out, _ = run("backup", backup)
    assert code == 0, out
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["files"]["warehouse.duckdb"]["sha256"] == sha256(with_pseudonyms)
    assert manifest["files"]["warehouse.key"]["sha256"] == sha256(key)
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    for name in ("warehouse.duckdb", "warehouse.key", "manifest.json"):
        assert stat.S_IMODE((backup / name).stat().st_mode) == 0o600
    assert "verified" in out
    # restored elsewhere: the same bytes, and imports go on with the same pseudonyms
    target = tmp_path / "restored" / "mobility.duckdb"
    monkeypatch.setenv("MOBILITY_DB", str(target))
    code, out, _ = run("restore", backup)
    assert code == 0, out
    assert sha256(target) == sha256(with_pseudonyms)
    assert target.with_suffix(".key").read_bytes() == key.read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.with_suffix(".key").stat().st_mode) == 0o600
    code, _out, err = run("restore", backup)
    assert code == 1 and "--force" in err


def test_restore_refuses_a_damaged_or_mismatched_pair(with_pseudonyms, tmp_path, monkeypatch):
    first = tmp_path / "first"
    assert run("backup", first)[0] == 0
    # another warehouse with its own key
    monkeypatch.setenv("MOBILITY_DB", str(tmp_path / "second" / "mobility.duckdb"))
    assert run("import", "mobilities", MOBILITIES, "--school", "IMT Mines Albi")[0] == 0
    second = tmp_path / "second-backup"
    assert run("backup", second)[0] == 0
    monkeypatch.setenv("MOBILITY_DB", str(tmp_path / "target" / "mobility.duckdb"))

    damaged = tmp_path / "damaged"
    shutil.copytree(first, damaged)
    with open(damaged / "warehouse.duckdb", "r+b") as file:
        file.seek(5000)
        file.write(b"\xff")
    code, _out, err = run("restore", damaged)
    assert code == 1 and "SHA-256" in err and "warehouse.duckdb" in err

    mixed = tmp_path / "mixed"
    shutil.copytree(first, mixed)
    shutil.copyfile(second / "warehouse.key", mixed / "warehouse.key")
    manifest = json.loads((mixed / "manifest.json").read_text())
    manifest["files"]["warehouse.key"] = json.loads((second / "manifest.json").read_text())[
        "files"
    ]["warehouse.key"]
    (mixed / "manifest.json").write_text(json.dumps(manifest))
    code, _out, err = run("restore", mixed)
    assert code == 1 and "does not belong to" in err
    assert not (tmp_path / "target").exists() or not any((tmp_path / "target").iterdir())
