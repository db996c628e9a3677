# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.safe_eval import safe_eval


class RcmCollectionAssignmentRule(models.Model):
    """Which team works which customers: a domain on customers plus an amount band.

    Rules are tried by sequence; the first one matching a new case gives its team, and the team's
    method (round robin or balanced) gives the collector.
    """

    _name = "rcm.collection.assignment.rule"
    _description = "Collection Assignment Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    team_id = fields.Many2one("rcm.collection.team", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="team_id.company_id", store=True)
    partner_domain = fields.Char(
        string="Customers",
        default="[]",
        help="Customers this rule covers: territory (country, state), type (tags, industry), language...",
    )
    min_overdue = fields.Monetary(string="Overdue From", currency_field="currency_id")
    max_overdue = fields.Monetary(string="Overdue Up To", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.constrains("partner_domain", "min_overdue", "max_overdue")
    def _check_rule(self):
        for rule in self:
            try:
                domain = safe_eval(rule.partner_domain or "[]")
                self.env["res.partner"].search_count(domain, limit=1)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "Assignment rule %(rule)s: invalid customer domain (%(error)s).",
                        rule=rule.name,
                        error=error,
                    )
                ) from error
            if rule.max_overdue and rule.max_overdue < rule.min_overdue:
                raise ValidationError(
                    self.env._("Assignment rule %s: the amount band is reversed.", rule.name)
                )

    def _get_matching_cases(self, cases):
        """The cases among ``cases`` this rule covers (one partner search, no loop of queries)."""
        self.ensure_one()
        cases = cases.filtered(lambda c: c.company_id == self.company_id)
        if self.min_overdue:
            cases = cases.filtered(lambda c: c.total_overdue >= self.min_overdue)
        if self.max_overdue:
            cases = cases.filtered(lambda c: c.total_overdue <= self.max_overdue)
        if not cases:
            return cases
        domain = Domain(safe_eval(self.partner_domain or "[]")) & Domain("id", "in", cases.partner_id.ids)
        partners = self.env["res.partner"].with_context(active_test=False).search(domain)
        return cases.filtered(lambda c: c.partner_id in partners)

    @api.model
    def _apply(self, cases):
        """Assign team and collector to ``cases`` with the rules."""
        rules = self.sudo().search([])  # pylint: disable=no-search-all
        todo = cases
        for rule in rules:
            matched = rule._get_matching_cases(todo)
            if not matched:
                continue
            collectors = rule.team_id._pick_collectors(len(matched))
            by_user = {}
            for case, user in zip(matched, collectors, strict=True):
                by_user.setdefault(user.id if user else False, []).append(case.id)
            for user_id, case_ids in by_user.items():
                cases.browse(case_ids).write({"team_id": rule.team_id.id, "user_id": user_id})
            todo -= matched
        return cases - todo
