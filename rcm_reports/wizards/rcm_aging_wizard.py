# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import xlsxwriter

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.rcm_collections.services import aging

GROUPBY_SELECTION = [
    ("partner", "Customer"),
    ("collector", "Collector"),
    ("team", "Collection Team"),
    ("salesperson", "Salesperson"),
    ("company", "Company"),
    ("currency", "Currency"),
    ("risk_class", "Risk Class"),
]


class RcmAgingWizard(models.TransientModel):
    """Aged receivables as of a date: open the analysis, print the PDF or download the XLSX."""

    _name = "rcm.aging.wizard"
    _description = "Aged Receivables Report"

    as_of = fields.Date(string="As of", required=True, default=fields.Date.context_today)
    company_ids = fields.Many2many(
        "res.company", string="Companies", required=True, default=lambda self: self.env.companies
    )
    limits = fields.Char(
        string="Aging Buckets",
        required=True,
        default=lambda self: self.env.company.rcm_aging_limits,
        help="Upper limits in days overdue of the buckets after Current, e.g. 30,60,90,120.",
    )
    groupby = fields.Selection(GROUPBY_SELECTION, string="Group By", required=True, default="partner")

    @api.constrains("company_ids")
    def _check_company_ids(self):
        self._rcm_check_companies()

    def _rcm_check_companies(self):
        """The companies of the report are among the user's allowed companies (the aging reads the
        ledger in SQL: record rules do not filter it). Constraints run as superuser: the user is still
        the one who asked."""
        for wizard in self:
            # sudo: read every company of the wizard (a plain read hides those the user cannot see)
            foreign = wizard.sudo().company_ids - wizard.env.user.company_ids
            if foreign:
                raise AccessError(
                    wizard.env._(
                        "You cannot report on company %s: it is not among your allowed companies.",
                        ", ".join(foreign.mapped("name")),
                    )
                )

    @api.constrains("limits")
    def _check_limits(self):
        for wizard in self:
            try:
                aging.parse_limits(wizard.limits)
            except ValueError as error:
                raise ValidationError(self.env._("Aging buckets: %s", error)) from error

    def _get_limits(self):
        self.ensure_one()
        return aging.parse_limits(self.limits)

    def _get_report_data(self):
        """The aggregated aging of the wizard's parameters (see rcm.aging.report._compute_aging)."""
        self.ensure_one()
        self._rcm_check_companies()
        return self.env["rcm.aging.report"]._compute_aging(
            as_of=self.as_of, company=self.company_ids, limits=self._get_limits(), groupby=self.groupby
        )

    def action_open_analysis(self):
        """Pivot, graph and list of the open items as of the date, drilling down to the items."""
        self.ensure_one()
        self._rcm_check_companies()
        return self.env["rcm.aging.report"].action_open(
            as_of=self.as_of, limits_text=self.limits, companies=self.company_ids
        )

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("rcm_reports.action_report_rcm_aging").report_action(self)

    def action_export_xlsx(self):
        """Download the XLSX (controller /rcm_reports/aging/xlsx/<wizard id>)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/rcm_reports/aging/xlsx/{self.id}",
            "target": "self",
        }

    def _get_xlsx_filename(self):
        self.ensure_one()
        return f"aged_receivables_{fields.Date.to_string(self.as_of)}.xlsx"

    def _get_xlsx(self):
        """The aging as an XLSX workbook (bytes): one sheet, one row per group, totals at the bottom."""
        self.ensure_one()
        data = self._get_report_data()
        output = io.BytesIO()
        # text stays text: a customer named "=HYPERLINK(...)" or "http://..." is no formula nor link
        workbook = xlsxwriter.Workbook(
            output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        sheet = workbook.add_worksheet(self.env._("Aged Receivables"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
        companies = ", ".join(self.company_ids.mapped("name"))
        sheet.write(0, 0, self.env._("Aged Receivables as of %s", fields.Date.to_string(self.as_of)), bold)
        sheet.write(1, 0, companies)
        group_label = dict(self._fields["groupby"]._description_selection(self.env))[self.groupby]
        header = [
            group_label,
            *data["labels"],
            self.env._("Total"),
            self.env._("Overdue"),
            self.env._("Items"),
        ]
        for col, title in enumerate(header):
            sheet.write(3, col, title, bold)
        row_index = 4
        for row in data["rows"]:
            sheet.write(row_index, 0, row["name"])
            for col, value in enumerate([*row["buckets"], row["total"], row["overdue"]], start=1):
                sheet.write_number(row_index, col, value, money)
            sheet.write_number(row_index, len(header) - 1, row["count"])
            row_index += 1
        totals = data["totals"]
        sheet.write(row_index, 0, self.env._("Total"), bold)
        for col, value in enumerate([*totals["buckets"], totals["total"], totals["overdue"]], start=1):
            sheet.write_number(row_index, col, value, money_bold)
        sheet.write_number(row_index, len(header) - 1, totals["count"], bold)
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, len(header) - 1, 14)
        sheet.freeze_panes(4, 1)
        workbook.close()
        return output.getvalue()
