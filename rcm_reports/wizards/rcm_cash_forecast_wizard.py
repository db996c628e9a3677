# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import format_amount, format_date


class RcmCashForecastWizard(models.TransientModel):
    """The cash forecast screen: expected collections of the next 13 weeks and how accurate the
    predictions were (the latest back-test)."""

    _name = "rcm.cash.forecast.wizard"
    _description = "Cash Forecast"

    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    total = fields.Monetary(string="Next 13 Weeks", compute="_compute_forecast")
    later = fields.Monetary(compute="_compute_forecast", help="Expected after the next 13 weeks.")
    weeks_html = fields.Html(string="Weekly Forecast", compute="_compute_forecast", sanitize=False)
    backtest_id = fields.Many2one("rcm.forecast.backtest", compute="_compute_forecast", string="Back-test")
    backtest_mae = fields.Float(related="backtest_id.mae")
    backtest_bias = fields.Float(related="backtest_id.bias")
    backtest_count = fields.Integer(related="backtest_id.invoice_count")
    backtest_baseline_mae = fields.Float(related="backtest_id.baseline_mae")
    backtest_within_7 = fields.Float(related="backtest_id.within_7")
    backtest_date = fields.Date(related="backtest_id.date", string="Back-tested On")

    @api.constrains("company_id")
    def _check_company_id(self):
        self._rcm_check_company()

    def _rcm_check_company(self):
        """The company of the forecast is among the user's allowed companies (the forecast reads the
        ledger in SQL: record rules do not filter it). Constraints run as superuser: the user is still
        the one who asked."""
        for wizard in self:
            if wizard.company_id and wizard.company_id not in wizard.env.user.company_ids:
                raise AccessError(
                    wizard.env._(
                        "You cannot forecast company %s: it is not among your allowed companies.",
                        wizard.company_id.name,
                    )
                )

    @api.depends("company_id")
    def _compute_display_name(self):
        for wizard in self:
            wizard.display_name = self.env._("Cash Forecast")

    @api.depends("company_id")
    def _compute_forecast(self):
        self._rcm_check_company()
        for wizard in self:
            data = self.env["rcm.cash.forecast"]._get_weekly_forecast(companies=wizard.company_id)
            wizard.total = data["total"]
            wizard.later = data["later"]
            wizard.weeks_html = wizard._render_weeks(data)
            wizard.backtest_id = self.env["rcm.forecast.backtest"].search(
                [("company_id", "=", wizard.company_id.id)], limit=1
            )

    def _render_weeks(self, data):
        """An HTML table of the weekly forecast with a bar per week."""
        currency = self.company_id.currency_id
        peak = max([week["amount"] for week in data["weeks"]] + [1.0])
        rows = []
        for week in data["weeks"]:
            width = round(100.0 * week["amount"] / peak, 1)
            rows.append(
                Markup(
                    "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                    "<td class='text-end fw-bold'>%s</td><td style='width:40%%'>"
                    "<div class='bg-primary' style='height:0.8em;width:%s%%'></div></td></tr>"
                )
                % (
                    format_date(self.env, week["week_start"]),
                    format_amount(self.env, week["invoice"], currency),
                    format_amount(self.env, week["promise"], currency),
                    format_amount(self.env, week["amount"], currency),
                    width,
                )
            )
        header = Markup(
            "<thead><tr><th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
            "<th class='text-end'>%s</th><th></th></tr></thead>"
        ) % (
            escape(self.env._("Week of")),
            escape(self.env._("Invoices (predicted)")),
            escape(self.env._("Promises")),
            escape(self.env._("Expected")),
        )
        return Markup("<table class='table table-sm o_rcm_forecast_weeks'>%s<tbody>%s</tbody></table>") % (
            header,
            Markup("").join(rows),
        )

    def action_run_backtest(self):
        """Button: back-test the predictions now (the nightly cron does it too)."""
        self.ensure_one()
        self._rcm_check_company()
        self.env["rcm.forecast.backtest"]._run(companies=self.company_id)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_details(self):
        """The expected collections, item by item (graph by week, pivot, list)."""
        self.ensure_one()
        return self.env["ir.actions.act_window"]._for_xml_id("rcm_reports.rcm_cash_forecast_action")
