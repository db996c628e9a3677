# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What RCM adds inside the accountant's transactions: one statement per post or reconcile, and the
one-customer refresh that follows outside it stays restricted to that customer."""

from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tests import tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestAccountingTax(RcmCollectionsCommon):
    def _statements(self, func):
        """The SQL statements ``func`` (then a flush) runs."""
        statements = []
        execute = Cursor.execute

        def spy(cursor, query, params=None, log_exceptions=True):
            statements.append(str(getattr(query, "code", query)))
            return execute(cursor, query, params, log_exceptions)

        with patch.object(Cursor, "execute", spy):
            func()
            self.env.flush_all()
        return statements

    def test_post_records_and_triggers_in_one_statement(self):
        invoice = self._invoice(self.customer, 1000, 20, post=False)
        self.env.flush_all()
        self.env.cr.precommit.data.pop("rcm_ledger_change_triggered", None)
        cron = self.env.ref("rcm_collections.ir_cron_rcm_ledger_changes")
        triggers = self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
        statements = self._statements(invoice.action_post)
        rcm = [s for s in statements if "rcm_ledger_change" in s or "ir_cron" in s]
        self.assertEqual(len(rcm), 1, "recording the change and triggering the cron: one statement")
        self.assertFalse([s for s in statements if "rcm_collection_exclusion" in s])
        self.assertEqual(
            self.env["rcm.ledger.change"].sudo().search([("move_id", "=", invoice.id)]).mapped("kind"),
            ["post"],
        )
        self.assertEqual(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        # later changes of the same transaction do not trigger the cron again
        other = self._invoice(self.customer_b, 500, 20, post=False)
        self.env.flush_all()
        self.assertEqual(len([s for s in self._statements(other.action_post) if "ir_cron" in s]), 1)
        self.assertEqual(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]), triggers + 1
        )

    def test_inactive_cron_gets_no_trigger(self):
        cron = self.env.ref("rcm_collections.ir_cron_rcm_ledger_changes")
        cron.active = False
        self.env.cr.precommit.data.pop("rcm_ledger_change_triggered", None)
        triggers = self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)])
        self._invoice(self.customer, 1000, 20, post=False).action_post()
        self.assertEqual(
            self.env["ir.cron.trigger"].sudo().search_count([("cron_id", "=", cron.id)]), triggers
        )
        self.assertTrue(self.env["rcm.ledger.change"].sudo().search([("partner_id", "=", self.customer.id)]))

    def test_exclusions_follow_an_invoice_posted_again(self):
        invoice = self._invoice(self.customer, 1000, 20)
        exclusion = (
            self.env["rcm.collection.exclusion"]
            .sudo()
            .create({"move_id": invoice.id, "amount": 300, "reason": "other"})
        )
        self.assertEqual(exclusion.partner_id, self.customer)
        invoice.button_draft()
        invoice.write(
            {
                "partner_id": self.customer_b.id,
                "invoice_line_ids": [(1, invoice.invoice_line_ids.id, {"price_unit": 2000})],
            }
        )
        invoice.action_post()
        self.env.flush_all()
        self.assertEqual(exclusion.partner_id, self.customer_b)
        self.assertEqual(exclusion.company_id, invoice.company_id)
        self.assertAlmostEqual(exclusion.amount_company, 300)

    def test_one_customer_refresh_leaves_the_others_figures(self):
        invoice_a = self._invoice(self.customer, 1000, 20)
        invoice_b = self._invoice(self.customer_b, 800, 20)
        self._follow_ledger()
        case_b = self.Case.search([("partner_id", "=", self.customer_b.id)])
        self.assertAlmostEqual(case_b.total_overdue, 800)
        # a dispute-like exclusion on B, not yet followed; A's refresh must not copy it into B's case
        self.env["rcm.collection.exclusion"].sudo().create(
            {"move_id": invoice_b.id, "amount": 100, "reason": "dispute"}
        )
        self.env.flush_all()
        self.Case._update_figures(self.company, partner_ids=self.customer.ids)
        self.assertAlmostEqual(case_b.amount_disputed, 0)
        self.Case._update_figures(self.company, partner_ids=self.customer_b.ids)
        self.assertAlmostEqual(case_b.amount_disputed, 100)
        self.assertTrue(invoice_a)

    def test_paying_or_posting_walks_no_collections_dependency(self):
        """Changing an entry's amounts, residuals, number or state (every post, payment and
        reconciliation) reaches no field of the collections addons: the ORM walks no RCM dependency
        inside the accountant's transaction (the dispute and dunning lines' invoice figures are read
        when shown, not related to the invoice)."""
        accounting = {
            "account.move": (
                "amount_residual",
                "amount_residual_signed",
                "amount_total",
                "amount_total_signed",
                "payment_state",
                "name",
                "state",
                "date",
                "invoice_date",
            ),
            "account.move.line": ("amount_residual", "amount_residual_currency", "reconciled", "balance"),
            "account.partial.reconcile": ("amount", "debit_move_id", "credit_move_id"),
        }
        registry = self.env.registry
        for model, names in accounting.items():
            for name in names:
                reached = []

                def walk(tree, reached=reached):
                    reached.extend(tree.root or ())
                    for sub in tree.values():
                        walk(sub)

                walk(registry.get_trigger_tree([self.env[model]._fields[name]]))
                rcm = sorted(
                    f"{field.model_name}.{field.name}"
                    for field in reached
                    if field.model_name.startswith("rcm.") or (field._module or "").startswith("rcm")
                )
                self.assertEqual(rcm, [], f"{model}.{name} triggers collections fields")
