# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged

from ..services import kpi as kpi_service
from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestKpi(RcmReportsCommon):
    """Every KPI of one month against figures computed by hand.

    Month M runs from P to E (two months ago, so that every date below is in the past):

    ========  ======================  ============  ==========  ======================================
    item      dated                   due           amount      paid
    ========  ======================  ============  ==========  ======================================
    A         P - 20 (month before)   P + 10        1000        1000 on P + 15 (35 days to pay)
    F         P - 10 (month before)   P - 5         3000        never
    B         P + 5                   E + 20        2000        2000 on E + 3 (after the month)
    C         P + 2                   P + 12        500         200 on P + 20 (18 days to pay)
    D credit  P + 8                   P + 8         -100        open
    ========  ======================  ============  ==========  ======================================

    * receivable at start (before P): A + F = 4000; at end (E): 4000 + 2000 + 500 - 100 - 1000 - 200
      = 5200; not yet due at E: B = 2000 (its payment comes after E); credit sales of M: 2000 + 500
      - 100 = 2400; of the month before: 4000;
    * DSO = 5200 / 2400 * days; best = 2000 / 2400 * days; ADD = 3200 / 2400 * days;
    * countback: 5200 consumes M's 2400 (all its days), then 2800 of the previous month's 4000:
      days + 0.7 * days of the previous month;
    * CEI = (4000 + 2400 - 5200) / (4000 + 2400 - 2000) = 1200 / 4400 = 27.27 %;
    * % current = 2000 / 5200 = 38.46 %; days to pay = (35 * 1000 + 18 * 200) / 1200 = 32.17;
    * promises closed in M: one kept, one partially kept, one broken: 33.33 %;
    * disputes closed in M after 10 and 20 days: 15 days; deductions: one valid, one invalid: 50 %.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        first_of_month = cls.today.replace(day=1)
        cls.P = first_of_month - relativedelta(months=2)
        cls.E = cls.P + relativedelta(months=1, days=-1)
        P, E = cls.P, cls.E
        cls.days = (E - P).days + 1
        cls.days_before = (P - (P - relativedelta(months=1))).days
        c = cls.customer
        cls.inv_a = cls._invoice_on(c, 1000, P - timedelta(days=20), P + timedelta(days=10))
        cls.inv_f = cls._invoice_on(c, 3000, P - timedelta(days=10), P - timedelta(days=5))
        cls.inv_b = cls._invoice_on(c, 2000, P + timedelta(days=5), E + timedelta(days=20))
        cls.inv_c = cls._invoice_on(c, 500, P + timedelta(days=2), P + timedelta(days=12))
        cls.ref_d = cls._invoice_on(c, 100, P + timedelta(days=8), P + timedelta(days=8), "out_refund")
        cls._pay(cls.inv_a, date=P + timedelta(days=15))
        cls._pay(cls.inv_c, amount=200, date=P + timedelta(days=20))
        cls._pay(cls.inv_b, date=E + timedelta(days=3))
        # promises closed during the month
        Promise = cls.env["rcm.promise"].sudo()
        for state in ("kept", "partially_kept", "broken", "cancelled"):
            promise = Promise.create(
                {"partner_id": c.id, "amount": 100, "promised_date": cls.today + timedelta(days=5)}
            )
            promise.write({"state": state, "date_closed": P + timedelta(days=9)})
        # disputes and deductions closed during the month
        closed = cls.env["rcm.dispute.stage"]._get_stage("rejected")
        for kind, raised, closed_on, validity in (
            ("dispute", 1, 11, "pending"),
            ("dispute", 3, 23, "pending"),
            ("deduction", 2, 6, "valid"),
            ("deduction", 4, 7, "invalid"),
        ):
            dispute = cls._dispute([(cls.inv_f, 10.0)], kind=kind)
            dispute._rcm_workflow_write(
                {
                    "stage_id": closed.id,
                    "date": P + timedelta(days=raised),
                    "date_closed": P + timedelta(days=closed_on),
                    "validity": validity,
                }
            )

    @classmethod
    def _invoice_on(cls, partner, amount, invoice_date, due, move_type="out_invoice"):
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
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

    def _row(self, groupby="company"):
        rows = self.env["rcm.kpi"]._compute_kpis(self.P, self.E, groupby=groupby, companies=self.company)
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def test_inputs(self):
        row = self._row()
        self.assertEqual(row["date_from"], self.P)
        self.assertEqual(row["days"], self.days)
        self.assertAlmostEqual(row["ar_begin"], 4000.0)
        self.assertAlmostEqual(row["ar_end"], 5200.0)
        self.assertAlmostEqual(row["ar_current_end"], 2000.0)
        self.assertAlmostEqual(row["credit_sales"], 2400.0)
        self.assertAlmostEqual(row["pay_amount"], 1200.0)
        self.assertAlmostEqual(row["pay_days_weighted"], 35 * 1000 + 18 * 200)

    def test_current_month_is_measured_to_date(self):
        """A month not over yet counts the days elapsed and the ledger up to today (no DSO of thousands
        of days on the 1st), and the dashboard says so."""
        first = self.today.replace(day=1)
        self._invoice_on(self.customer, 300, first, first + timedelta(days=30))
        row = self.env["rcm.kpi"]._compute_kpis(
            first, self.today, companies=self.company, with_activity=False
        )[0]
        self.assertEqual((row["date_to"], row["days"]), (self.today, self.today.day))
        self.assertLess(row["dso"], 10 * 366)
        trend = self.env["rcm.dashboard"]._get_dso_trend(self.company, self.today)
        month_over = (self.today + timedelta(days=1)).day == 1
        self.assertEqual(trend[-1]["to_date"], False if month_over else str(self.today))
        self.assertFalse(trend[-2]["to_date"], "past months are whole")

    def test_kpis_against_hand_computed_figures(self):
        row = self._row()
        days = self.days
        self.assertAlmostEqual(row["dso"], 5200 / 2400 * days, places=6)
        self.assertAlmostEqual(row["dso_best"], 2000 / 2400 * days, places=6)
        self.assertAlmostEqual(row["add"], 3200 / 2400 * days, places=6)
        self.assertAlmostEqual(row["dso_countback"], days + 0.7 * self.days_before, places=6)
        self.assertAlmostEqual(row["cei"], 1200 / 4400 * 100, places=6)
        self.assertAlmostEqual(row["percent_current"], 2000 / 5200 * 100, places=6)
        self.assertAlmostEqual(row["avg_days_to_pay"], 38600 / 1200, places=6)
        self.assertAlmostEqual(row["promise_kept_rate"], 100 / 3, places=6)
        self.assertAlmostEqual(row["dispute_cycle_time"], 15.0, places=6)
        self.assertAlmostEqual(row["valid_deduction_rate"], 50.0, places=6)

    def test_same_as_pure_formulas(self):
        row = self._row()
        self.assertEqual(
            {key: row[key] for key in kpi_service.compute_all({})},
            kpi_service.compute_all(row, monthly_sales=[(2400.0, self.days), (4000.0, self.days_before)]),
        )

    def test_by_collector_and_team(self):
        case = self._case()
        case.write({"user_id": self.collector.id, "team_id": self.team_a.id})
        company_row = self._row()
        for groupby, group in (("collector", self.collector), ("team", self.team_a)):
            row = self._row(groupby)
            self.assertEqual(row["group_id"], group.id)
            self.assertEqual(row["group_name"], group.display_name)
            self.assertAlmostEqual(row["dso"], company_row["dso"])
            self.assertAlmostEqual(row["cei"], company_row["cei"])

    def test_by_month_and_range(self):
        rows = self.env["rcm.kpi"]._compute_kpis(
            self.P - relativedelta(months=1), self.E, groupby="company", companies=self.company
        )
        self.assertEqual([r["date_from"] for r in rows], [self.P - relativedelta(months=1), self.P])
        self.assertAlmostEqual(rows[0]["ar_end"], rows[1]["ar_begin"])
        whole = self.env["rcm.kpi"]._compute_kpis(
            self.P - relativedelta(months=1), self.E, companies=self.company, period="range"
        )
        self.assertEqual(len(whole), 1)
        self.assertAlmostEqual(whole[0]["credit_sales"], 6400.0)
        self.assertEqual(whole[0]["days"], self.days + self.days_before)

    def test_wizard_lines(self):
        wizard = (
            self.env["rcm.kpi.wizard"]
            .with_user(self.manager)
            .create({"date_from": self.P, "date_to": self.E, "groupby": "company"})
        )
        action = wizard.action_compute()
        self.assertEqual(action["res_model"], "rcm.kpi.line")
        line = wizard.line_ids
        self.assertEqual(len(line), 1)
        self.assertAlmostEqual(line.cei, 1200 / 4400 * 100, places=1)
        self.assertTrue(line.has_cei)
