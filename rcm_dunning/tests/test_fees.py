# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestFees(RcmDunningCommon):
    """Fees, interest and compensation: hand-computed amounts, posted once on a real invoice."""

    def test_final_demand_charges_hand_computed(self):
        invoice = self._invoice(self.customer, 1200, 45)
        self._set_level(invoice, self.level_2, 20)  # second notice 20 days ago -> final demand today
        self.assertAlmostEqual(self.policy.effective_interest_rate, 10.15, "statutory: 2.15 + 8 points")
        comm = self._comm(run=self._run())
        self.assertEqual(comm.level_id, self.level_3)
        fees = {fee.kind: fee for fee in comm.fee_ids}
        self.assertEqual(set(fees), {"fee", "interest", "compensation"})
        # fixed fee of the final demand
        self.assertAlmostEqual(fees["fee"].amount, 15.0)
        # interest: 1 200 x 10.15 % x 45 / 365 = 15.0164... -> 15.02 (Actual/365 from the due date)
        self.assertEqual(fees["interest"].days, 45)
        self.assertAlmostEqual(fees["interest"].amount, 15.02)
        self.assertEqual(fees["interest"].date_to, self.today)
        # EU compensation, once per invoice
        self.assertAlmostEqual(fees["compensation"].amount, 40.0)
        # posted for real: one customer invoice of 70.02, no tax, on the fee products
        charge_invoice = comm.fee_invoice_id
        self.assertEqual(charge_invoice.state, "posted")
        self.assertEqual(charge_invoice.move_type, "out_invoice")
        self.assertEqual(charge_invoice.partner_id, self.customer)
        self.assertTrue(charge_invoice.rcm_dunning_fee_invoice)
        self.assertAlmostEqual(charge_invoice.amount_total, 70.02)
        self.assertFalse(charge_invoice.invoice_line_ids.tax_ids)
        self.assertEqual(
            set(charge_invoice.invoice_line_ids.product_id.mapped("default_code")),
            {"RCM-DUN-FEE", "RCM-DUN-INT", "RCM-DUN-COMP"},
        )
        self.assertEqual(
            charge_invoice.invoice_date_due, self.today + timedelta(days=self.level_3.payment_days)
        )
        self.assertEqual(set(comm.fee_ids.mapped("state")), {"posted"})
        self.assertEqual(invoice.rcm_dunning_interest_date, self.today)
        self.assertAlmostEqual(comm.amount_fees, 70.02)

        # never twice: posting again does nothing, a strategy step at the same level charges nothing
        self.assertEqual(comm._post_fees(), charge_invoice)
        again = self.Communication._create_for_cases(self._case(), self.level_3, channels=["letter"])
        self.assertFalse(again.fee_ids)
        self.assertEqual(self.Fee.search_count([("move_id", "=", invoice.id)]), 3)

        # the demand letter 11 days later: interest for the 11 new days only, no second compensation
        run = self._run(self.today + timedelta(days=11))
        comm = self._comm(run=run)
        self.assertEqual(comm.level_id, self.level_4)
        interest = comm.fee_ids.filtered(lambda f: f.move_id == invoice)
        self.assertEqual(interest.mapped("kind"), ["interest"])
        # 1 200 x 10.15 % x 11 / 365 = 3.6706... -> 3.67
        self.assertEqual(interest.days, 11)
        self.assertAlmostEqual(interest.amount, 3.67)
        self.assertFalse(comm.fee_ids.filtered(lambda f: f.move_id == charge_invoice), "no charge on charges")

    def test_percentage_fee_with_bounds_and_fixed_rate(self):
        self.policy.write({"interest_mode": "fixed", "interest_rate": 12.0})
        self.level_1.write({"fee_percent": 2.0, "fee_min": 5.0, "fee_max": 50.0, "charge_interest": True})
        small = self._invoice(self.customer, 100, 30)
        medium = self._invoice(self.customer, 1000, 30)
        big = self._invoice(self.customer, 10_000, 30)
        comm = self._comm(run=self._run(deliver=False))
        by_move = {(fee.move_id, fee.kind): fee.amount for fee in comm.fee_ids}
        self.assertAlmostEqual(by_move[small, "fee"], 5.0, "2 % of 100 = 2, raised to the minimum 5")
        self.assertAlmostEqual(by_move[medium, "fee"], 20.0, "2 % of 1 000")
        self.assertAlmostEqual(by_move[big, "fee"], 50.0, "2 % of 10 000 = 200, capped at 50")
        # 12 % a year for 30 days: 100 -> 0.986 -> 0.99; 1 000 -> 9.863 -> 9.86; 10 000 -> 98.630 -> 98.63
        self.assertAlmostEqual(by_move[small, "interest"], 0.99)
        self.assertAlmostEqual(by_move[medium, "interest"], 9.86)
        self.assertAlmostEqual(by_move[big, "interest"], 98.63)
        self.assertFalse(comm.fee_invoice_id, "an email-only level: posted once delivered")
        self.assertEqual(set(comm.fee_ids.mapped("state")), {"draft"})
        self._deliver()
        self.assertAlmostEqual(comm.fee_invoice_id.amount_total, 5 + 20 + 50 + 0.99 + 9.86 + 98.63)
        self.assertEqual(set(comm.fee_ids.mapped("state")), {"posted"})

    def test_no_charge_on_disputed_items(self):
        disputed = self._invoice(self.customer, 1000, 45)
        clean = self._invoice(self.customer, 500, 45)
        self._set_level(disputed | clean, self.level_2, 20)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(disputed, disputed, 200, "dispute")
        comm = self._comm(run=self._run())
        self.assertIn(disputed, comm.line_ids.move_id, "listed for its undisputed 800")
        self.assertTrue(comm.line_ids.filtered(lambda line: line.move_id == disputed).disputed)
        self.assertEqual(comm.fee_ids.move_id, clean, "charges only on the undisputed invoice")

    def test_cancelled_charges_invoice_frees_the_charges(self):
        invoice = self._invoice(self.customer, 800, 45)
        self._set_level(invoice, self.level_1, 20)
        comm = self._comm(run=self._run())
        self.assertEqual(comm.fee_ids.kind, "fee")
        charge_invoice = comm.fee_invoice_id
        charge_invoice.button_draft()
        charge_invoice.button_cancel()
        self.assertEqual(comm.fee_ids.state, "cancelled")
        values = comm._prepare_charges()
        self.assertEqual([v["kind"] for v in values], ["fee"], "the item may be charged again")

    def test_fee_on_customer_on_credit_hold(self):
        invoice = self._invoice(self.customer, 500, 45)
        self._set_level(invoice, self.level_1, 20)
        self.customer._rcm_set_credit_hold("Too much overdue")
        # the scheduled run is no collections manager: rcm_collections would refuse to post an invoice
        self.env.user.group_ids -= self.env.ref("rcm_collections.group_rcm_manager")
        self.assertFalse(self.env.user.has_group("rcm_collections.group_rcm_manager"))
        run = self.Run.sudo().create({"company_id": self.company.id})
        with patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0):
            run.action_start()
        comm = run.communication_ids
        self.assertEqual(comm.state, "sent")
        self.assertEqual(comm.fee_invoice_id.state, "posted", "charges are posted despite the credit hold")
