# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the collections desk costs the accountant ("RCM's tax on Odoo's accounting").

Fresh databases (default):

    python tests/bench/bench_accounting_tax.py -c odoo.conf [--keep] [--repeat 5] [--customers 300]
        [--baseline deps|account]

builds two fresh databases of the same size without demo data — the baseline ``rcm_tax_deps`` with
the Odoo modules the RCM addons depend on (``sale``, ``sms``, ``account_payment``, ``portal``...) but
no RCM addon (``--baseline account``: ``rcm_tax_account`` with ``account`` alone, an informational
figure that also counts those modules as RCM's tax) and ``rcm_tax_rcm`` with every RCM addon — and
generates the same customers, products and posted invoices (some of them paid) in both. Then, in each
database, in a transaction rolled back afterwards, it times what an accountant does: posting 400
invoices in 4 ``action_post`` calls of 100, posting 40 invoices one by one and registering 200 payments
one by one through ``account.payment.register``. Each action ends as a transaction would (flush, then
the pre-commit hooks: tracking, cron triggers). The databases are measured in alternating rounds (each
in a process of its own, after an untimed warm-up) so that the load of the machine weighs on both
alike; the figures are the best and the median of the rounds and the ratio is RCM / baseline (target
<= 1.05 against the same non-RCM modules). ``--keep`` keeps both databases (and reuses them).

On a big ledger (the per-customer cost of the deferred refresh):

    python tests/bench/bench_accounting_tax.py -c odoo.conf --ledger-db DB [--sample 30]

posts one invoice and registers one payment for each of ``--sample`` customers of DB (those with the
most open items first, then every tenth customer), then times the ledger-change processing that
follows, one customer at a time (``rcm.ledger.change._rcm_process_pending(limit=1)``), and prints the
median and 95th percentile per customer. Rolled back: DB is left as it was (use a copy of the bench
ledger all the same).

Figures go to ``benchlib.record`` under names that say what they compare (``... (RCM vs same non-RCM
modules)``); the OCA column holds the baseline time, so the table's ratio is baseline / RCM: 0.95 means
a tax of 5 %.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import benchlib

ROOT = Path(__file__).resolve().parents[2]
RCM_ADDONS = ["rcm_collections", "rcm_disputes", "rcm_dunning", "rcm_reports", "rcm_collections_sale"]
DB_ACCOUNT = "rcm_tax_account"
DB_RCM = "rcm_tax_rcm"
DB_DEPS = "rcm_tax_deps"
BATCHES, BATCH_SIZE, SINGLES, PAYMENTS = 4, 100, 40, 200
MEASURES = (
    ("post", f"tax: post {BATCHES * BATCH_SIZE} invoices in {BATCHES} batches"),
    ("single", f"tax: post {SINGLES} invoices one by one"),
    ("pay", f"tax: {PAYMENTS} payments registered one by one"),
)


def record(measure, rcm, oca=None, unit="s", temp="warm", note=""):
    """``benchlib.record`` (the figures table), when the shared helper is there."""
    if hasattr(benchlib, "record"):
        benchlib.record(measure, rcm, oca=oca, unit=unit, temp=temp, note=note)


def odoo_bin():
    src = os.environ.get("ODOO_SRC") or str(
        Path(os.environ.get("RCM_HOME", "~/.rcm")).expanduser() / "odoo-19.0"
    )
    return [sys.executable, str(Path(src) / "odoo-bin")]


def baseline_modules(kind):
    """The modules of the baseline database: ``account``, or every non-RCM module the addons depend on."""
    if kind == "account":
        return ["account"]
    deps = set()
    for addon in RCM_ADDONS:
        manifest = eval((ROOT / addon / "__manifest__.py").read_text())
        deps.update(d for d in manifest["depends"] if not d.startswith("rcm_"))
    return sorted(deps)


def psql_value(db, query):
    result = subprocess.run(["psql", "-d", db, "-tAc", query], capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def build(args, db, modules):
    """A fresh database with ``modules`` (no demo) and the generated ledger (reused with --keep)."""
    if psql_value(db, "SELECT value FROM ir_config_parameter WHERE key = 'rcm.tax_bench_ready'") == "1":
        if args.keep:
            print(f"{db}: reused", flush=True)
            return
    subprocess.run(["dropdb", "--if-exists", db], check=True)
    start = time.perf_counter()
    subprocess.run(
        [
            *odoo_bin(),
            *("-c", args.config, "-d", db, "-i", ",".join(modules)),
            *("--stop-after-init", "--log-level=warn", "--max-cron-threads=0"),
        ],
        check=True,
    )
    child(args, db, "--prepare")
    print(
        f"{db}: {', '.join(modules)} installed, ledger generated in {time.perf_counter() - start:.0f} s",
        flush=True,
    )


def child(args, db, *options):
    command = [
        sys.executable,
        __file__,
        "-c",
        args.config,
        "--child-db",
        db,
        "--customers",
        str(args.customers),
    ]
    result = subprocess.run([*command, *options], capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{db} {' '.join(options)} failed:\n{result.stderr[-3000:]}")
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    return json.loads(lines[-1]) if lines else None


# ----------------------------------------------------------------------
# Inside one database (child process)
# ----------------------------------------------------------------------
def load_env(args, db):
    benchlib_args = argparse.Namespace(config=args.config, database=db)
    registry = benchlib.load_registry(benchlib_args)
    return registry


def prepare(env, customers):
    """The same customers, products and ledger in any database (seeded): every customer has a few
    posted invoices of the last months, a third of them paid."""
    from odoo import Command, fields

    rng = random.Random(13)
    today = fields.Date.context_today(env.user)
    products = env["product.product"].create(
        [{"name": f"Tax Bench Product {i}", "list_price": 50 + 25 * i, "taxes_id": []} for i in range(5)]
    )
    partners = env["res.partner"].create(
        [
            {"name": f"Tax Bench Customer {i:04d}", "is_company": True, "email": f"c{i}@example.com"}
            for i in range(customers)
        ]
    )
    vals = []
    for partner in partners:
        for _i in range(3):
            day = today - timedelta(days=rng.randint(10, 150))
            vals.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "invoice_date_due": day + timedelta(days=30),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": rng.choice(products).id,
                                "quantity": rng.randint(1, 5),
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
    moves = env["account.move"].create(vals)
    moves.action_post()
    paid = moves.filtered(lambda m: m.id % 3 == 0)
    env["account.payment.register"].with_context(active_model="account.move", active_ids=paid.ids).create(
        {"group_payment": False}
    )._create_payments()
    env["ir.config_parameter"].set_param("rcm.tax_bench_ready", "1")
    if "rcm.ledger.change" in env:  # the desk follows the generated ledger, as the cron would
        while env["rcm.ledger.change"]._rcm_process_pending(limit=500)[0]:
            pass


def end_transaction(env):
    """What a commit does before committing: flush, then the pre-commit hooks (tracking, triggers)."""
    env.flush_all()
    env.cr.precommit.run()
    env.flush_all()


def draft_invoices(env, partners, products, count, rng):
    from odoo import Command, fields

    today = fields.Date.context_today(env.user)
    moves = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partners[i % len(partners)].id,
                "invoice_date": today - timedelta(days=rng.randint(0, 40)),
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": products[i % len(products)].id, "quantity": 1 + i % 4, "tax_ids": []}
                    )
                ],
            }
            for i in range(count)
        ]
    )
    end_transaction(env)
    return moves


