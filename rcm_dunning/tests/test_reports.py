# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestReports(RcmDunningCommon):
    """The letters and the statement render through the report engine (wkhtmltopdf really runs)."""

    def _pdf(self, report_ref, records, data=None):
        content, report_type = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report_ref, records.ids, data=data)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), "a real PDF")
        return content

    def test_letters_render(self):
        reminder = self._invoice(self.customer, 500, 40)
        self._set_level(reminder, self.level_1, 20)
        final = self._invoice(self.customer_b, 900, 60)
        self._set_level(final, self.level_2, 20)
        self._run()
        second_notice, final_demand = self._comm(), self._comm(self.customer_b)
        self.assertEqual(second_notice.letter_type, "reminder")
        self.assertEqual(final_demand.letter_type, "final")
        demand = self.Communication._create_for_cases(
            self._case(self.customer_b), self.level_4, channels=["letter"]
        )
        self.assertEqual(demand.letter_type, "demand")
        letters = second_notice | final_demand | demand
        for letter in letters:  # one by one: Debian's wkhtmltopdf (unpatched Qt) renders one document a call
            self._pdf("rcm_dunning.action_report_rcm_dunning_letter", letter)
        # the HTML of the same report: branding, items, pay link, type-specific text
        html = self.env["ir.actions.report"]._render_qweb_html(
            "rcm_dunning.action_report_rcm_dunning_letter", letters.ids
        )[0]
        html = html.decode()
        self.assertIn(self.company.name, html)
        self.assertIn(reminder.name, html)
        self.assertIn(final.name, html)
        self.assertIn("Final demand for payment", html)
        self.assertIn("Formal notice", html)
        self.assertIn(f"/my/dunning/{demand.id}?access_token=", html)
        self.assertIn(final_demand.fee_invoice_id.name, html, "the charges invoiced are announced")

    def test_statement_renders_with_aging(self):
        self._invoice(self.customer, 1000, 45)  # 31-60
        self._invoice(self.customer, 250, 10)  # 1-30
        self._invoice(self.customer, 100, -5)  # current
        paid = self._invoice(self.customer, 400, 20)
        self._pay(paid)
        data = {
            "date_from": str(self.today - timedelta(days=365)),
            "date_to": str(self.today),
        }
        self._pdf("rcm_dunning.action_report_rcm_customer_statement", self.customer, data=data)
        statement = self.env["report.rcm_dunning.report_customer_statement"]._get_statement(
            self.customer, self.company, self.today - timedelta(days=365), self.today
        )
        self.assertAlmostEqual(statement["opening_balance"], 0.0)
        self.assertAlmostEqual(statement["total_open"], 1350.0)
        self.assertAlmostEqual(statement["total_overdue"], 1250.0)
        aging = dict(statement["aging"])
        self.assertAlmostEqual(aging["Current"], 100.0)
        self.assertAlmostEqual(aging["1-30"], 250.0)
        self.assertAlmostEqual(aging["31-60"], 1000.0)
        self.assertEqual(len(statement["open_items"]), 3)
        # activity: four invoices and the payment; the closing balance is what is open
        self.assertAlmostEqual(statement["total_debit"], 1750.0)
        self.assertAlmostEqual(statement["total_credit"], 400.0)
        self.assertAlmostEqual(statement["closing_balance"], 1350.0)
        # the wizard prints the same report
        self.company.external_report_layout_id = self.env.ref("web.external_layout_standard")
        wizard = self.env["rcm.customer.statement.wizard"].create({"partner_ids": [self.customer.id]})
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "rcm_dunning.report_customer_statement")
        self.assertEqual(action["data"]["date_to"], str(self.today))
