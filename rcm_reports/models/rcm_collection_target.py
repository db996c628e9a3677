# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RcmCollectionTarget(models.Model):
    """A monthly target of a collector or of a collection team, with the actuals beside it.

    Actuals come from ``rcm.collector.performance`` (amount collected, calls, promises kept, cases
    resolved); a team's actuals are the sum over the collectors whose cases belong to the team.
    """

    _name = "rcm.collection.target"
    _description = "Collection Target"
    _order = "date_from desc, team_id, user_id, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(
        string="Month",
        required=True,
        index=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month: it is stored as the first day.",
    )
    date_to = fields.Date(compute="_compute_date_to", store=True)
    user_id = fields.Many2one(
        "res.users", string="Collector", index=True, domain=[("share", "=", False)], ondelete="cascade"
    )
    team_id = fields.Many2one("rcm.collection.team", index=True, check_company=True, ondelete="cascade")
    target_amount = fields.Monetary(string="Amount to Collect")
    target_calls = fields.Integer(string="Calls")
    target_promises_kept = fields.Integer(string="Promises Kept")
    target_resolved = fields.Integer(string="Cases Resolved")
    actual_amount = fields.Monetary(string="Collected", compute="_compute_actuals")
    actual_calls = fields.Integer(string="Calls Logged", compute="_compute_actuals")
    actual_promises_kept = fields.Integer(string="Promises Kept (Actual)", compute="_compute_actuals")
    actual_resolved = fields.Integer(string="Cases Resolved (Actual)", compute="_compute_actuals")
    achievement = fields.Float(
        string="Achievement (%)",
        compute="_compute_actuals",
        digits=(16, 1),
        help="Collected amount over the amount target.",
    )

    _user_month_uniq = models.UniqueIndex(
        "(company_id, date_from, user_id) WHERE user_id IS NOT NULL",
        "A collector has one target per month and company.",
    )
    _team_month_uniq = models.UniqueIndex(
        "(company_id, date_from, team_id) WHERE team_id IS NOT NULL AND user_id IS NULL",
        "A team has one target per month and company.",
    )

    @api.depends("date_from", "user_id", "team_id")
    def _compute_name(self):
        for target in self:
            who = target.user_id.name or target.team_id.name or ""
            month = target.date_from.strftime("%Y-%m") if target.date_from else ""
            target.name = f"{who} {month}".strip()

    @api.depends("date_from")
    def _compute_date_to(self):
        for target in self:
            target.date_to = target.date_from and target.date_from + relativedelta(months=1, days=-1)

    @api.constrains("user_id", "team_id", "date_from")
    def _check_owner(self):
        for target in self:
            if bool(target.user_id) == bool(target.team_id):
                raise ValidationError(self.env._("A target is for one collector or for one team."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("date_from"):
                vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_from"):
            vals["date_from"] = fields.Date.to_date(vals["date_from"]).replace(day=1)
        return super().write(vals)

    @api.depends("date_from", "user_id", "team_id", "company_id")
    def _compute_actuals(self):
        """Actuals of every target in one ``_read_group`` on the performance report."""
        months = {month for month in self.mapped("date_from") if month}
        performance = (
            self.env["rcm.collector.performance"]
            .sudo()
            .with_context(rcm_performance_since=min(months, default=None))
        )
        data = {}
        if months:
            groups = performance._read_group(
                [("month", "in", list(months)), ("company_id", "in", self.company_id.ids)],
                ["month:day", "company_id", "user_id", "team_id"],
                ["amount_collected:sum", "calls:sum", "promises_kept:sum", "cases_resolved:sum"],
            )
            for month, company, user, team, amount, calls, kept, resolved in groups:
                for key in ((month, company.id, "user", user.id), (month, company.id, "team", team.id)):
                    totals = data.setdefault(key, [0.0, 0, 0, 0])
                    totals[0] += amount
                    totals[1] += calls
                    totals[2] += kept
                    totals[3] += resolved
        for target in self:
            if target.user_id:
                key = (target.date_from, target.company_id.id, "user", target.user_id.id)
            else:
                key = (target.date_from, target.company_id.id, "team", target.team_id.id)
            amount, calls, kept, resolved = data.get(key, (0.0, 0, 0, 0))
            target.actual_amount = amount
            target.actual_calls = calls
            target.actual_promises_kept = kept
            target.actual_resolved = resolved
            target.achievement = 100.0 * amount / target.target_amount if target.target_amount else 0.0
