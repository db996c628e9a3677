# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the collections desk costs the accountant: posting invoices and registering payments one by one
(as a user does), timed on any database — with RCM installed, or on one with only ``account`` to compare —
then, where RCM is installed, the ledger-change processing that follows outside those transactions.

    python tests/bench/bench_ledger.py -c odoo.conf -d DB [--count 100]

Everything runs in one transaction that is rolled back: the database is left as it was.
"""

import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import benchlib


def main():
    args = benchlib.parse_args(__doc__, lambda p: p.add_argument("--count", type=int, default=100))
    registry = benchlib.load_registry(args)
    from odoo import SUPERUSER_ID, Command, api, fields

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        company = env.ref("base.main_company")
        env = env(context={"allowed_company_ids": company.ids, "tracking_disable": True})
        today = fields.Date.context_today(env.user)
        partner = env["res.partner"].create({"name": "Bench Ledger Customer", "is_company": True})
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": today - timedelta(days=40),
                    "invoice_date_due": today - timedelta(days=10),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Service", "price_unit": 100 + i, "quantity": 1, "tax_ids": []}
                        )
                    ],
                }
                for i in range(args.count)
            ]
        )
        env.flush_all()
        start = time.perf_counter()
        for move in moves:
            move.action_post()
            env.flush_all()
        post = time.perf_counter() - start
        start = time.perf_counter()
        for move in moves:
            env["account.payment.register"].with_context(
                active_model="account.move", active_ids=move.ids
            ).create({})._create_payments()
            env.flush_all()
        pay = time.perf_counter() - start
        n = args.count
        print(f"{n} invoices posted one by one: {post:.2f} s ({1000 * post / n:.1f} ms each)")
        print(f"{n} payments registered one by one: {pay:.2f} s ({1000 * pay / n:.1f} ms each)")
        if "rcm.ledger.change" in env:
            pending = env["rcm.ledger.change"].search_count([])
            start = time.perf_counter()
            while env["rcm.ledger.change"]._rcm_process_pending(limit=200)[0]:
                pass
            follow = time.perf_counter() - start
            print(f"{pending} ledger changes followed by the desk in {follow:.2f} s (its own transaction)")
        cr.rollback()


if __name__ == "__main__":
    main()
