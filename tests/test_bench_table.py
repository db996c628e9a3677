# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo-free tests of the benchmark figures: benchlib.record's rows and bench_table's Markdown table."""

import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "bench"
sys.path.insert(0, str(BENCH))

import bench_table  # noqa: E402
import benchlib  # noqa: E402


def test_record_appends_one_json_row_per_figure(tmp_path, monkeypatch):
    figures = tmp_path / "figures.jsonl"
    monkeypatch.setenv("RCM_BENCH_FIGURES", str(figures))
    benchlib.record("dunning run", 2.5, 50.0, temp="cold", note="after restart")
    benchlib.record("aging mismatches", 0, unit="count")
    rows = [json.loads(line) for line in figures.read_text().splitlines()]
    assert rows == [
        {
            "measure": "dunning run",
            "temp": "cold",
            "rcm": 2.5,
            "oca": 50.0,
            "unit": "s",
            "note": "after restart",
        },
        {"measure": "aging mismatches", "temp": "warm", "rcm": 0, "oca": None, "unit": "count", "note": ""},
    ]


def test_record_does_nothing_without_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("RCM_BENCH_FIGURES", raising=False)
    monkeypatch.chdir(tmp_path)
    benchlib.record("dunning run", 2.5, 50.0)
    assert list(tmp_path.iterdir()) == []


def test_table_columns_and_time_ratio_oca_over_rcm(tmp_path):
    figures = tmp_path / "figures.jsonl"
    figures.write_text(
        "\n".join(
            json.dumps(row)
            for row in (
                {
                    "measure": "dunning run",
                    "temp": "warm",
                    "rcm": 2.0,
                    "oca": 45.0,
                    "unit": "s",
                    "note": "best of 3",
                },
                {
                    "measure": "delivery per email",
                    "temp": "warm",
                    "rcm": 12.4,
                    "oca": 80.0,
                    "unit": "ms",
                    "note": "",
                },
                {
                    "measure": "aging mismatches",
                    "temp": "warm",
                    "rcm": 0,
                    "oca": None,
                    "unit": "count",
                    "note": "",
                },
                {
                    "measure": "aging total",
                    "temp": "warm",
                    "rcm": 1234567.891,
                    "oca": 1234567.89,
                    "unit": "amount",
                    "note": "a|b",
                },
            )
        )
        + "\n\n"
    )
    table = bench_table.markdown(bench_table.read_figures(figures)).splitlines()
    assert table[0] == "| measure | temp | RCM | OCA | ratio | note |"
    assert table[1] == "|---|---|---:|---:|---:|---|"
    assert table[2] == "| dunning run | warm | 2.00 s | 45.00 s | 22.5x | best of 3 |"
    assert table[3] == "| delivery per email | warm | 12.40 ms | 80.00 ms | 6.5x |  |"
    # no ratio for counts and amounts, nor without an OCA figure; a "|" in a note is escaped
    assert table[4] == "| aging mismatches | warm | 0 |  |  |  |"
    assert table[5] == "| aging total | warm | 1,234,567.89 | 1,234,567.89 |  | a\\|b |"
    assert len(table) == 6


def test_main_prints_the_table(tmp_path, capsys):
    figures = tmp_path / "figures.jsonl"
    figures.write_text(
        json.dumps({"measure": "m", "temp": "cold", "rcm": 0.05, "oca": 1.0, "unit": "s"}) + "\n"
    )
    bench_table.main([str(figures)])
    out = capsys.readouterr().out.splitlines()
    assert out[2] == "| m | cold | 0.050 s | 1.00 s | 20.0x |  |"


def test_rows_of_one_measure_from_both_sides_are_merged():
    rows = [
        {"measure": "run", "temp": "cold", "rcm": 2.0, "oca": None, "unit": "s", "note": "RCM: 10 items"},
        {"measure": "run", "temp": "warm", "rcm": 1.0, "oca": None, "unit": "s", "note": ""},
        {"measure": "run", "temp": "cold", "rcm": None, "oca": 50.0, "unit": "s", "note": "OCA: 9 lines"},
        {"measure": "run", "temp": "warm", "rcm": None, "oca": 40.0, "unit": "s", "note": ""},
    ]
    table = bench_table.markdown(rows).splitlines()
    assert table[2:] == [
        "| run | cold | 2.00 s | 50.00 s | 25.0x | RCM: 10 items; OCA: 9 lines |",
        "| run | warm | 1.00 s | 40.00 s | 40.0x |  |",
    ]
