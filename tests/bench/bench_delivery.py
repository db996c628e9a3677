#!/usr/bin/env python3
# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Benchmark of the dunning delivery: what sending one customer's communication costs (prints figures;
it is not a test).

    python tests/bench/bench_delivery.py -c ODOO_CONF -d DB [--customers 1000] [--letters 20]
                                         [--batch 100] [--repeat 1] [--profile FILE]

Everything happens in one transaction rolled back at the end. Unless the database already has that
many customers with overdue items (the benchmark ledger), ``--customers`` customers with one invoice
10 days overdue are created and posted first (not timed), then one dunning run creates their draft
communications without sending them (not timed). Timed: ``_send`` of those communications, in batches
of ``--batch`` as the run sends them, for

* email only (level 1, Friendly Reminder): the template rendered, the email posted on the customer's
  case (``mail.message``, notification, ``mail.mail`` queued), the communication queued;
* letters (level 2, Second Notice: letter + email), on ``--letters`` customers: the PDF rendered
  (wkhtmltopdf), attached to the communication and to the email, the charges computed and posted.

Figures go to ``benchlib.record`` ("delivery: email per customer", "delivery: letter + email per
customer", in ms). With ``--profile FILE`` the email delivery runs under cProfile (dump in FILE).
"""

import time
from datetime import timedelta

from benchlib import load_registry, parse_args, record


def main():
    def add_arguments(parser):
        parser.add_argument("--customers", type=int, default=1000, help="customers dunned by email")
        parser.add_argument("--letters", type=int, default=20, help="customers dunned by letter + email")
        parser.add_argument("--batch", type=int, default=100, help="communications sent per _send call")
        parser.add_argument("--profile", help="cProfile the email delivery into this file")

    args = parse_args(__doc__, add_arguments)
    registry = load_registry(args)
    from odoo import Command, api, fields
    from odoo.tools import SQL

    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        company = env.company
        today = fields.Date.context_today(env.user)
        policy = env["rcm.dunning.policy"]._create_default_policy(company)
        levels = policy.level_ids.sorted(lambda lv: (lv.sequence, lv.id))
        level_1, level_2 = levels[:2]
        Communication = env["rcm.dunning.communication"]
        comm_class = type(Communication)
        original_send = comm_class._send

        def build(count, prefix, level=None):
            """``count`` customers with one posted invoice 10 days overdue (at ``level`` 20 days ago)."""
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"{prefix} {i}",
                        "is_company": True,
                        "email": f"ap{i}@{prefix.lower()}.example.com",
                        "street": f"{i} Bench Street",
                        "city": "Brussels",
                    }
                    for i in range(count)
                ]
            )
            due = today - timedelta(days=10 if not level else 40)
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": due - timedelta(days=30),
                        "invoice_date_due": due,
                        "invoice_line_ids": [
                            Command.create({"name": "Service", "price_unit": 100.0 + i, "tax_ids": []})
                        ],
                    }
                    for i, partner in enumerate(partners)
                ]
            )
            moves.action_post()
            if level:
                moves.write(
                    {
                        "rcm_dunning_level_id": level.id,
                        "rcm_dunning_date": today - timedelta(days=20),
                    }
                )
            while env["rcm.ledger.change"]._rcm_process_pending(limit=5000)[0]:
                pass
            return partners

        def drafts(partners):
            """One dunning run creating (not sending) the communications of ``partners``."""
            comm_class._send = lambda self: self.browse()
            try:
                # forced: the level's own thresholds (minimum amount, days) aside, as strategy steps do
                rows = env["rcm.dunning.run"]._compute_candidates(
                    company, today, partner_ids=partners.ids, forced=True
                )
                run = env["rcm.dunning.run"].create(
                    {"company_id": company.id, "date": today, "state": "running"}
                )
                run._process(commit=False, candidates=rows)
            finally:
                comm_class._send = original_send
            env.flush_all()
            return Communication.search([("run_id", "=", run.id), ("state", "=", "draft")], order="id")

        def deliver(comms):
            start = time.perf_counter()
            for offset in range(0, len(comms), args.batch):
                comms[offset : offset + args.batch]._send()
            env.flush_all()
            elapsed = time.perf_counter() - start
            states = {}
            for comm in comms:
                states[comm.state] = states.get(comm.state, 0) + 1
            return elapsed, states

        try:
            start = time.perf_counter()
            partners = build(args.customers, "Email")
            comms = drafts(partners)
            print(
                f"built {len(partners)} customers and {len(comms)} draft communications "
                f"({', '.join(sorted(set(comms.level_id.mapped('name'))))}) "
                f"in {time.perf_counter() - start:.1f} s"
            )
            env.invalidate_all()
            if args.profile:
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            queries_before = cr.sql_log_count
            elapsed, states = deliver(comms)
            queries = cr.sql_log_count - queries_before
            if args.profile:
                profiler.disable()
                profiler.dump_stats(args.profile)
            per_customer = elapsed * 1000 / max(len(comms), 1)
            mails = env["mail.mail"].search_count([("mail_message_id", "in", comms.mail_message_id.ids)])
            print(
                f"RCM email delivery of {len(comms)} customers in batches of {args.batch}: {elapsed:.2f} s, "
                f"{per_customer:.1f} ms per customer, {queries / max(len(comms), 1):.1f} queries per "
                f"customer; states {states}, {mails} emails queued"
            )
            record(
                "delivery: email per customer",
                per_customer,
                unit="ms",
                note=f"{len(comms)} customers, batches of {args.batch}",
            )
            if args.letters:
                partners = build(args.letters, "Letter", level=level_1)
                comms = drafts(partners)
                env.invalidate_all()
                elapsed, states = deliver(comms)
                per_customer = elapsed * 1000 / max(len(comms), 1)
                letters = len(comms.filtered("letter_attachment_id"))
                print(
                    f"RCM letter + email delivery of {len(comms)} customers ({level_2.name}): "
                    f"{elapsed:.2f} s, "
                    f"{per_customer:.0f} ms per customer; states {states}, {letters} letters rendered"
                )
                record(
                    "delivery: letter + email per customer",
                    per_customer,
                    unit="ms",
                    note=f"{len(comms)} customers, batches of {args.batch}",
                )
            env.execute_query(SQL("SELECT 1"))
        finally:
            cr.rollback()


if __name__ == "__main__":
    main()
