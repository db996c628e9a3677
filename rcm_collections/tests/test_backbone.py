# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestBackbone(RcmCollectionsCommon):
    """The receivable backbone: figures per customer, computed set-based, refreshed incrementally."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency("EUR", rates=[("2000-01-01", 2.0)])

    def _independent_sums(self, partner):
        """Straight SQL over the journal items, independent from the backbone's query."""
        self.env.flush_all()
        ((due, overdue),) = self.env.execute_query(
            SQL(
                """
                SELECT COALESCE(SUM(aml.amount_residual), 0),
                       COALESCE(SUM(aml.amount_residual) FILTER (
                           WHERE aml.amount_residual > 0 AND aml.date_maturity < %s), 0)
                  FROM account_move_line aml
                  JOIN account_account a ON a.id = aml.account_id
                  JOIN res_partner p ON p.id = aml.partner_id
                 WHERE a.account_type = 'asset_receivable' AND aml.parent_state = 'posted'
                   AND p.commercial_partner_id = %s AND aml.company_id = %s
                """,
                self.today,
                partner.id,
                self.company.id,
            )
        )
        return float(due), float(overdue)

    def test_figures_match_ledger_with_partials_credit_notes_and_currencies(self):
        inv1 = self._invoice(self.customer, 1000, 10)
        self._invoice(self.customer, 500, 45, currency=self.eur)  # 250 in company currency
        inv3 = self._invoice(self.customer, 800, 100)
        self._invoice(self.customer, 300, -10)  # not due yet
        refund = self._invoice(self.customer, 200, 0, move_type="out_refund")
        self._pay(inv1, amount=400)
        self._pay(inv3, amount=100, currency_id=self.eur.id)  # 50 in company currency
        # the contact's invoice belongs to the commercial partner
        self._invoice(self.customer.child_ids[0], 70, 200)
        row = self._row()
        due, overdue = self._independent_sums(self.customer)
        self.assertAlmostEqual(row.total_due, due, places=2)
        self.assertAlmostEqual(row.total_overdue, overdue, places=2)
        # hand check: 600 (1-30) + 250 (31-60) + 750 (91-120) + 70 (>120) overdue, 300 current, -200 credit
        self.assertAlmostEqual(row.total_overdue, 600 + 250 + 750 + 70, places=2)
        self.assertAlmostEqual(row.total_due, 600 + 250 + 750 + 70 + 300 - 200, places=2)
        self.assertAlmostEqual(row.amount_unapplied, 200, places=2)
        # the credit note due today reduces the Current bucket (the buckets add up to the total due)
        self.assertAlmostEqual(row.amount_current, 300 - 200, places=2)
        self.assertAlmostEqual(row.amount_bucket_1, 600, places=2)
        self.assertAlmostEqual(row.amount_bucket_2, 250, places=2)
        self.assertAlmostEqual(row.amount_bucket_3, 0, places=2)
        self.assertAlmostEqual(row.amount_bucket_4, 750, places=2)
        self.assertAlmostEqual(row.amount_bucket_5, 70, places=2)
        self.assertEqual(row.oldest_overdue_days, 200)
        self.assertEqual(row.open_invoice_count, 5)
        self.assertTrue(refund.amount_residual)

    def test_buckets_add_up_to_the_total_due(self):
        self._invoice(self.customer, 500, 40)
        self._invoice(self.customer, 100, 10)
        self._invoice(self.customer, 150, 45, move_type="out_refund")
        row = self._row()
        buckets = [getattr(row, f) for f in ("amount_current", *(f"amount_bucket_{i}" for i in range(1, 6)))]
        self.assertAlmostEqual(sum(buckets), row.total_due, places=2)
        self.assertAlmostEqual(row.amount_bucket_2, 500 - 150, places=2)
        # overdue and collectible are what the customer owes past due, the credit apart
        self.assertAlmostEqual(row.total_overdue, 600, places=2)
        self.assertAlmostEqual(row.amount_unapplied, 150, places=2)

    def test_documents_dated_after_today_do_not_count_yet(self):
        """The backbone is as of today, like the aging: a credit note dated in two days and a payment
        dated in two days do not reduce what the customer owes today; on that day they do."""
        self._invoice(self.customer, 1000, 10)
        paid_later = self._invoice(self.customer, 400, 20)
        later = self.today + timedelta(days=2)
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_date": later,
                "invoice_line_ids": [Command.create({"name": "Credit", "price_unit": 300, "tax_ids": []})],
            }
        )
        refund.action_post()
        self._follow_ledger()
        self._pay(paid_later, date=later)
        self.assertEqual(refund.date, later)
        self.assertTrue(paid_later.payment_state in ("paid", "in_payment"))
        row = self._row()
        due, _overdue = self._independent_sums(self.customer)
        self.assertAlmostEqual(due, 1000 - 300, places=2, msg="Odoo's residuals already net them")
        self.assertAlmostEqual(row.total_due, 1400, places=2)
        self.assertAlmostEqual(row.total_overdue, 1400, places=2)
        self.assertAlmostEqual(row.amount_unapplied, 0, places=2)
        self.assertAlmostEqual(self._case().total_overdue, 1400, places=2)
        self.Receivable._refresh(companies=self.company, partner_ids=self.customer.ids, today=later)
        row.invalidate_recordset()
        self.assertAlmostEqual(row.total_due, 1000 - 300, places=2)
        self.assertAlmostEqual(row.total_overdue, 1000, places=2)
        self.assertAlmostEqual(row.amount_unapplied, 300, places=2)

    def test_bucket_boundaries_follow_company_limits(self):
        self._invoice(self.customer, 100, 30)
        self._invoice(self.customer, 200, 31)
        self._invoice(self.customer, 400, 0)  # due today: current
        row = self._row()
        self.assertAlmostEqual(row.amount_bucket_1, 100)
        self.assertAlmostEqual(row.amount_bucket_2, 200)
        self.assertAlmostEqual(row.amount_current, 400)
        self.company.rcm_aging_limits = "15,30,45,60"
        self.Receivable._refresh(partner_ids=self.customer.ids)
        self.assertAlmostEqual(row.amount_bucket_2, 100)  # 16-30
        self.assertAlmostEqual(row.amount_bucket_3, 200)  # 31-45

    def test_refresh_on_post_and_payment_and_only_changed_rows(self):
        invoice = self._invoice(self.customer, 1000, 20)
        other = self._invoice(self.customer_b, 50, 5)
        row, row_b = self._row(), self._row(self.customer_b)
        self.assertAlmostEqual(row.total_overdue, 1000)
        self.assertAlmostEqual(row_b.total_overdue, 50)
        stamp_b = row_b.write_date
        # a full refresh with nothing changed writes nothing
        changed = self.Receivable._refresh()
        self.assertFalse(changed)
        self._pay(invoice, date=self.today)
        self.assertAlmostEqual(row.total_due, 0)
        self.assertEqual(row.last_payment_date, self.today)
        self.assertAlmostEqual(row.last_payment_amount, 1000)
        self.assertEqual(row_b.write_date, stamp_b, "the other customer was not rewritten")
        self.assertTrue(other)

    def test_payment_behaviour(self):
        # due 30 days ago, paid 10 days late (20 days ago): 10 days late, weighted by amount
        late = self._invoice(self.customer, 1000, 30)
        self._pay(late, date=self.today - timedelta(days=20))
        on_time = self._invoice(self.customer, 1000, 60)
        self._pay(on_time, date=self.today - timedelta(days=60))
        row = self._row()
        self.assertAlmostEqual(row.avg_days_late, 5.0, places=1)
        self.assertAlmostEqual(row.share_paid_late, 0.5, places=3)
        # invoices are dated 30 days before their due date in these tests
        self.assertAlmostEqual(row.avg_days_to_pay, (40 + 30) / 2, places=1)

    def test_exclusion_reduces_collectible(self):
        invoice = self._invoice(self.customer, 1000, 40)
        self._invoice(self.customer, 300, 10)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 1000, "dispute")
        row = self._row()
        self.assertAlmostEqual(row.total_overdue, 1300)
        self.assertAlmostEqual(row.excluded_amount, 1000)
        self.assertAlmostEqual(row.collectible_overdue, 300)
        self.assertEqual(row.oldest_overdue_days, 40)
        self.assertEqual(row.oldest_collectible_days, 10, "the excluded invoice no longer drives the age")
        # an exclusion larger than the residual counts for the residual only
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 5000, "dispute")
        self.assertAlmostEqual(row.excluded_amount, 1000)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 0, "dispute")
        self.assertAlmostEqual(row.collectible_overdue, 1300)

    def test_risk_override_needs_reason(self):
        self._invoice(self.customer, 1000, 150)
        row = self._row()
        self.assertIn(row.risk_class_auto, ("low", "medium", "high", "critical"))
        with self.assertRaisesRegex(Exception, "reason"):
            row.write({"risk_override": "critical"})
        row.write({"risk_override": "critical", "risk_override_reason": "Bankruptcy filed"})
        self.assertEqual(row.risk_class, "critical")
