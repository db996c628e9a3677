# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the benchmark scripts of this folder share: their command line, the Odoo registry of the
benchmark database, and the timer (best and median of repeated calls)."""

import argparse
import statistics
import time


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

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    return Registry(args.database)
