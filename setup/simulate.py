# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Simulate the collections desk for N days on a generated ledger and check its invariants.

Usage (with the Python of the virtualenv that has Odoo on its path; ``setup/simulate.sh`` makes a
throw-away database first)::

    python setup/simulate.py -d DB [--customers 200] [--days 90] [--seed 1] [-c ODOO_CONF]
        [--db_user U] [--db_host H] [--db_port P] [--addons-path PATHS]

The database must have the RCM addons installed; the simulation writes real records into it (each
day is committed), so use a database you can throw away. It prints one line of figures per day
(contacts, new invoices, collected, open cases, flags raised/cleared, violations), every violation,
the engines' refusals of ordinary collector actions, then a summary: contacts per customer per
month, collected %, flags raised/cleared, violations per invariant, run time.

The engine is ``rcm_reports/services/simulation.py``, the driver ``rcm_reports/models/rcm_simulation.py``.
"""

import argparse
import sys
import threading


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("-c", "--config")
    parser.add_argument("--customers", type=int, default=200)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--db_user")
    parser.add_argument("--db_host")
    parser.add_argument("--db_port")
    parser.add_argument("--addons-path", dest="addons_path")
    args = parser.parse_args(argv)
    if args.customers < 1 or args.days < 1:
        parser.error("--customers and --days must be at least 1")
    return args


def odoo_config_args(args):
    options = ["-c", args.config] if args.config else []
    options += ["-d", args.database]
    for name in ("db_user", "db_host", "db_port"):
        value = getattr(args, name)
        if value:
            options.append(f"--{name}={value}")
    if args.addons_path:
        options.append(f"--addons-path={args.addons_path}")
    return options


def main(argv=None):
    args = parse_args(argv)
    try:
        from odoo import api
        from odoo.modules.registry import Registry
        from odoo.tools import config
    except ImportError:
        sys.exit("Odoo is not importable: run this script with the Python of Odoo's virtualenv.")

    config.parse_config(odoo_config_args(args), setup_logging=True)
    threading.current_thread().dbname = args.database
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        if "rcm.simulation" not in env:
            sys.exit(f"rcm_reports is not installed (or not up to date) in {args.database}.")
        from odoo.addons.rcm_reports.models.rcm_simulation import _load_engine

        engine = _load_engine()

        def on_day(figures, violations):
            print(engine.format_day(figures), flush=True)
            for violation in violations:
                print(f"  VIOLATION {violation}", flush=True)

        result = env["rcm.simulation"]._rcm_sim_run(
            seed=args.seed, customers=args.customers, days=args.days, on_day=on_day, commit=True
        )
        cr.commit()
    state, summary = result["state"], result["summary"]
    for day, partner, outcome, error in state["errors"]:
        print(f"ENGINE REFUSED {day} partner {partner} {outcome}: {error}")
    print("timings (s): " + ", ".join(f"{k} {v:.1f}" for k, v in sorted(state["timings"].items())))
    print("summary:")
    for key, value in summary.items():
        print(f"  {key}: {value}")
    return summary


if __name__ == "__main__":
    main()
