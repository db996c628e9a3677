#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Print the figures the benchmark scripts recorded (``benchlib.record``) as one Markdown table.

    python tests/bench/bench_table.py FIGURES.jsonl

One row per measure and temp, in the order first recorded: measure, temp (cold / warm), RCM, OCA, ratio,
note. Rows of the same measure, temp and unit are merged (a script measuring only RCM's side and another
only OCA's give one row; their notes are joined). For times (unit s or ms) the ratio is OCA / RCM: how
many times faster RCM is. A row without both figures has no ratio. Plain Python (no Odoo), so that it runs
anywhere and is unit-tested.
"""

import json
import sys

TIME_UNITS = ("s", "ms")
COLUMNS = ("measure", "temp", "RCM", "OCA", "ratio", "note")


def read_figures(path):
    """The rows of the figures file (one JSON object per line; blank lines skipped)."""
    with open(path, encoding="utf-8") as figures:
        return [json.loads(line) for line in figures if line.strip()]


def merge(rows):
    """One row per (measure, temp, unit), first figures kept, notes joined in order."""
    merged = {}
    for row in rows:
        key = (row.get("measure", ""), row.get("temp", ""), row.get("unit", "s"))
        if key not in merged:
            merged[key] = dict(row, unit=key[2], notes=[])
        target = merged[key]
        for side in ("rcm", "oca"):
            if target.get(side) is None and row.get(side) is not None:
                target[side] = row[side]
        if row.get("note") and row["note"] not in target["notes"]:
            target["notes"].append(row["note"])
    return [dict(row, note="; ".join(row.pop("notes"))) for row in merged.values()]


def format_value(value, unit):
    """``value`` with its unit: times and amounts with two decimals, counts as integers."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if unit == "count" or (isinstance(value, int) and not isinstance(value, bool) and unit not in TIME_UNITS):
        return f"{value:,.0f}"
    text = f"{value:,.2f}" if abs(value) >= 0.1 or value == 0 else f"{value:,.3f}"
    return f"{text} {unit}" if unit and unit not in ("count", "amount") else text


def ratio(row):
    """OCA / RCM for times ("12.3x"), else empty."""
    rcm, oca = row.get("rcm"), row.get("oca")
    if row.get("unit", "s") not in TIME_UNITS or not isinstance(rcm, (int, float)):
        return ""
    if not isinstance(oca, (int, float)) or not rcm:
        return ""
    return f"{oca / rcm:.1f}x"


def _cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(rows):
    """The figures as one Markdown table (header, separator, one line per figure)."""
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join(("---", "---", "---:", "---:", "---:", "---")) + "|",
    ]
    for row in merge(rows):
        unit = row.get("unit", "s")
        cells = (
            row.get("measure", ""),
            row.get("temp", ""),
            format_value(row.get("rcm"), unit),
            format_value(row.get("oca"), unit),
            ratio(row),
            row.get("note", ""),
        )
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        sys.exit(__doc__)
    sys.stdout.write(markdown(read_figures(argv[0])))


if __name__ == "__main__":
    main()
