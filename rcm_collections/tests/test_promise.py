# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestPromise(RcmCollectionsCommon):
    """Promises to pay: evaluated from real payments; they pause the strategy for promised invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Promise = cls.env["rcm.promise"].sudo()

    def _promise(self, invoices, amount, days=5, **values):
        case = self._case()
        return self.Promise.create(
            {
                "case_id": case.id,
                "amount": amount,
                "promised_date": self.today + timedelta(days=days),
                "invoice_ids": [Command.set(invoices.ids)],
                **values,
            }
        )

    def test_kept_when_paid_in_full(self):
        invoice = self._invoice(self.customer, 1000, 20)
        promise = self._promise(invoice, 1000)
        case = self._case()
        self.assertEqual(case.state, "promised")
        self.assertAlmostEqual(case.amount_promised, 1000)
        self.assertAlmostEqual(case.collectible_overdue, 0, msg="promised invoices leave the strategy")
        self._pay(invoice)
        self.assertEqual(promise.state, "kept", "evaluated at payment time")
        self.assertAlmostEqual(promise.paid_amount, 1000)

    def test_promise_of_the_whole_overdue_spreads_to_the_cent(self):
        """100.10 + 200.20 is 300.29999999999995 in floats: promising 300.30 on three invoices must cover
        the first two exactly and leave the third alone (it used to get a sub-cent exclusion, refused)."""
        invoices = (
            self._invoice(self.customer, 100.10, 30)
            | self._invoice(self.customer, 200.20, 20)
            | self._invoice(self.customer, 50.00, 10)
        )
        promise = self._promise(invoices, 300.30)
        allocation = promise._get_allocation()
        self.assertEqual(
            {inv: round(amount, 2) for inv, amount in allocation.items()},
            {
                invoices[0]: 100.10,
                invoices[1]: 200.20,
            },
        )
        self.assertAlmostEqual(self._case().collectible_overdue, 50.00, places=2)

    def test_partially_kept_and_broken_after_grace(self):
        invoice = self._invoice(self.customer, 1000, 20)
        other = self._invoice(self.customer_b, 500, 20)
        promise = self._promise(invoice, 1000, days=2)
        self._pay(invoice, amount=300)
        self.assertEqual(promise.state, "open", "still before the promised date")
        self.assertFalse(
            promise._evaluate(today=self.today + timedelta(days=5)), "grace period (3 days) runs"
        )
        promise._evaluate(today=self.today + timedelta(days=6))
        self.assertEqual(promise.state, "partially_kept")
        self.assertAlmostEqual(promise.paid_amount, 300)
        # broken: nothing paid
        case_b = self._case(self.customer_b)
        broken = self.Promise.create(
            {
                "case_id": case_b.id,
                "amount": 500,
                "promised_date": self.today,
                "invoice_ids": [Command.set(other.ids)],
            }
        )
        broken._evaluate(today=self.today + timedelta(days=4))
        self.assertEqual(broken.state, "broken")
        self.assertAlmostEqual(case_b.collectible_overdue, 500, msg="the invoice is back in collection")
        # a broken promise is a deviation: the case escalates
        case_b.team_id = self.team_a
        self.Case._flag_deviations(today=self.today + timedelta(days=4))
        self.assertTrue(case_b.deviation)
        self.assertEqual(case_b.state, "escalated")

    def test_instalments(self):
        invoice = self._invoice(self.customer, 900, 20)
        promise = self._promise(
            invoice,
            900,
            days=20,
            instalment_ids=[
                Command.create({"date": self.today + timedelta(days=5), "amount": 300}),
                Command.create({"date": self.today + timedelta(days=20), "amount": 600}),
            ],
        )
        self._pay(invoice, amount=300)
        promise._evaluate(today=self.today + timedelta(days=10))
        self.assertEqual(promise.state, "open", "first instalment paid on time")
        promise._evaluate(today=self.today + timedelta(days=30))
        self.assertEqual(promise.state, "partially_kept")

    def test_credit_note_does_not_keep_a_promise(self):
        invoice = self._invoice(self.customer, 1000, 20)
        promise = self._promise(invoice, 1000)
        refund = self._invoice(self.customer, 1000, 0, move_type="out_refund")
        (invoice.line_ids | refund.line_ids).filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        ).reconcile()
        self.assertEqual(promise.state, "open")

    def test_bad_inputs(self):
        invoice = self._invoice(self.customer, 1000, 20)
        with self.assertRaisesRegex(ValidationError, "positive"):
            self._promise(invoice, 0)
        with self.assertRaisesRegex(ValidationError, "positive"):
            self._promise(invoice, -10)
        with self.assertRaisesRegex(ValidationError, "past"):
            self._promise(invoice, 100, days=-1)
        with self.assertRaisesRegex(ValidationError, "add up"):
            self._promise(
                invoice,
                1000,
                days=10,
                instalment_ids=[
                    Command.create({"date": self.today + timedelta(days=5), "amount": 300}),
                    Command.create({"date": self.today + timedelta(days=10), "amount": 300}),
                ],
            )
        other = self._invoice(self.customer_b, 100, 5)
        with self.assertRaisesRegex(ValidationError, "not invoices of this customer"):
            self._promise(other, 100)

    def test_call_log_with_promise_moves_case_to_promised(self):
        invoice = self._invoice(self.customer, 700, 15)
        case = self._case()
        case.write({"team_id": self.team_a.id, "user_id": self.collector.id})
        call = (
            self.env["rcm.call.log"]
            .with_user(self.collector)
            .create(
                {
                    "case_id": case.id,
                    "contact_id": self.customer.child_ids[0].id,
                    "outcome": "promise",
                    "promise_amount": 700,
                    "promise_date": self.today + timedelta(days=7),
                    "next_followup_date": self.today + timedelta(days=8),
                    "notes": "Will pay next week",
                }
            )
        )
        self.assertTrue(call.promise_id)
        self.assertEqual(call.promise_id.invoice_ids, invoice, "the overdue invoice is linked automatically")
        self.assertEqual(case.state, "promised")
        self.assertTrue(
            case.activity_ids.filtered(lambda a: a.date_deadline == self.today + timedelta(days=8))
        )
        with self.assertRaisesRegex(ValidationError, "positive amount"):
            self.env["rcm.call.log"].with_user(self.collector).create(
                {"case_id": case.id, "outcome": "promise", "promise_amount": 0}
            )