class StatementCounter:
    """Counts the SQL statements the process runs (the same spy in both databases: the count does not
    depend on the machine's load, unlike the times)."""

    def __init__(self):
        self.count = 0

    def __enter__(self):
        from odoo.sql_db import Cursor

        self._execute = execute = Cursor.execute
        counter = self

        def counting(cursor, query, params=None, log_exceptions=True):
            counter.count += 1
            return execute(cursor, query, params, log_exceptions)

        Cursor.execute = counting
        return self

    def __exit__(self, *exc):
        from odoo.sql_db import Cursor

        Cursor.execute = self._execute


def one_round(env, scale=1.0):
    """Timings ``{measure key: seconds}`` of one round (``scale`` < 1: a smaller warm-up round), and the
    SQL statements of each measure per action (``{measure key}_sql``: per post, per payment)."""
    rng = random.Random(7)
    partners = env["res.partner"].search([("name", "=like", "Tax Bench Customer %")], order="id")
    products = env["product.product"].search([("name", "=like", "Tax Bench Product %")], order="id")
    batches, singles, payments = (
        max(1, int(BATCHES * scale)),
        max(1, int(SINGLES * scale)),
        max(1, int(PAYMENTS * scale)),
    )
    drafts = draft_invoices(env, partners, products, batches * BATCH_SIZE + singles, rng)
    result = {}
    with StatementCounter() as counter:
        start, cpu = time.perf_counter(), time.process_time()
        for index in range(batches):
            drafts[index * BATCH_SIZE : (index + 1) * BATCH_SIZE].action_post()
            end_transaction(env)
        result["post"] = time.perf_counter() - start
        result["post_cpu"] = time.process_time() - cpu
    result["post_sql"] = counter.count / batches
    singles_drafts = drafts[batches * BATCH_SIZE :]
    with StatementCounter() as counter:
        start, cpu = time.perf_counter(), time.process_time()
        for move in singles_drafts:
            move.action_post()
            end_transaction(env)
        result["single"] = time.perf_counter() - start
        result["single_cpu"] = time.process_time() - cpu
    result["single_sql"] = counter.count / len(singles_drafts)
    to_pay = drafts[:payments]
    with StatementCounter() as counter:
        start, cpu = time.perf_counter(), time.process_time()
        for move in to_pay:
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
            end_transaction(env)
        result["pay"] = time.perf_counter() - start
        result["pay_cpu"] = time.process_time() - cpu
    result["pay_sql"] = counter.count / len(to_pay)
    return result


