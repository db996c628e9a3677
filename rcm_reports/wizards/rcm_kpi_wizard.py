# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields, models

KPI_FIELDS = (
    "dso",
    "dso_countback",
    "dso_best",
    "add",
    "cei",
    "percent_current",
    "avg_days_to_pay",
    "promise_kept_rate",
    "dispute_cycle_time",
    "valid_deduction_rate",
)
INPUT_FIELDS = ("ar_begin", "ar_end", "ar_current_end", "credit_sales")


class RcmKpiWizard(models.TransientModel):
    """Compute the collection KPIs of a range of months, by company, team or collector."""

    _name = "rcm.kpi.wizard"
    _description = "Collection KPIs"

    date_from = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(months=11),
    )
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    groupby = fields.Selection(
        [("company", "Company"), ("team", "Collection Team"), ("collector", "Collector")],
        string="By",
        required=True,
        default="company",
    )
    period = fields.Selection(
        [("month", "Each Month"), ("range", "Whole Range")], required=True, default="month"
    )
    line_ids = fields.One2many("rcm.kpi.line", "wizard_id")

    def action_compute(self):
        """Compute the KPIs into lines and open them (list, graph, pivot)."""
        self.ensure_one()
        rows = self.env["rcm.kpi"]._compute_kpis(
            self.date_from,
            self.date_to,
            groupby=self.groupby,
            companies=self.env.companies,
            period=self.period,
        )
        self.line_ids.unlink()
        self.env["rcm.kpi.line"].create([self._prepare_line(row) for row in rows])
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_reports.rcm_kpi_line_action")
        action["domain"] = [("wizard_id", "=", self.id)]
        return action

    def _prepare_line(self, row):
        values = {
            "wizard_id": self.id,
            "date_from": row["date_from"],
            "date_to": row["date_to"],
            "company_id": row["company_id"],
            "group_name": row["group_name"],
            "user_id": row["group_id"] if self.groupby == "collector" else False,
            "team_id": row["group_id"] if self.groupby == "team" else False,
        }
        for name in KPI_FIELDS:
            values[name] = row[name] if row[name] is not None else 0.0
            values[f"has_{name}"] = row[name] is not None
        for name in INPUT_FIELDS:
            values[name] = row[name]
        return values


class RcmKpiLine(models.TransientModel):
    _name = "rcm.kpi.line"
    _description = "Collection KPI"
    _order = "date_from, company_id, group_name"

    wizard_id = fields.Many2one("rcm.kpi.wizard", required=True, ondelete="cascade", index=True)
    date_from = fields.Date(string="Period")
    date_to = fields.Date(string="Period End")
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one(related="company_id.currency_id")
    group_name = fields.Char(string="Group")
    user_id = fields.Many2one("res.users", string="Collector")
    team_id = fields.Many2one("rcm.collection.team", string="Collection Team")
    ar_begin = fields.Monetary(string="Receivable at Start")
    ar_end = fields.Monetary(string="Receivable at End")
    ar_current_end = fields.Monetary(string="Current at End")
    credit_sales = fields.Monetary()
    dso = fields.Float(string="DSO", digits=(16, 1), aggregator="avg")
    dso_countback = fields.Float(string="Countback DSO", digits=(16, 1), aggregator="avg")
    dso_best = fields.Float(string="Best-possible DSO", digits=(16, 1), aggregator="avg")
    add = fields.Float(string="Avg. Days Delinquent", digits=(16, 1), aggregator="avg")
    cei = fields.Float(string="CEI (%)", digits=(16, 1), aggregator="avg")
    percent_current = fields.Float(string="% Current", digits=(16, 1), aggregator="avg")
    avg_days_to_pay = fields.Float(string="Avg. Days to Pay", digits=(16, 1), aggregator="avg")
    promise_kept_rate = fields.Float(string="Promise Kept Rate (%)", digits=(16, 1), aggregator="avg")
    dispute_cycle_time = fields.Float(string="Dispute Cycle Time (days)", digits=(16, 1), aggregator="avg")
    valid_deduction_rate = fields.Float(string="Valid Deductions (%)", digits=(16, 1), aggregator="avg")
    has_dso = fields.Boolean()
    has_dso_countback = fields.Boolean()
    has_dso_best = fields.Boolean()
    has_add = fields.Boolean()
    has_cei = fields.Boolean()
    has_percent_current = fields.Boolean()
    has_avg_days_to_pay = fields.Boolean()
    has_promise_kept_rate = fields.Boolean()
    has_dispute_cycle_time = fields.Boolean()
    has_valid_deduction_rate = fields.Boolean()
