# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import IrCron

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestCronRisk360(RcmCollectionsCommon):
    """Nightly batches that resume, the risk class from behaviour, the customer 360 view."""

    def _break_rows(self):
        self.env.flush_all()
        self.env.execute_query(SQL("UPDATE rcm_partner_receivable SET total_due = 0, total_overdue = 0"))
        self.Receivable.invalidate_model()

    def test_nightly_refresh_batches_and_resumes(self):
        partners = self.env["res.partner"].create(
            [{"name": f"Batch {i}", "is_company": True} for i in range(3)]
        )
        for partner in partners:
            self._invoice(partner, 100, 10)
        self._break_rows()
        calls = []

        def interrupted(cron, processed=0, remaining=None, deactivate=False):
            calls.append((processed, remaining))
            return 0.0  # time is up after the first batch

        with patch.object(IrCron, "_commit_progress", interrupted):
            self.Receivable._cron_refresh_all(batch_size=1)
        rows = self.Receivable.search([("partner_id", "in", partners.ids)], order="partner_id")
        self.assertEqual(len(calls), 1, "the run stopped after its first committed batch")
        self.assertEqual(calls[0][0], 1)
        self.assertLessEqual(rows.mapped("total_due").count(100), 1, "only the first batch ran")
        cursor = self.env["ir.config_parameter"].sudo().get_param("rcm_collections.backbone_cursor")
        self.assertTrue(cursor.startswith(str(self.today)), "the cursor remembers where to resume")
        with patch.object(IrCron, "_commit_progress", lambda *a, **k: 1.0):
            self.Receivable._cron_refresh_all(batch_size=1)
        self.assertEqual(rows.mapped("total_due"), [100, 100, 100], "the next run resumed")

    def test_strategy_cron_is_idempotent(self):
        template = self.env.ref("rcm_collections.mail_template_rcm_reminder_friendly")
        self.env["rcm.collection.strategy"].sudo().create(
            {
                "name": "One mail",
                "step_ids": [
                    Command.create(
                        {
                            "name": "Mail",
                            "trigger_days": 1,
                            "action": "email",
                            "mail_template_id": template.id,
                        }
                    )
                ],
            }
        )
        for i in range(3):
            self._invoice(self.env["res.partner"].create({"name": f"P{i}", "is_company": True}), 100, 10)
        cases = self.Case.search([("state", "=", "new")])
        with patch.object(IrCron, "_commit_progress", lambda *a, **k: 1.0):
            self.Case._cron_advance_strategies(batch_size=2)
            self.assertTrue(all(cases.mapped("step_id")))
            messages = self.env["mail.message"].search_count([("model", "=", "rcm.collection.case")])
            self.Case._cron_advance_strategies(batch_size=2)
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "rcm.collection.case")]), messages, "no-op"
        )

    def test_risk_class_from_behaviour(self):
        # paid 80 days late, recently: lateness 35 points + all paid late 20 points = 55 -> high
        late = self._invoice(self.customer, 1000, 90)
        self._pay(late, date=self.today - timedelta(days=10))
        row = self._row()
        self.assertAlmostEqual(row.risk_points, 55.0, places=1)
        self.assertEqual(row.risk_class, "high")
        # a prompt payer stays low
        prompt = self._invoice(self.customer_b, 1000, 20)
        self._pay(prompt, date=self.today - timedelta(days=25))
        self.assertEqual(self._row(self.customer_b).risk_class, "low")

    def test_risk_counts_credit_limit_use(self):
        # the credit limit is company dependent: the backbone reads the company's value
        self.customer.with_company(self.company).credit_limit = 1000
        self._invoice(self.customer, 1500, -5)  # 150% of the limit, nothing late: 15 points
        row = self._row()
        self.assertAlmostEqual(row.risk_points, 15.0, places=1)
        self.assertAlmostEqual(row.credit_used_pct, 150.0, places=1)

    def test_customer_360(self):
        invoice = self._invoice(self.customer, 1000, 40)
        self._invoice(self.customer, 250, -3)
        case = self._case()
        action = self.customer.child_ids[0].with_user(self.collector).action_rcm_open_360()
        row = self.Receivable.browse(action["res_id"])
        self.assertEqual(row, self._row())
        self.assertEqual(row.case_id, case)
        self.assertEqual(
            row.open_item_ids.move_id,
            invoice
            | self.env["account.move"].search(
                [("partner_id", "=", self.customer.id), ("amount_total", "=", 250)]
            ),
        )
        self.assertEqual(row.contact_ids, self.customer | self.customer.child_ids)
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 400, "dispute")
        invoice.invalidate_recordset()
        self.assertEqual(invoice.rcm_exclusion_reasons, "Dispute", "open items carry their markers")
        self.assertAlmostEqual(invoice.rcm_excluded_amount, 400)
        customer = self.customer.with_user(self.manager)
        self.assertEqual(customer.rcm_open_case_id, case)
        self.assertAlmostEqual(customer.rcm_total_overdue, 1000)
        # an accountant without collections rights still opens the invoice with its markers
        self.assertEqual(invoice.with_user(self.env.user).rcm_exclusion_reasons, "Dispute")