def measure(args, db):
    """One warm-up round and one timed round, each in a transaction rolled back."""
    from odoo import SUPERUSER_ID, api

    registry = load_env(args, db)
    result = None
    for scale in (0.1, 1.0):
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env = env(context={"allowed_company_ids": env.ref("base.main_company").ids})
            result = one_round(env, scale)
            cr.rollback()
    return result


def run_child(args):
    from odoo import SUPERUSER_ID, api

    if args.prepare:
        registry = load_env(args, args.child_db)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            prepare(env(context={"allowed_company_ids": env.ref("base.main_company").ids}), args.customers)
        return
    print(json.dumps(measure(args, args.child_db)), flush=True)


# ----------------------------------------------------------------------
# Fresh databases: compare
# ----------------------------------------------------------------------
def compare(args):
    base = baseline_modules(args.baseline)
    db_base = DB_ACCOUNT if args.baseline == "account" else DB_DEPS
    build(args, db_base, base)
    build(args, DB_RCM, sorted(set(base) | {"account"}) + RCM_ADDONS)
    times = {db_base: [], DB_RCM: []}
    for round_index in range(args.repeat):
        order = (db_base, DB_RCM) if round_index % 2 == 0 else (DB_RCM, db_base)
        for db in order:
            times[db].append(child(args, db))
            print(
                f"round {round_index + 1} {db}: "
                + ", ".join(
                    f"{k} {v:.2f} s" for k, v in times[db][-1].items() if not k.endswith(("_sql", "_cpu"))
                ),
                flush=True,
            )
    label = "account alone" if args.baseline == "account" else f"{', '.join(base)} (no RCM)"
    versus = "vs account alone" if args.baseline == "account" else "vs same non-RCM modules"
    print(
        f"\nRCM's tax on the accountant's work ({args.customers} customers, {args.repeat} rounds;"
        f" baseline: {label})"
    )
    print(f"{'measure':48} {'baseline best/median':>20} {'RCM best/median':>18} {'ratio (median)':>15}")
    for key, name in MEASURES:
        acc = [t[key] for t in times[db_base]]
        rcm = [t[key] for t in times[DB_RCM]]
        ratio = statistics.median(rcm) / statistics.median(acc)
        print(
            f"{name:48} {min(acc):9.2f} /{statistics.median(acc):7.2f} s"
            f" {min(rcm):8.2f} /{statistics.median(rcm):7.2f} s {ratio:14.3f}"
        )
        record(
            f"{name} (RCM {versus})",
            statistics.median(rcm),
            oca=statistics.median(acc),
            note=f"OCA column = {label} (fresh DB, {args.customers} customers); RCM/baseline {ratio:.3f}"
            f" (median of {args.repeat} alternating rounds; shared machine)",
        )
    # the Odoo process's CPU time moves far less with the load of a shared machine than the wall time
    print(f"\n{'Odoo process CPU time':48} {'baseline median':>20} {'RCM median':>18} {'ratio':>15}")
    for key, name in MEASURES:
        base_cpu = statistics.median(t[f"{key}_cpu"] for t in times[db_base])
        rcm_cpu = statistics.median(t[f"{key}_cpu"] for t in times[DB_RCM])
        print(f"{name:48} {base_cpu:18.2f} s {rcm_cpu:16.2f} s {rcm_cpu / base_cpu:15.3f}")
        record(
            f"{name}: Odoo CPU time (RCM {versus})",
            rcm_cpu,
            oca=base_cpu,
            note=f"OCA column = {label}; RCM/baseline {rcm_cpu / base_cpu:.3f} (process time of the Odoo"
            f" process, median of {args.repeat} rounds; PostgreSQL's time apart)",
        )
    # the statements per action do not depend on the load of the machine: what RCM adds, exactly
    print(f"\n{'SQL statements per action':48} {'baseline':>20} {'RCM':>18} {'added':>15}")
    for key, name in MEASURES:
        base_sql = statistics.median(t[f"{key}_sql"] for t in times[db_base])
        rcm_sql = statistics.median(t[f"{key}_sql"] for t in times[DB_RCM])
        unit = (
            f"per {BATCH_SIZE}-invoice post"
            if key == "post"
            else "per post"
            if key == "single"
            else "per payment"
        )
        print(f"{name:48} {base_sql:20.1f} {rcm_sql:18.1f} {rcm_sql - base_sql:+15.1f}  ({unit})")
        record(
            f"{name}: SQL statements {unit} (RCM {versus})",
            round(rcm_sql, 1),
            oca=round(base_sql, 1),
            unit="count",
            note=f"OCA column = {label}; +{rcm_sql - base_sql:.1f} statements with RCM",
        )
    if not args.keep:
        for db in (db_base, DB_RCM):
            subprocess.run(["dropdb", "--if-exists", db], check=True)


