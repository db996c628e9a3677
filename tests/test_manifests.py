# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Layout and manifest checks across the addons; they need no Odoo."""

import ast
import pathlib
import xml.etree.ElementTree as ET

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = [
    "rcm_collections",
    "rcm_disputes",
    "rcm_dunning",
    "rcm_reports",
    "rcm_collections_sale",
    "rcm_queue_job",
]
EXPECTED_DEPENDS = {
    "rcm_collections": {"account", "mail", "portal"},
    "rcm_disputes": {"rcm_collections"},
    "rcm_dunning": {"rcm_collections"},
    "rcm_reports": {"rcm_collections", "rcm_disputes", "rcm_dunning"},
    "rcm_collections_sale": {"rcm_collections", "sale"},
    "rcm_queue_job": {"queue_job", "rcm_collections", "rcm_dunning"},
}


def manifest(addon):
    return ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_metadata(addon):
    m = manifest(addon)
    assert m["version"] == "19.0.1.0.0" or m["version"].startswith("19.0.")
    assert m["license"] == "LGPL-3"
    assert m["author"] and m["website"].startswith("https://")
    assert m.get("installable", True)


@pytest.mark.parametrize("addon", ADDONS)
def test_dependency_chain(addon):
    # rcm_dunning must never depend on rcm_disputes: they meet through rcm_collections' exclusions.
    assert EXPECTED_DEPENDS[addon] <= set(manifest(addon)["depends"])
    if addon in ("rcm_disputes", "rcm_dunning"):
        assert not {"rcm_disputes", "rcm_dunning"} & set(manifest(addon)["depends"])


@pytest.mark.parametrize("addon", ADDONS)
def test_packaging_files(addon):
    base = ROOT / addon
    assert (base / "static/description/icon.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (base / "readme/DESCRIPTION.md").read_text().strip()
    assert (base / "README.rst").exists()
    assert "whool" in (base / "pyproject.toml").read_text()


@pytest.mark.parametrize("addon", ADDONS)
def test_data_files_exist_and_parse(addon):
    m = manifest(addon)
    for key in ("data", "demo"):
        for rel in m.get(key, []):
            path = ROOT / addon / rel
            assert path.exists(), f"{addon}: {key} file {rel} missing"
            if rel.endswith(".xml"):
                ET.parse(path)


@pytest.mark.parametrize("addon", ADDONS)
def test_views_use_odoo19_syntax(addon):
    for path in (ROOT / addon).rglob("*.xml"):
        tree = ET.parse(path)
        for node in tree.iter():
            assert node.tag != "tree", f"{path}: <tree> is <list> in Odoo 19"
            assert "attrs" not in node.attrib, f"{path}: attrs= is gone in Odoo 19"
            assert "states" not in node.attrib or node.tag == "field", f"{path}: states= is gone in Odoo 19"
