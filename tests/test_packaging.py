# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each addon builds as an ``odoo-addon-rcm-*`` wheel the OCA way (whool)."""

import os
import pathlib
import zipfile

import pytest

whool_buildapi = pytest.importorskip("whool.buildapi")

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDONS = [
    "rcm_collections",
    "rcm_disputes",
    "rcm_dunning",
    "rcm_reports",
    "rcm_collections_sale",
    "rcm_queue_job",
]


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_builds_a_wheel(addon, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT / addon)
    name = whool_buildapi.build_wheel(os.fspath(tmp_path))
    assert name.startswith(f"odoo_addon_{addon}-19.0.")
    with zipfile.ZipFile(tmp_path / name) as wheel:
        names = wheel.namelist()
        assert f"odoo/addons/{addon}/__manifest__.py" in names
        assert f"odoo/addons/{addon}/static/description/icon.png" in names
        metadata = wheel.read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: odoo==19.0.*" in metadata
    assert "License: LGPL-3" in metadata
