# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .rcm_partner_receivable import RISK_CLASSES


class RcmCollectionStrategy(models.Model):
    """A collection strategy: who it applies to (criteria) and what to do, step by step.

    Cases get the first active strategy (by sequence) whose criteria match; empty criteria match
    everything, so a catch-all strategy goes last.
    """

    _name = "rcm.collection.strategy"
    _description = "Collection Strategy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, help="Leave empty to use it in every company.")
    description = fields.Text(translate=True)
    step_ids = fields.One2many("rcm.collection.strategy.step", "strategy_id", string="Steps", copy=True)
    # Criteria
    risk_class_low = fields.Boolean(string="Low Risk")
    risk_class_medium = fields.Boolean(string="Medium Risk")
    risk_class_high = fields.Boolean(string="High Risk")
    risk_class_critical = fields.Boolean(string="Critical Risk")
    partner_category_ids = fields.Many2many("res.partner.category", string="Customer Tags")
    country_ids = fields.Many2many("res.country", string="Countries")
    salesperson_ids = fields.Many2many("res.users", string="Salespersons")
    team_ids = fields.Many2many("rcm.collection.team", string="Collection Teams")
    currency_ids = fields.Many2many("res.currency", string="Invoice Currencies")
    min_overdue = fields.Monetary(string="Minimum Overdue", currency_field="company_currency_id")
    max_overdue = fields.Monetary(string="Maximum Overdue", currency_field="company_currency_id")
    company_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_company_currency_id",
    )
    escalate_deviations = fields.Boolean(
        default=True, help="Escalate cases that deviate (missed SLA, overdue activity, broken promise)."
    )
    case_count = fields.Integer(compute="_compute_case_count")
    timeline_html = fields.Html(
        string="Cadence",
        compute="_compute_timeline_html",
        sanitize=False,
        help="The steps as a customer overdue since day 0 lives them: the day of each step, its action and "
        "what it sends.",
    )

    @api.depends("company_id")
    def _compute_company_currency_id(self):
        for strategy in self:
            strategy.company_currency_id = (strategy.company_id or self.env.company).currency_id

    def _compute_case_count(self):
        counts = dict(
            self.env["rcm.collection.case"]._read_group(
                [("strategy_id", "in", self.ids), ("state", "!=", "resolved")], ["strategy_id"], ["__count"]
            )
        )
        for strategy in self:
            strategy.case_count = counts.get(strategy, 0)

    def _get_timeline(self):
        """The cadence as ``[(day, step)]``: the day (days overdue of the oldest item) each step is
        carried out for a customer that stays unpaid, when nothing pauses the case. A step triggered by
        days overdue comes at the earliest the day after the previous one (one step a day)."""
        self.ensure_one()
        day, timeline = 0, []
        for step in self.step_ids.sorted(lambda s: (s.sequence, s.id)):
            if step.trigger_type == "days_overdue":
                day = max(step.trigger_days, day + 1 if timeline else step.trigger_days)
            else:
                day += step.trigger_days
            timeline.append((day, step))
        return timeline

    @api.depends(
        "step_ids.sequence",
        "step_ids.trigger_type",
        "step_ids.trigger_days",
        "step_ids.action",
        "step_ids.name",
        "step_ids.automatic",
    )
    def _compute_timeline_html(self):
        for strategy in self:
            rows = Markup("").join(
                Markup('<li name="timeline_step" data-step-id="%s">%s</li>')
                % (step.id or 0, step._rcm_timeline_label(day))
                for day, step in strategy._get_timeline()
            )
            strategy.timeline_html = Markup('<ol class="list-unstyled mb-0" name="timeline">%s</ol>') % rows

    @api.constrains("min_overdue", "max_overdue")
    def _check_amounts(self):
        for strategy in self:
            if strategy.max_overdue and strategy.max_overdue < strategy.min_overdue:
                raise ValidationError(
                    self.env._("Strategy %s: the maximum overdue is below the minimum.", strategy.name)
                )

    def _get_risk_classes(self):
        self.ensure_one()
        return {klass for klass, _label in RISK_CLASSES if self[f"risk_class_{klass}"]}

    def _match(self, case):
        """True when the case's customer meets this strategy's criteria (extension point)."""
        self.ensure_one()
        partner = case.partner_id
        if self.company_id and self.company_id != case.company_id:
            return False
        classes = self._get_risk_classes()
        if classes and (case.risk_class or "low") not in classes:
            return False
        if self.partner_category_ids and not (self.partner_category_ids & partner.category_id):
            return False
        if self.country_ids and partner.country_id not in self.country_ids:
            return False
        if self.salesperson_ids and partner.user_id not in self.salesperson_ids:
            return False
        if self.team_ids and case.team_id not in self.team_ids:
            return False
        if self.min_overdue and case.total_overdue < self.min_overdue:
            return False
        if self.max_overdue and case.total_overdue > self.max_overdue:
            return False
        if self.currency_ids:
            currencies = self.env["account.move.line"].search(case._get_open_items_domain()).currency_id
            if not currencies & self.currency_ids:
                return False
        return True

    @api.model
    def _assign(self, cases):
        """Give each case the first matching strategy."""
        strategies = self.search([])  # pylint: disable=no-search-all
        for case in cases:
            strategy = next(
                (
                    s
                    for s in strategies
                    if s.company_id in (case.company_id, self.env["res.company"]) and s._match(case)
                ),
                None,
            )
            if strategy:
                case.strategy_id = strategy

    @api.model
    def _rematch(self, cases):
        """Strategies follow the customer: an open case whose strategy no longer matches it (its risk
        class, overdue amount or another criterion changed) moves to the first strategy that does.

        It keeps its place in the cadence: having carried out the n-th step of the old strategy, it stands
        at the n-th step of the new one (or its last), with the same step date, so the next step of the
        new strategy follows on its own timing. The move is logged on the case. Returns the moved cases.
        """
        strategies = self.search([])  # pylint: disable=no-search-all
        moved = cases.browse()
        for case in cases.filtered(lambda c: c.strategy_id and c.state != "resolved"):
            if case.strategy_id._match(case):
                continue
            new = next(
                (
                    s
                    for s in strategies
                    if s.company_id in (case.company_id, self.env["res.company"]) and s._match(case)
                ),
                None,
            )
            if not new or new == case.strategy_id:
                continue
            old = case.strategy_id
            old_steps = old.step_ids.sorted(lambda s: (s.sequence, s.id))
            new_steps = new.step_ids.sorted(lambda s: (s.sequence, s.id))
            done = old_steps.ids.index(case.step_id.id) + 1 if case.step_id in old_steps else 0
            step = new_steps[min(done, len(new_steps)) - 1] if done and new_steps else new_steps.browse()
            case.write({"strategy_id": new.id, "step_id": step.id})
            case.message_post(
                body=self.env._(
                    "Strategy changed from %(old)s to %(new)s: the customer no longer matches %(old)s "
                    "(risk %(risk)s, overdue %(amount)s). The cadence goes on %(where)s.",
                    old=old.name,
                    new=new.name,
                    risk=dict(case._fields["risk_class"]._description_selection(self.env)).get(
                        case.risk_class, case.risk_class or ""
                    ),
                    amount=case.company_id.currency_id.format(case.total_overdue),
                    where=self.env._("after its step %s", step.name)
                    if step
                    else self.env._("from its first step"),
                ),
                subtype_xmlid="mail.mt_note",
            )
            moved |= case
        return moved

    def action_view_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_collections.rcm_collection_case_action")
        action["domain"] = [("strategy_id", "=", self.id)]
        return action
