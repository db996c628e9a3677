# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two accountants paying invoices of the same customer at the same moment (separate cursors).

Each round interleaves the two transactions in the worst order for shared rows: the first takes its
snapshot, the second registers a payment and commits, then the first registers its own payment and
commits. When RCM updated the customer's backbone and case rows inside the payment's transaction, the
first one failed with a serialization error (15 of 30 with real threads). Now both must pass, every
round, and the desk must follow once the ledger-change processor ran.

The data is committed (separate cursors need it): a customer of the main company with invoices due in
the future, all paid by the end, so no other test sees anything overdue.
"""

from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.tests import TransactionCase, tagged

ROUNDS = 20


@tagged("post_install", "-at_install")
class TestConcurrentPayments(TransactionCase):
    def _new_env(self):
        env = api.Environment(self.registry.cursor(), SUPERUSER_ID, {})
        self.addCleanup(env.cr.close)
        return env

    def _setup_committed(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            env = env(context={"allowed_company_ids": company.ids})
            today = fields.Date.context_today(env.user)
            partner = env["res.partner"].create({"name": "RCM Concurrency Customer", "is_company": True})
            invoices = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "invoice_date": today,
                        "invoice_date_due": today + timedelta(days=30),
                        "invoice_line_ids": [
                            Command.create(
                                {"name": "Service", "price_unit": 100 + i, "quantity": 1, "tax_ids": []}
                            )
                        ],
                    }
                    for i in range(2 * ROUNDS)
                ]
            )
            invoices.action_post()
            env["rcm.ledger.change"]._rcm_process_pending(limit=10000)
            cr.commit()
            return company.id, partner.id, invoices.ids

    @staticmethod
    def _pay(env, company_id, invoice_id):
        env = env(context={"allowed_company_ids": [company_id]})
        env["account.payment.register"].with_context(
            active_model="account.move", active_ids=[invoice_id]
        ).create({})._create_payments()

    def test_concurrent_payments_same_customer(self):
        company_id, partner_id, invoice_ids = self._setup_committed()
        failures = []
        for rnd in range(ROUNDS):
            env1, env2 = self._new_env(), self._new_env()
            first, second = invoice_ids[2 * rnd], invoice_ids[2 * rnd + 1]
            env1.cr.execute("SELECT 1")  # the first accountant's transaction starts (its snapshot)
            for env, invoice_id in ((env2, second), (env1, first)):
                try:
                    self._pay(env, company_id, invoice_id)
                    env.cr.commit()
                except psycopg2.Error as error:
                    env.cr.rollback()
                    failures.append((rnd, type(error).__name__))
        self.assertEqual(failures, [], f"{len(failures)} of {2 * ROUNDS} payments failed")

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            invoices = env["account.move"].browse(invoice_ids)
            self.assertFalse(invoices.filtered(lambda m: m.payment_state in ("not_paid", "partial")))
            changes = env["rcm.ledger.change"].search([("partner_id", "=", partner_id)])
            self.assertTrue(changes, "the payments recorded what changed")
            # the desk follows: the processor (the triggered cron) brings the backbone up to date
            env["rcm.ledger.change"]._rcm_process_pending(limit=10000)
            row = env["rcm.partner.receivable"].search(
                [("partner_id", "=", partner_id), ("company_id", "=", company_id)]
            )
            self.assertAlmostEqual(row.total_due, 0)
            self.assertTrue(row.last_payment_date)
            self.assertFalse(env["rcm.ledger.change"].search([("partner_id", "=", partner_id)]))
            cr.commit()
