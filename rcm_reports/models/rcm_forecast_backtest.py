# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RcmForecastBacktest(models.Model):
    """One run of the cash forecast back-test: how far the predicted payment dates of the invoices paid
    in the last months were from the dates they were actually paid (see rcm.cash.forecast._backtest).
    Runs are kept, so that the accuracy of the forecast can be followed over time."""

    _name = "rcm.forecast.backtest"
    _description = "Cash Forecast Back-test"
    _order = "date desc, id desc"

    date = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    months = fields.Integer(default=6, readonly=True)
    date_from = fields.Date(string="Paid From", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    mae = fields.Float(string="Mean Absolute Error (days)", digits=(16, 1), readonly=True, aggregator="avg")
    bias = fields.Float(
        string="Bias (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="Mean of actual minus predicted payment date: positive when customers paid later than "
        "predicted.",
    )
    rmse = fields.Float(string="RMSE (days)", digits=(16, 1), readonly=True, aggregator="avg")
    within_7 = fields.Float(string="Within a Week (%)", digits=(16, 1), readonly=True, aggregator="avg")
    baseline_mae = fields.Float(
        string="MAE of 'Paid on Due Date' (days)",
        digits=(16, 1),
        readonly=True,
        aggregator="avg",
        help="The error of the naive prediction that every invoice is paid on its due date.",
    )
    baseline_bias = fields.Float(string="Bias of 'Paid on Due Date' (days)", digits=(16, 1), readonly=True)

    @api.model
    def _run(self, companies=None, months=6, today=None):
        """Back-test the forecast of each company and store the result (one run per company and day)."""
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        today = today or fields.Date.context_today(self)
        runs = self.browse()
        forecast = self.env["rcm.cash.forecast"].sudo()
        for company in companies:
            result = forecast._backtest(companies=company, months=months, today=today)
            values = {
                "date": today,
                "company_id": company.id,
                "months": months,
                "date_from": result["date_from"],
                "invoice_count": result["count"],
                "mae": result["mae"] or 0.0,
                "bias": result["bias"] or 0.0,
                "rmse": result["rmse"] or 0.0,
                "within_7": 100.0 * (result["within_7"] or 0.0),
                "baseline_mae": result["baseline_mae"] or 0.0,
                "baseline_bias": result["baseline_bias"] or 0.0,
            }
            run = self.sudo().search([("date", "=", today), ("company_id", "=", company.id)], limit=1)
            if run:
                run.write(values)
            else:
                run = self.sudo().create(values)
            runs |= run
        return runs

    @api.model
    def _cron_run(self):
        self._run()
