# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the benchmark scripts of this folder share: their command line, the Odoo registry of the
benchmark database, the timer (best and median of repeated calls) and the figures file.

Figures: ``record(measure, rcm, oca=None, unit="s", temp="warm", note="")`` appends one JSON row to the
file named by the environment variable ``RCM_BENCH_FIGURES`` (nothing happens when it is unset);
``tests/bench/bench_table.py FILE`` prints those rows as one table (``setup/bench.sh`` does).
"""

import argparse
import json
import os
import statistics
import time

FIGURES_ENV = "RCM_BENCH_FIGURES"


def record(measure, rcm, oca=None, unit="s", temp="warm", note=""):
    """Append one figure to the file named by ``$RCM_BENCH_FIGURES`` (no-op when unset).

    ``measure``: what is measured ("dunning run"); ``rcm`` / ``oca``: RCM's and OCA's value (``None``
    when not measured); ``unit``: "s", "ms", "x", "count", ... (for times the table's ratio is
    OCA / RCM); ``temp``: "cold" (first run after a PostgreSQL restart) or "warm" (best of repeats);
    ``note``: conditions worth reading beside the figure."""
    path = os.environ.get(FIGURES_ENV)
    if not path:
        return
    row = {"measure": measure, "temp": temp, "rcm": rcm, "oca": oca, "unit": unit, "note": note}
    with open(path, "a", encoding="utf-8") as figures:
        figures.write(json.dumps(row) + "\n")


def timed(func, repeat):
    """``(best, median, last result)`` of ``repeat`` calls of ``func``, in seconds."""
    times = []
    result = None
    for _i in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def parse_args(doc, add_arguments=None):
    """The options every benchmark takes (-c ODOO_CONF, -d DB, --repeat N) and its own ones."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    if add_arguments:
        add_arguments(parser)
    return parser.parse_args()


def load_registry(args):
    """Odoo configured from ``args`` and the registry of the benchmark database (addons importable)."""
    import odoo  # Odoo is importable only in the venv the bench command sets up
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    return Registry(args.database)
