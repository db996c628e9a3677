# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import tagged

from .common import RcmDisputesCommon


@tagged("post_install", "-at_install")
class TestDeduction(RcmDisputesCommon):
    """Short payments raise deductions, reviewed then settled or sent back to collection."""

    def _deductions(self, invoice):
        return self.Dispute.search([("kind", "=", "deduction"), ("line_ids.move_id", "=", invoice.id)])

    def test_short_payment_proposes_a_deduction_for_the_exact_residual(self):
        invoice = self._invoice(self.customer, 1000, 10)
        payment = self._pay(invoice, 929.99)
        deduction = self._deductions(invoice)
        self.assertEqual(len(deduction), 1)
        self.assertTrue(deduction.name.startswith("DED/"))
        self.assertEqual(deduction.state, "draft")
        self.assertEqual(deduction.reason_id, self.reason_short)
        self.assertEqual(deduction.line_ids.amount, invoice.amount_residual)
        self.assertAlmostEqual(deduction.amount_disputed, 70.01)
        self.assertEqual(deduction.payment_move_id, payment.move_id)
        self.assertFalse(self._excluded(invoice), "a proposal is still collected until confirmed")
        self.assertEqual(self._case().collectible_overdue, invoice.amount_residual)
        # confirmed, it leaves collection; valid, it is credited
        deduction.with_user(self.collector).action_confirm()
        self.assertEqual(deduction.state, "new")
        self.assertAlmostEqual(self._excluded(invoice), 70.01)
        self.assertEqual(self._case().collectible_overdue, 0)
        self.assertEqual(self._case().state, "disputed")
        deduction.with_user(self.collector).action_mark_valid()
        self.assertEqual((deduction.validity, deduction.state), ("valid", "open"))
        deduction.with_user(self.collector).action_credit_note()
        self.assertAlmostEqual(deduction.resolution_move_ids.amount_total, 70.01)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(deduction.resolution, "credit_note")

    def test_more_payments_update_then_cancel_the_proposal(self):
        invoice = self._invoice(self.customer, 1000, 10)
        self._pay(invoice, 900)
        deduction = self._deductions(invoice)
        self.assertAlmostEqual(deduction.amount_disputed, 100)
        self._pay(invoice, 40)
        self.assertEqual(self._deductions(invoice), deduction, "one proposal per invoice")
        self.assertAlmostEqual(deduction.amount_disputed, 60)
        self._pay(invoice, 60)
        self.assertEqual((deduction.state, deduction.resolution), ("rejected", "cancelled"))

    def test_full_payment_or_expected_partial_payment_is_no_deduction(self):
        paid = self._invoice(self.customer, 1000, 10)
        self._pay(paid)
        self.assertFalse(self._deductions(paid))
        promised = self._invoice(self.customer, 1000, 10)
        self.env["rcm.promise"].sudo().create(
            {
                "case_id": self._case().id,
                "amount": 1000,
                "promised_date": self.today,
                "invoice_ids": [Command.set(promised.ids)],
            }
        )
        self._pay(promised, 400)
        self.assertFalse(self._deductions(promised), "a partial payment under a promise is expected")

    def test_policy_off_and_open(self):
        self.company.rcm_deduction_policy = "off"
        invoice = self._invoice(self.customer, 1000, 10)
        self._pay(invoice, 900)
        self.assertFalse(self._deductions(invoice))
        self.company.rcm_deduction_policy = "open"
        other = self._invoice(self.customer, 500, 10)
        self._pay(other, 450)
        deduction = self._deductions(other)
        self.assertEqual(deduction.state, "new")
        self.assertAlmostEqual(self._excluded(other), 50, "opened deductions leave collection at once")

    def test_reconciled_short_payment_outside_the_wizard(self):
        invoice = self._invoice(self.customer, 1000, 10)
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": self.customer.id,
                "amount": 875,
                "journal_id": self.company_data["default_journal_bank"].id,
            }
        )
        payment.action_post()
        lines = (payment.move_id.line_ids | invoice.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        lines.reconcile()
        self.assertFalse(self._deductions(invoice), "nothing is raised inside the accountant's transaction")
        self._follow_ledger()
        self.assertAlmostEqual(self._deductions(invoice).amount_disputed, 125)

    def test_invalid_deduction_returns_to_collection(self):
        invoice = self._invoice(self.customer, 1000, 10)
        self._pay(invoice, 900)
        deduction = self._deductions(invoice)
        deduction.with_user(self.collector).action_confirm()
        self.assertAlmostEqual(self._excluded(invoice), 100)
        action = deduction.with_user(self.collector).action_mark_invalid()
        self.assertEqual(action["context"]["default_decision"], "invalid")
        deduction.with_user(self.collector)._rcm_decide("invalid", "The promotion ended in March")
        self.assertEqual((deduction.validity, deduction.state), ("invalid", "rejected"))
        self.assertFalse(deduction.resolution_move_ids, "still open on the invoice: simply chased again")
        self.assertFalse(self._excluded(invoice))
        self.assertAlmostEqual(self._case().collectible_overdue, 100)

    def test_invalid_deduction_is_rebilled_when_the_invoice_was_closed(self):
        invoice = self._invoice(self.customer, 1000, 10)
        self._pay(invoice, 900)
        deduction = self._deductions(invoice)
        deduction.with_user(self.collector).action_confirm()
        # an accountant closes the invoice meanwhile (a payment of 30 and the rest written off)
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {
                "amount": 30,
                "payment_difference_handling": "reconcile",
                "writeoff_account_id": self.writeoff_account.id,
                "writeoff_label": "Closed",
            }
        )._create_payments()
        self._follow_ledger()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        deduction.with_user(self.collector)._rcm_decide("invalid", "No agreement for this deduction")
        rebill = deduction.resolution_move_ids
        self.assertEqual((rebill.move_type, rebill.state), ("out_invoice", "posted"))
        self.assertAlmostEqual(rebill.amount_total, 100)
        self.assertEqual(rebill.partner_id, invoice.partner_id)
        self.assertAlmostEqual(self._row().total_due, 100, "the re-billed amount is collected again")

    def test_dismiss_a_proposal(self):
        invoice = self._invoice(self.customer, 1000, 10)
        self._pay(invoice, 500)
        deduction = self._deductions(invoice)
        deduction.with_user(self.collector)._rcm_decide("cancel", "Agreed instalment")
        self.assertEqual((deduction.state, deduction.resolution), ("rejected", "cancelled"))
