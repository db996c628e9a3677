# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.rcm_collections.services import scoring

from ..services import forecast as forecast_service
from .common import RcmReportsCommon


def _invoice_on(env, partner, amount, invoice_date, due):
    move = env["account.move"].create(
        {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": invoice_date,
            "invoice_date_due": due,
            "invoice_line_ids": [
                Command.create({"name": "Service", "price_unit": amount, "quantity": 1, "tax_ids": []})
            ],
        }
    )
    move.action_post()
    return move


@tagged("post_install", "-at_install")
class TestCashForecast(RcmReportsCommon):
    """Predicted payment dates, the 13-week forecast with promises and disputes, and the priority score
    fed with the predicted lateness.

    The customer paid its last invoice 10 days late (its history). Open: Y (1000, due in 5 days,
    predicted in 15 days, 300 of it promised in 3 days) and Z (500, 30 days overdue, predicted today,
    100 of it disputed)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.today
        history = _invoice_on(
            cls.env, cls.customer, 400, today - timedelta(days=90), today - timedelta(days=60)
        )
        cls._pay(history, date=today - timedelta(days=50))
        cls.inv_y = _invoice_on(
            cls.env, cls.customer, 1000, today - timedelta(days=25), today + timedelta(days=5)
        )
        cls.inv_z = _invoice_on(
            cls.env, cls.customer, 500, today - timedelta(days=60), today - timedelta(days=30)
        )
        cls.promise = (
            cls.env["rcm.promise"]
            .sudo()
            .create(
                {
                    "partner_id": cls.customer.id,
                    "amount": 300,
                    "promised_date": today + timedelta(days=3),
                    "invoice_ids": [Command.set(cls.inv_y.ids)],
                }
            )
        )
        cls._dispute([(cls.inv_z, 100.0)])
        cls.Forecast = cls.env["rcm.cash.forecast"].sudo()

    def test_backbone_history(self):
        self.assertEqual(self._row().avg_days_late, 10.0)

    def test_predictions_stored(self):
        self.env["account.move"]._rcm_refresh_predictions(companies=self.company)
        self.assertEqual(self.inv_y.rcm_predicted_payment_date, self.today + timedelta(days=15))
        self.assertEqual(self.inv_y.rcm_predicted_days_late, 10)
        self.assertEqual(self.inv_z.rcm_predicted_payment_date, self.today, "overdue past its prediction")
        self.assertEqual(self.inv_z.rcm_predicted_days_late, 30)
        self.assertEqual(
            forecast_service.predict_payment_date(self.inv_y.invoice_date_due, 10.0, self.today),
            self.inv_y.rcm_predicted_payment_date,
        )
        self.assertEqual(self.env["account.move"]._rcm_refresh_predictions(companies=self.company), 0)

    def test_forecast_rows(self):
        rows = self.Forecast.with_context(allowed_company_ids=self.company.ids).search(
            [("partner_id", "=", self.customer.id)]
        )
        got = sorted((r.move_id.id, r.source, r.expected_date, round(r.amount, 2)) for r in rows)
        expected = sorted(
            [
                (self.inv_y.id, "invoice", self.today + timedelta(days=15), 700.0),
                (self.inv_y.id, "promise", self.today + timedelta(days=3), 300.0),
                (self.inv_z.id, "invoice", self.today, 400.0),
            ]
        )
        self.assertEqual(got, expected)

    def test_weekly_forecast(self):
        data = self.Forecast._get_weekly_forecast(companies=self.company, today=self.today)
        self.assertEqual(len(data["weeks"]), 13)
        self.assertEqual(data["weeks"][0]["week_start"], forecast_service.week_start(self.today))
        items = [
            (self.today + timedelta(days=15), 700.0),
            (self.today + timedelta(days=3), 300.0),
            (self.today, 400.0),
        ]
        buckets, later = forecast_service.weekly_forecast(items, self.today)
        self.assertEqual([w["amount"] for w in data["weeks"]], [b["amount"] for b in buckets])
        self.assertEqual(data["total"], 1400.0)
        self.assertEqual(later, 0.0)
        wizard = self.env["rcm.cash.forecast.wizard"].with_user(self.manager).create({})
        self.assertEqual(wizard.total, 1400.0)
        self.assertIn("o_rcm_forecast_weeks", wizard.weeks_html)

    def test_priority_score_uses_predicted_lateness(self):
        case = self._case()
        before = case.priority_score
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.env["account.move"]._cron_rcm_refresh_predictions()
        # amount-weighted predicted lateness of the open invoices: (10 * 1000 + 30 * 500) / 1500
        predicted = (10 * 1000 + 30 * 500) / 1500
        expected = scoring.priority_score(
            overdue_amount=max(0.0, case.collectible_overdue),
            max_days_overdue=case.oldest_overdue_days,
            risk_class=case.risk_class,
            broken_promises=0,
            predicted_days_late=predicted,
        )
        case.invalidate_recordset()
        self.assertEqual(case.priority_score, expected)
        self.assertGreater(case.priority_score, before)


@tagged("post_install", "-at_install")
class TestForecastBacktest(RcmReportsCommon):
    """The back-test on two invoices paid in the last 6 months: H1 (no history before it, predicted on
    its due date, paid 10 days late) and H2 (predicted 10 days late from H1, paid 12 days late).
    Errors 10 and 2 days: MAE 6, bias +6; "paid on due date" errs by 10 and 12: MAE 11."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = cls.today
        h1 = _invoice_on(
            cls.env, cls.customer_b, 500, today - timedelta(days=150), today - timedelta(days=120)
        )
        cls._pay(h1, date=today - timedelta(days=110))
        h2 = _invoice_on(cls.env, cls.customer_b, 700, today - timedelta(days=60), today - timedelta(days=40))
        cls._pay(h2, date=today - timedelta(days=28))
        # paid by a credit note only: not a payment, left out of the back-test
        h3 = _invoice_on(cls.env, cls.customer_b, 50, today - timedelta(days=20), today - timedelta(days=10))
        refund = cls._invoice(cls.customer_b, 50, 5, move_type="out_refund")
        cls._reconcile(h3, refund)
        cls.h1, cls.h2 = h1, h2

    def test_backtest_metrics(self):
        pairs = self.env["rcm.cash.forecast"]._get_backtest_pairs(
            self.company, self.today - timedelta(days=183), self.today
        )
        self.assertEqual([p[0] for p in pairs], [self.h1.id, self.h2.id])
        result = self.env["rcm.cash.forecast"]._backtest(companies=self.company, months=6)
        self.assertEqual(result["count"], 2)
        self.assertAlmostEqual(result["mae"], 6.0)
        self.assertAlmostEqual(result["bias"], 6.0)
        self.assertAlmostEqual(result["baseline_mae"], 11.0)
        self.assertAlmostEqual(result["within_7"], 0.5)

    def test_backtest_runs_are_stored_and_shown(self):
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.env["rcm.forecast.backtest"]._cron_run()
        Backtest = self.env["rcm.forecast.backtest"].sudo()
        run = Backtest.search([("company_id", "=", self.company.id)])
        self.assertEqual(len(run), 1)
        self.assertEqual((run.invoice_count, run.mae, run.bias, run.baseline_mae), (2, 6.0, 6.0, 11.0))
        Backtest._run(companies=self.company)
        self.assertEqual(Backtest.search_count([("company_id", "=", self.company.id)]), 1, "one run a day")
        wizard = self.env["rcm.cash.forecast.wizard"].with_user(self.manager).create({})
        self.assertEqual(wizard.backtest_mae, 6.0)
        self.assertEqual(wizard.backtest_count, 2)
