# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os
import random
from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.rcm_collections.services import aging

from .common import RcmReportsCommon


def _afr_installed(env):
    module = env["ir.module.module"].search([("name", "=", "account_financial_report")])
    return module.state == "installed"


@tagged("post_install", "-at_install")
class TestAging(RcmReportsCommon):
    """The aging equals an independent computation to the cent, today and as of a past date, on a
    generated ledger with partial payments, credit notes, an unapplied payment and two currencies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.past = cls.today - timedelta(days=45)
        rng = random.Random(20261123)
        cls.partners = (
            cls.customer
            | cls.customer_b
            | cls.env["res.partner"].create(
                [{"name": f"Aging Customer {i}", "is_company": True} for i in range(4)]
            )
        )
        invoices = cls.env["account.move"]
        for index in range(24):
            partner = rng.choice(cls.partners)
            currency = cls.eur if index % 3 == 0 else None
            days = rng.choice([-20, -5, 0, 3, 15, 29, 31, 45, 61, 75, 95, 130, 200])
            invoices |= cls._invoice(partner, round(rng.uniform(100, 5000), 2), days, currency=currency)
        # payments, full or partial, on dates before and after the past as-of date
        for invoice in invoices[::2]:
            span = max(0, (cls.today - invoice.invoice_date).days)
            pay_date = invoice.invoice_date + timedelta(days=rng.randint(0, span))
            amount = rng.choice([None, round(invoice.amount_total * 0.4, 2)])
            cls._pay(invoice, amount=amount, date=pay_date)
        # credit notes: two applied to an invoice of the same customer and currency, two left open
        for invoice in invoices[1:9:2][:2]:
            refund = cls._invoice(
                invoice.partner_id,
                round(invoice.amount_total / 3, 2),
                10,
                currency=invoice.currency_id,
                move_type="out_refund",
            )
            cls._reconcile(invoice, refund)
        cls._invoice(cls.partners[2], 250.0, 20, move_type="out_refund")
        cls._invoice(cls.partners[3], 120.0, 5, currency=cls.eur, move_type="out_refund")
        # an unapplied payment (manual entry on the receivable account)
        cls.unapplied = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": cls.today - timedelta(days=50),
                "line_ids": [
                    Command.create(
                        {
                            "account_id": cls.company_data["default_account_receivable"].id,
                            "partner_id": cls.partners[4].id,
                            "credit": 300.0,
                            "name": "Unapplied receipt",
                        }
                    ),
                    Command.create(
                        {
                            "account_id": cls.company_data["default_journal_bank"].default_account_id.id,
                            "debit": 300.0,
                            "name": "Unapplied receipt",
                        }
                    ),
                ],
            }
        )
        cls.unapplied.action_post()
        # the explicit case: overdue 15 days on the past date, paid 400 before it and 600 after it
        cls.explicit_partner = cls.env["res.partner"].create(
            {"name": "Explicit Customer", "is_company": True}
        )
        cls.explicit = cls._invoice(cls.explicit_partner, 1000.0, 60)
        cls._pay(cls.explicit, amount=400.0, date=cls.past - timedelta(days=5))
        cls._pay(cls.explicit, amount=600.0, date=cls.past + timedelta(days=10))
        cls.invoices = invoices

    # ------------------------------------------------------------------
    # Independent computations
    # ------------------------------------------------------------------
    def _lines(self, as_of):
        return self.env["account.move.line"].search(
            [
                ("company_id", "=", self.company.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("date", "<=", as_of),
            ]
        )

    def _expected(self, as_of, limits, use_odoo_residual=False):
        """{commercial partner id: [amount per bucket]} computed in Python from the ORM."""
        expected = defaultdict(lambda: [0.0] * (len(limits) + 1))
        for line in self._lines(as_of):
            if use_odoo_residual:
                residual = line.amount_residual
            else:
                residual = (
                    line.balance
                    - sum(p.amount for p in line.matched_credit_ids if p.max_date <= as_of)
                    + sum(p.amount for p in line.matched_debit_ids if p.max_date <= as_of)
                )
            if self.company.currency_id.is_zero(residual):
                continue
            index = aging.bucket_index(aging.days_overdue(line.date_maturity or line.date, as_of), limits)
            expected[line.partner_id.commercial_partner_id.id][index] += residual
        return {key: [round(v, 2) for v in values] for key, values in expected.items()}

    def _computed(self, as_of, limits):
        data = self.Aging._compute_aging(as_of=as_of, company=self.company, limits=limits, groupby="partner")
        return {row["key"]: row["buckets"] for row in data["rows"]}, data

    def _assert_same(self, computed, expected):
        self.assertEqual(set(computed), set(expected))
        for key, buckets in expected.items():
            self.assertEqual(
                [round(v, 2) for v in computed[key]], buckets, f"partner {key} differs: {computed[key]}"
            )

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_ledger_has_what_the_test_needs(self):
        lines = self._lines(self.today)
        self.assertTrue(lines.filtered(lambda line: line.currency_id == self.eur and line.matched_credit_ids))
        self.assertTrue(
            lines.filtered(lambda line: line.move_id.move_type == "out_refund" and not line.reconciled)
        )
        self.assertTrue(
            lines.filtered(lambda line: line.matched_credit_ids and not line.reconciled),
            "a partially paid invoice",
        )
        self.assertTrue(
            lines.filtered(lambda line: line.move_id.journal_id.type == "general" and line.matched_debit_ids),
            "an exchange difference entry (the EUR rate moved)",
        )

    def test_today_equals_odoo_residuals(self):
        limits = self.company._rcm_get_aging_limits()
        expected = self._expected(self.today, limits, use_odoo_residual=True)
        self.assertEqual(expected, self._expected(self.today, limits))
        computed, _data = self._computed(self.today, limits)
        self._assert_same(computed, expected)
        self.assertNotIn(self.explicit_partner.id, computed, "the explicit invoice is fully paid today")

    def test_past_date(self):
        limits = self.company._rcm_get_aging_limits()
        expected = self._expected(self.past, limits)
        computed, data = self._computed(self.past, limits)
        self._assert_same(computed, expected)
        # a payment reconciled after the date does not reduce the past aging: 1000 - 400
        self.assertEqual(computed[self.explicit_partner.id], [0.0, 600.0, 0.0, 0.0, 0.0, 0.0])
        # the aging adds up to the receivable balance of the ledger on that date
        balance = round(sum(self._lines(self.past).mapped("balance")), 2)
        self.assertAlmostEqual(data["totals"]["total"], balance, places=2)
        self.assertAlmostEqual(sum(data["totals"]["buckets"]), balance, places=2)

    def test_custom_buckets(self):
        limits = aging.parse_limits("10,20,45,365")
        for as_of in (self.today, self.past):
            computed, data = self._computed(as_of, limits)
            self._assert_same(computed, self._expected(as_of, limits))
            self.assertEqual(data["labels"], ["Current", "1-10", "11-20", "21-45", "46-365", ">365"])

    def test_sql_view_grouped_like_the_computation(self):
        limits = aging.parse_limits("30,60,90,120")
        expected = self._expected(self.past, limits)
        report = self.Aging.with_context(
            rcm_aging_as_of=fields.Date.to_string(self.past),
            rcm_aging_limits="30,60,90,120",
            allowed_company_ids=self.company.ids,
        )
        groups = report._read_group([], ["partner_id", "bucket"], ["amount_residual:sum"])
        got = defaultdict(lambda: [0.0] * 6)
        for partner, bucket, amount in groups:
            got[partner.id][int(bucket)] += amount
        self._assert_same(dict(got), expected)
        # drill-down: the items of one cell
        items = report.search([("partner_id", "=", self.explicit_partner.id)])
        self.assertEqual(items.move_id, self.explicit)
        self.assertEqual(items.bucket, "1")
        self.assertEqual(items.days_overdue, 15)
        self.assertAlmostEqual(items.amount_residual, 600.0)
        labels = dict(report._fields["bucket"]._description_selection(report.env))
        self.assertEqual(labels["1"], "1-30")

    def test_currency_residual(self):
        report = self.Aging.with_context(allowed_company_ids=self.company.ids)
        eur_items = report.search([("currency_id", "=", self.eur.id)])
        self.assertTrue(eur_items)
        for item in eur_items:
            line = item.move_line_id
            self.assertAlmostEqual(item.amount_residual_currency, line.amount_residual_currency, places=2)
            self.assertAlmostEqual(item.amount_residual, line.amount_residual, places=2)

    def test_group_by_collector_and_team(self):
        case = self._case(self.partners[0])
        if not case:
            case = self.Case.create({"partner_id": self.partners[0].id, "company_id": self.company.id})
        case.write({"user_id": self.collector.id, "team_id": self.team_a.id})
        limits = self.company._rcm_get_aging_limits()
        by_partner = self.Aging._compute_aging(self.today, self.company, limits, "partner")
        total = next(r["total"] for r in by_partner["rows"] if r["key"] == self.partners[0].id)
        for groupby, key in (("collector", self.collector.id), ("team", self.team_a.id)):
            data = self.Aging._compute_aging(self.today, self.company, limits, groupby)
            row = next(r for r in data["rows"] if r["key"] == key)
            self.assertAlmostEqual(row["total"], total, places=2)
            self.assertAlmostEqual(data["totals"]["total"], by_partner["totals"]["total"], places=2)
        currencies = self.Aging._compute_aging(self.today, self.company, limits, "currency")
        self.assertEqual({r["key"] for r in currencies["rows"]}, {self.company.currency_id.id, self.eur.id})
        risk = self.Aging._compute_aging(self.today, self.company, limits, "risk_class")
        self.assertAlmostEqual(risk["totals"]["total"], by_partner["totals"]["total"], places=2)

    def test_collector_sees_the_aging(self):
        report = self.env["rcm.aging.report"].with_user(self.collector)
        self.assertTrue(report.search_count([]))

    def test_same_as_oca_aged_partner_balance(self):
        """When OCA's account_financial_report is installed, its aged partner balance agrees."""
        if not _afr_installed(self.env):
            # setup/test.sh installs it and sets RCM_REQUIRE_OCA: there the comparison must run
            if os.environ.get("RCM_REQUIRE_OCA"):
                self.fail("account_financial_report must be installed in the test database")
            self.skipTest("account_financial_report is not installed")
        for as_of in (self.today, self.past):
            wizard = self.env["aged.partner.balance.report.wizard"].create(
                {
                    "date_at": as_of,
                    "company_id": self.company.id,
                    "account_ids": [Command.set(self.company_data["default_account_receivable"].ids)],
                    "target_move": "posted",
                }
            )
            data = wizard._prepare_report_data()
            data["date_at"] = fields.Date.to_string(as_of)
            values = self.env["report.account_financial_report.aged_partner_balance"]._get_report_values(
                wizard.ids, data
            )
            account = values["aged_partner_balance"][0]
            oca = [account[key] for key in ("current", "30_days", "60_days", "90_days", "120_days", "older")]
            _computed, ours = self._computed(as_of, aging.DEFAULT_LIMITS)
            buckets = list(ours["totals"]["buckets"])
            # One convention differs: OCA puts an item without due date (the manual unapplied receipt) in
            # Current, RCM ages it from its date like the collections backbone does.
            for line in self._lines(as_of).filtered(lambda line: not line.date_maturity):
                residual = line.balance + sum(p.amount for p in line.matched_debit_ids if p.max_date <= as_of)
                index = aging.bucket_index(aging.days_overdue(line.date, as_of))
                buckets[index] -= residual
                buckets[0] += residual
            self.assertEqual([round(v, 2) for v in oca], [round(v, 2) for v in buckets], f"as of {as_of}")

    def test_backbone_cases_and_dashboard_agree_with_the_aging(self):
        """One convention everywhere (see the aging module's docstring): on the same date the backbone's
        buckets, total due and overdue per customer, the cases' overdue and the dashboard's pipeline are
        the aging's, credit notes and the unapplied payment included; also with a credit note and a
        payment dated after that date, which the aging as of it does not count yet."""
        later = self.today + timedelta(days=3)
        refund = self._invoice(self.partners[4], 333.0, 0, post=False, move_type="out_refund")
        refund.write({"invoice_date": later, "invoice_date_due": later})
        refund.action_post()
        open_invoice = self.env["account.move"].search(
            [("partner_id", "=", self.partners[5].id), ("payment_state", "=", "not_paid")], limit=1
        )
        self.assertTrue(open_invoice)
        self._pay(open_invoice, date=later)
        self._follow_ledger()
        self.env["rcm.partner.receivable"]._refresh(companies=self.company, today=self.today)
        limits = self.company._rcm_get_aging_limits()
        computed, data = self._computed(self.today, limits)
        rows = self.env["rcm.partner.receivable"].sudo().search([("company_id", "=", self.company.id)])
        fields_ = ["amount_current", *(f"amount_bucket_{i}" for i in range(1, 6))]
        by_row = {row.partner_id.id: row for row in rows}
        for partner_id, buckets in computed.items():
            row = by_row[partner_id]
            self.assertEqual([round(row[f], 2) for f in fields_], buckets, f"partner {partner_id}")
            aging_row = next(r for r in data["rows"] if r["key"] == partner_id)
            self.assertAlmostEqual(row.total_due, aging_row["total"], places=2)
            self.assertAlmostEqual(row.total_overdue, aging_row["overdue"], places=2)
            case = self._case(row.partner_id).sudo()
            if case:
                self.assertAlmostEqual(case.total_overdue, aging_row["overdue"], places=2)
        pipeline = self.env["rcm.dashboard"]._get_pipeline(self.company)
        for index, bucket in enumerate(pipeline["buckets"]):
            self.assertAlmostEqual(bucket["amount"], data["totals"]["buckets"][index], places=2)
