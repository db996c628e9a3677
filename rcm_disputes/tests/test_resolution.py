# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import RcmDisputesCommon


@tagged("post_install", "-at_install")
class TestResolution(RcmDisputesCommon):
    """Settling disputes with real accounting: credit notes, write-offs (with approval), rejection."""

    def _taxed_invoice(self, amount=1000.0, days_overdue=10):
        move = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": self.today - timedelta(days=30 + days_overdue),
                "invoice_date_due": self.today - timedelta(days=days_overdue),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consulting",
                            "price_unit": amount,
                            "quantity": 1,
                            "tax_ids": [Command.set(self.tax_sale_a.ids)],
                        }
                    ),
                    Command.create({"name": "Travel", "price_unit": 99.99, "quantity": 1, "tax_ids": []}),
                ],
            }
        )
        move.action_post()
        return move

    def test_credit_note_posts_a_reversal_of_exactly_the_accepted_amount(self):
        invoice = self._taxed_invoice()
        self.assertTrue(invoice.amount_tax, "the invoice carries taxes")
        residual = invoice.amount_residual
        dispute = self._dispute([(invoice, 500)])
        dispute.line_ids.amount_accepted = 333.33
        dispute.with_user(self.collector).action_credit_note()
        refund = dispute.resolution_move_ids
        self.assertEqual(len(refund), 1)
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.state, "posted")
        self.assertEqual(refund.reversed_entry_id, invoice, "Odoo's reversal of the invoice")
        self.assertAlmostEqual(refund.amount_total, 333.33, places=2)
        self.assertTrue(refund.amount_tax, "the tax is credited in proportion")
        self.assertAlmostEqual(invoice.amount_residual, residual - 333.33, places=2)
        self.assertEqual(dispute.line_ids.resolution_move_id, refund)
        self.assertEqual((dispute.state, dispute.resolution), ("resolved", "credit_note"))
        self.assertEqual(dispute.date_closed, self.today)
        self.assertFalse(self._excluded(invoice), "the rest returns to collection")
        self.assertIn(refund.name, dispute.message_ids[0].body)

    def test_credit_note_of_the_whole_invoice_pays_it(self):
        invoice = self._invoice(self.customer, 1000, 40)
        case = self._case()
        dispute = self._dispute([(invoice, 1000)])
        self.assertEqual(case.state, "disputed")
        # above the approval threshold: a Collections Manager's credit note is approved by its request
        dispute.with_user(self.manager).action_credit_note()
        self.assertAlmostEqual(dispute.resolution_move_ids.amount_total, 1000)
        self.assertIn(invoice.payment_state, ("paid", "reversed"))
        self.assertEqual(case.state, "resolved", "nothing is overdue any more")

    def test_write_off_below_threshold_posts_at_once(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 200)])
        dispute.with_user(self.collector).action_write_off()
        entry = dispute.resolution_move_ids
        self.assertEqual(
            (entry.move_type, entry.state, entry.journal_id.type), ("entry", "posted", "general")
        )
        debit = entry.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(debit.account_id, self.writeoff_account)
        self.assertAlmostEqual(debit.debit, 200)
        self.assertAlmostEqual(invoice.amount_residual, 800)
        self.assertEqual(dispute.approval_state, "none")
        self.assertEqual((dispute.state, dispute.resolution), ("resolved", "write_off"))

    def test_write_off_account_of_the_reason(self):
        account = self.writeoff_account.copy({"code": "WO999"})
        self.reason_damaged.sudo().with_company(self.company).write_off_account_id = account
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 100)], reason=self.reason_damaged)
        dispute.with_user(self.collector).action_write_off()
        self.assertEqual(dispute.resolution_move_ids.line_ids.filtered("debit").account_id, account)

    def test_write_off_above_threshold_waits_for_a_manager(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        dispute.with_user(self.collector).action_write_off()
        self.assertEqual(dispute.state, "approval")
        self.assertEqual(dispute.approval_state, "to_approve")
        self.assertFalse(dispute.resolution_move_ids, "nothing posted before the approval")
        self.assertAlmostEqual(invoice.amount_residual, 1000)
        self.assertEqual(self._excluded(invoice), 800, "still out of collection while waiting")
        approval_type = self.env.ref("rcm_disputes.mail_activity_type_rcm_dispute_approval")
        self.assertIn(
            self.manager, dispute.activity_ids.filtered(lambda a: a.activity_type_id == approval_type).user_id
        )
        with self.assertRaises(AccessError):
            dispute.with_user(self.collector).action_approve()
        with self.assertRaises(AccessError):
            dispute.with_user(self.collector).action_refuse()
        with self.assertRaisesText(UserError, "by hand"):
            dispute.with_user(self.collector).stage_id = self.env.ref(
                "rcm_disputes.rcm_dispute_stage_resolved"
            )
        self.assertFalse(dispute.resolution_move_ids)
        dispute.with_user(self.manager).action_approve()
        self.assertEqual(dispute.approval_state, "approved")
        self.assertEqual(dispute.approval_user_id, self.manager)
        self.assertEqual((dispute.state, dispute.resolution), ("resolved", "write_off"))
        self.assertAlmostEqual(invoice.amount_residual, 200)
        self.assertFalse(dispute.activity_ids.filtered(lambda a: a.activity_type_id == approval_type))
        bodies = " ".join(dispute.message_ids.mapped("body"))
        self.assertIn("requested by", bodies)
        self.assertIn("approved by", bodies)

    def test_refused_write_off_goes_back_to_investigation(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        dispute.with_user(self.collector).action_write_off()
        action = dispute.with_user(self.manager).action_refuse()
        wizard = Form(self.env[action["res_model"]].with_user(self.manager).with_context(action["context"]))
        wizard.note = "Ask the carrier to pay for the damage"
        wizard.save().action_confirm()
        self.assertEqual((dispute.state, dispute.approval_state), ("open", "refused"))
        self.assertIn("Ask the carrier", " ".join(dispute.message_ids.mapped("body")))
        self.assertFalse(dispute.resolution_move_ids)
        # a credit note reduces the receivable as much: it waits for the approval too
        dispute.with_user(self.collector).action_credit_note()
        self.assertEqual((dispute.state, dispute.approval_state), ("approval", "to_approve"))
        dispute.with_user(self.manager).action_approve()
        self.assertEqual(dispute.resolution, "credit_note")

    def test_manager_write_off_above_threshold_is_approved_by_the_request(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 800)])
        dispute.with_user(self.manager).action_write_off()
        self.assertEqual((dispute.state, dispute.approval_state), ("resolved", "approved"))
        self.assertEqual(dispute.approval_user_id, self.manager)

    def test_settling_checks(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 600)])
        self._pay(invoice, 500)
        with self.assertRaisesText(UserError, "Only .* is still open"):
            dispute.with_user(self.collector).action_credit_note()
        dispute.line_ids.amount_accepted = 0
        with self.assertRaisesText(UserError, "no accepted amount"):
            dispute.with_user(self.collector).action_write_off()
        dispute.line_ids.amount_accepted = 100
        with self.assertRaisesText(UserError, "between 0 and the disputed"):
            dispute.line_ids.amount_accepted = 700
        self.company.rcm_dispute_writeoff_account_id = False
        with self.assertRaisesText(UserError, "Set a write-off account"):
            dispute.with_user(self.collector).action_write_off()
        self.assertFalse(dispute.resolution_move_ids)
        dispute._rcm_decide("reject", "Not founded")
        with self.assertRaisesText(UserError, "cannot credit"):
            dispute.with_user(self.collector).action_credit_note()
        with self.assertRaisesText(UserError, "reason of your decision"):
            dispute._rcm_decide("cancel", " ")

    def test_foreign_currency_credit_note(self):
        currency = self.setup_other_currency("EUR")
        invoice = self._invoice(self.customer, 1200, 10, currency=currency)
        dispute = self._dispute([(invoice, 300)])
        self.assertEqual(dispute.currency_id, currency)
        self.assertEqual(self._excluded(invoice), 300, "excluded in the invoice currency")
        self.assertAlmostEqual(dispute.amount_disputed_company, 300 * invoice.amount_total_signed / 1200)
        dispute.with_user(self.collector).action_credit_note()
        refund = dispute.resolution_move_ids
        self.assertEqual(refund.currency_id, currency)
        self.assertAlmostEqual(refund.amount_total, 300)
        self.assertAlmostEqual(invoice.amount_residual, 900)