# ----------------------------------------------------------------------
# Big ledger: the deferred refresh of one customer
# ----------------------------------------------------------------------
def ledger_refresh(args):
    from odoo import SUPERUSER_ID, Command, api, fields
    from odoo.tools import SQL

    registry = load_env(args, args.ledger_db)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        env = env(context={"allowed_company_ids": company.ids, "tracking_disable": True})
        today = fields.Date.context_today(env.user)
        # customers with the most open items first (the expensive ones), then a spread of the others
        rows = env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, COUNT(*) FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account a ON a.id = aml.account_id
                 WHERE a.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
                   AND aml.reconciled IS NOT TRUE AND aml.company_id = %s
                 GROUP BY 1 ORDER BY 2 DESC, 1
                """,
                company.id,
            )
        )
        partner_ids = [r[0] for r in rows[: args.sample // 3]] + [r[0] for r in rows[args.sample // 3 :: 10]]
        partner_ids = partner_ids[: args.sample + 1]
        partners = env["res.partner"].browse(partner_ids)
        print(
            f"{len(rows)} customers with open items; sample of {len(partners) - 1} (+1 warm-up)", flush=True
        )
        # only the sample's changes are processed below (rolled back: the pending ones come back)
        env.execute_query(SQL("DELETE FROM rcm_ledger_change"))
        for partner in partners:
            invoice = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=45),
                    "invoice_line_ids": [
                        Command.create({"name": "Bench", "price_unit": 100.0, "tax_ids": []})
                    ],
                }
            )
            invoice.action_post()
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({"amount": 60.0})._create_payments()
        env.flush_all()
        pending = env["rcm.ledger.change"].search_count([])
        times = []
        while True:
            start = time.perf_counter()
            done, _remaining = env["rcm.ledger.change"]._rcm_process_pending(limit=1)
            env.flush_all()
            if not done:
                break
            times.append(time.perf_counter() - start)
        cr.rollback()
    times = times[1:]  # the first is the warm-up
    times.sort()
    median = statistics.median(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{pending} ledger changes of {len(times) + 1} customers; deferred refresh per customer: "
        f"median {1000 * median:.1f} ms, p95 {1000 * p95:.1f} ms, max {1000 * times[-1]:.1f} ms "
        f"(one invoice posted and one payment registered each)"
    )
    record(
        "tax: deferred refresh, one customer (median)",
        median,
        note=f"{args.ledger_db}, {len(times)} customers",
    )
    record("tax: deferred refresh, one customer (p95)", p95, note=f"{args.ledger_db}, {len(times)} customers")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("--keep", action="store_true", help="keep (and reuse) the two fresh databases")
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed rounds per database (alternating order, median)"
    )
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument(
        "--baseline",
        choices=("account", "deps"),
        default="deps",
        help="deps (default, the fair measure): the same non-RCM modules as the RCM database;"
        " account: account alone (informational, also counts sale, sms, portal... as RCM's tax)",
    )
    parser.add_argument("--ledger-db", help="time the deferred refresh per customer on this (big) database")
    parser.add_argument("--sample", type=int, default=30, help="customers sampled on --ledger-db")
    parser.add_argument("--child-db", help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_db:
        run_child(args)
    elif args.ledger_db:
        ledger_refresh(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
