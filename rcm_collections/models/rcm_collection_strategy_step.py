# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

STEP_ACTIONS = [
    ("email", "Email"),
    ("call", "Phone Call"),
    ("letter", "Letter"),
    ("sms", "SMS"),
    ("escalate", "Escalate"),
    ("credit_hold", "Set Credit Hold"),
    ("wait", "Wait"),
]


class RcmCollectionStrategyStep(models.Model):
    """One step of a collection strategy: when it triggers, what it does, automatically or not."""

    _name = "rcm.collection.strategy.step"
    _description = "Collection Strategy Step"
    _order = "strategy_id, sequence, id"

    strategy_id = fields.Many2one("rcm.collection.strategy", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="strategy_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    trigger_type = fields.Selection(
        [
            ("days_overdue", "Days Overdue (oldest item)"),
            ("days_since_previous", "Days Since Previous Step"),
        ],
        string="Trigger",
        required=True,
        default="days_overdue",
    )
    trigger_days = fields.Integer(string="Days", default=1)
    action = fields.Selection(STEP_ACTIONS, required=True, default="email")
    automatic = fields.Boolean(
        default=True,
        help="Carried out by the system; otherwise the collector receives an activity to do it.",
    )
    mail_template_id = fields.Many2one(
        "mail.template", string="Email Template", domain=[("model", "=", "rcm.collection.case")]
    )
    sms_body = fields.Text(string="SMS Text", translate=True)
    activity_type_id = fields.Many2one(
        "mail.activity.type",
    )
    escalate_to = fields.Selection(
        [("team_leader", "Team Leader"), ("user", "A User")], default="team_leader"
    )
    escalate_user_id = fields.Many2one("res.users", string="Escalate To User")
    sla_days = fields.Integer(
        string="SLA (days)",
        default=2,
        help="Days to complete the activity of a manual step before it deviates.",
    )
    note = fields.Html(translate=True, help="Instructions for the collector.")

    @api.constrains("trigger_type", "trigger_days", "sla_days")
    def _check_trigger(self):
        for step in self:
            if not step.trigger_type:
                raise ValidationError(self.env._("Step %s needs a trigger.", step.name))
            if step.trigger_type == "days_since_previous" and step.trigger_days <= 0:
                raise ValidationError(
                    self.env._("Step %s: the days since the previous step must be positive.", step.name)
                )
            if step.sla_days < 0:
                raise ValidationError(self.env._("Step %s: the SLA cannot be negative.", step.name))

    def _requires_mail_template(self):
        """Extension hook: whether this step cannot run without its own email template (automatic email
        steps; rcm_dunning's steps sending a dunning level's email use the level's template)."""
        self.ensure_one()
        return self.action == "email" and self.automatic

    @api.constrains("action", "mail_template_id", "escalate_to", "escalate_user_id", "automatic")
    def _check_action(self):
        for step in self:
            if step._requires_mail_template() and not step.mail_template_id:
                raise ValidationError(
                    self.env._("Automatic email step %s needs an email template.", step.name)
                )
            if step.action == "escalate" and step.escalate_to == "user" and not step.escalate_user_id:
                raise ValidationError(
                    self.env._("Escalation step %s needs the user to escalate to.", step.name)
                )

    def _get_executable_cases(self, cases, today):
        """Extension hook: the cases (all due for this step today) on which the step may be carried out
        now. The others stay before the step and are tried again on the next run (e.g. the contact
        policy keeps a customer contacted yesterday from being contacted again today)."""
        self.ensure_one()
        return cases

    def _execute(self, cases, today=None):
        """Carry out this step on ``cases`` (all at this step now): the action itself when automatic,
        else an activity for the collector. Dispatches to ``_execute_<action>`` (extension points) and
        returns what it returned (e.g. the dunning communications sent), None for an activity."""
        self.ensure_one()
        step = self.with_context(rcm_today=today or fields.Date.context_today(self))
        result = None
        if step.automatic and step.action not in ("call",):
            result = getattr(step, f"_execute_{step.action}")(cases)
        elif step.action != "wait":
            step._schedule_activity(cases)
        body = self.env._(
            "Collection step carried out: %(step)s (%(action)s).",
            step=self.name,
            action=dict(self._fields["action"]._description_selection(self.env))[self.action],
        )
        for case in cases:
            case.message_post(body=body, subtype_xmlid="mail.mt_note")
        return result

    def _get_activity_type(self):
        self.ensure_one()
        if self.activity_type_id:
            return self.activity_type_id
        xmlid = (
            "mail.mail_activity_data_call"
            if self.action in ("call", "sms")
            else "mail.mail_activity_data_todo"
        )
        return self.env.ref(xmlid)

    def _schedule_activity(self, cases):
        """A to-do for each case's collector, due within the step's SLA."""
        activity_type = self._get_activity_type()
        today = self.env.context.get("rcm_today") or fields.Date.context_today(self)
        deadline = today + timedelta(days=self.sla_days)
        for case in cases:
            case.activity_schedule(
                activity_type_id=activity_type.id,
                summary=self.name,
                note=self.note,
                date_deadline=deadline,
                user_id=case._get_responsible_user().id,
            )

    def _execute_email(self, cases):
        return cases.message_post_with_source(
            self.mail_template_id, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def _execute_letter(self, cases):
        # rcm_dunning renders the letter; the base leaves the collector a to-do to send it.
        self._schedule_activity(cases)

    def _execute_sms(self, cases):
        if hasattr(cases, "_message_sms") and self.sms_body:
            for case in cases:
                case._message_sms(self.sms_body, partner_ids=case.partner_id.ids)
        else:
            self._schedule_activity(cases)

    def _execute_escalate(self, cases):
        cases._escalate(self.name, step=self)

    def _execute_credit_hold(self, cases):
        cases.partner_id._rcm_set_credit_hold(self.env._("Collection strategy step: %s", self.name))

    def _execute_wait(self, cases):
        return
