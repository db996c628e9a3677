# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from datetime import timedelta

import openpyxl

from odoo.tests import HttpCase, tagged

from .common import RcmReportsCommon


@tagged("post_install", "-at_install")
class TestAgingExports(RcmReportsCommon):
    """The aging wizard's PDF and XLSX open and hold the figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.customer, 1000.0, 40)
        cls._invoice(cls.customer_b, 250.0, -5)
        cls.wizard = (
            cls.env["rcm.aging.wizard"]
            .with_user(cls.collector)
            .create({"as_of": cls.today, "company_ids": [(6, 0, cls.company.ids)], "limits": "30,60,90,120"})
        )

    def test_xlsx_opens(self):
        content = self.wizard._get_xlsx()
        book = openpyxl.load_workbook(io.BytesIO(content))
        sheet = book.active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[3]
        self.assertEqual(header[1:7], ("Current", "1-30", "31-60", "61-90", "91-120", ">120"))
        by_name = {row[0]: row for row in rows[4:]}
        self.assertEqual(by_name["Northwind Logistics"][3], 1000.0)  # 31-60
        self.assertEqual(by_name["Contoso Retail"][1], 250.0)  # current
        self.assertEqual(by_name["Total"][7], 1250.0)
        action = self.wizard.action_export_xlsx()
        self.assertEqual(action["url"], f"/rcm_reports/aging/xlsx/{self.wizard.id}")

    def test_pdf_renders(self):
        report = self.env.ref("rcm_reports.action_report_rcm_aging")
        pdf, report_type = (
            self.env["ir.actions.report"]
            .with_user(self.collector)
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, res_ids=self.wizard.ids)
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        html = (
            self.env["ir.actions.report"]
            .with_user(self.collector)
            ._render_qweb_html(report, self.wizard.ids)[0]
            .decode()
        )
        self.assertIn("Northwind Logistics", html)
        self.assertIn("1-30", html)

    def test_past_date_and_grouping(self):
        self.wizard.write({"as_of": self.today - timedelta(days=400), "groupby": "collector"})
        data = self.wizard._get_report_data()
        self.assertEqual(data["totals"]["total"], 0.0)
        action = self.wizard.action_open_analysis()
        self.assertEqual(action["res_model"], "rcm.aging.report")
        self.assertEqual(action["context"]["rcm_aging_limits"], "30,60,90,120")


@tagged("post_install", "-at_install")
class TestAgingXlsxDownload(RcmReportsCommon, HttpCase):
    """The XLSX download route serves the wizard's workbook to its owner only."""

    def test_download(self):
        self._invoice(self.customer, 700.0, 10)
        wizard = (
            self.env["rcm.aging.wizard"].with_user(self.collector).create({"company_ids": self.company.ids})
        )
        self.authenticate("rcm_collector", "rcm_collector")
        response = self.url_open(f"/rcm_reports/aging/xlsx/{wizard.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        self.assertEqual(sheet.cell(row=5, column=1).value, "Northwind Logistics")
        self.authenticate("rcm_collector_2", "rcm_collector_2")
        self.assertEqual(self.url_open(f"/rcm_reports/aging/xlsx/{wizard.id}").status_code, 403)
