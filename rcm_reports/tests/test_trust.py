# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import RcmReportsCommon

FORMULA_NAME = '=HYPERLINK("http://x","y")'
URL_NAME = "http://evil.example/pay-here"


@tagged("post_install", "-at_install")
class TestReportInputs(RcmReportsCommon, HttpCase):
    """Report wizards and routes only report on the user's companies; the XLSX writes text as text."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.setup_other_company(name="Foreign Co")["company"]

    def _aging_wizard(self, companies=None, user=None):
        return (
            self.env["rcm.aging.wizard"]
            .with_user(user or self.collector)
            .create(
                {
                    "as_of": self.today,
                    "company_ids": [(6, 0, (companies or self.company).ids)],
                    "limits": "30,60,90,120",
                }
            )
        )

    def test_xlsx_writes_customer_names_as_text(self):
        self.customer.sudo().name = FORMULA_NAME
        self.customer_b.sudo().name = URL_NAME
        self._invoice(self.customer, 1000.0, 40)
        self._invoice(self.customer_b, 250.0, 5)
        book = openpyxl.load_workbook(io.BytesIO(self._aging_wizard()._get_xlsx()))
        cells = {row[0].value: row[0] for row in book.active.iter_rows(min_row=5)}
        for name in (FORMULA_NAME, URL_NAME):
            with self.subTest(name=name):
                self.assertIn(name, cells)
                self.assertEqual(cells[name].data_type, "s", "a string, not a formula")
                self.assertIsNone(cells[name].hyperlink, "no link")

    def test_aging_wizard_refuses_foreign_company(self):
        Wizard = self.env["rcm.aging.wizard"]
        count = Wizard.sudo().search_count([])
        # the ORM already refuses to link a company the user cannot read; the wizard says it too
        with self.assertRaises(AccessError):
            self._aging_wizard(companies=self.other_company)
        with self.assertRaises(AccessError):
            self._aging_wizard(companies=self.company | self.other_company)
        wizard = self._aging_wizard()
        with self.assertRaises(AccessError):
            wizard.write({"company_ids": [(4, self.other_company.id)]})
        self.assertEqual(wizard.company_ids, self.company)
        with self.assertRaisesText(AccessError, "not among your allowed companies"):
            wizard.sudo().write({"company_ids": [(4, self.other_company.id)]})
        # linked behind the ORM's back, the wizard still reports on no foreign company
        self.env.cr.execute(
            "INSERT INTO rcm_aging_wizard_res_company_rel (rcm_aging_wizard_id, res_company_id) "
            "VALUES (%s, %s)",
            (wizard.id, self.other_company.id),
        )
        self.env.invalidate_all()
        for method in ("_get_xlsx", "_get_report_data", "action_open_analysis"):
            with self.subTest(method=method):
                with self.assertRaisesText(AccessError, "not among your allowed companies"):
                    getattr(wizard, method)()
        self.assertEqual(Wizard.sudo().search_count([]), count + 1, "only the valid wizard was created")

    def test_aging_route_refuses_foreign_company(self):
        wizard = self._aging_wizard()
        self.authenticate(self.collector.login, self.collector.login)
        ok = self.url_open(f"/rcm_reports/aging/xlsx/{wizard.id}")
        self.assertEqual(ok.status_code, 200)
        # a wizard pointing at another company (written behind the constraint's back)
        self.env.cr.execute(
            "UPDATE rcm_aging_wizard_res_company_rel SET res_company_id = %s WHERE rcm_aging_wizard_id = %s",
            (self.other_company.id, wizard.id),
        )
        self.env.invalidate_all()
        refused = self.url_open(f"/rcm_reports/aging/xlsx/{wizard.id}")
        self.assertEqual(refused.status_code, 403)
        self.assertNotIn(b"PK", refused.content[:2], "no workbook")

    def test_cash_forecast_wizard_refuses_foreign_company(self):
        Wizard = self.env["rcm.cash.forecast.wizard"].with_user(self.manager)
        with self.assertRaisesText(AccessError, "not among your allowed companies"):
            Wizard.create({"company_id": self.other_company.id})
        wizard = Wizard.create({"company_id": self.company.id})
        self.assertTrue(wizard.weeks_html)
        with self.assertRaisesText(AccessError, "not among your allowed companies"):
            wizard.write({"company_id": self.other_company.id})
