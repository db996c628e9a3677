# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

_logger = logging.getLogger(__name__)

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

    def _rcm_contact_channel(self):
        """Extension hook: the ``rcm.contact`` channel on which this step contacts the customer when
        carried out (an automatic email, or SMS with a text), False for steps that do not (calls and
        letters left to the collector as activities, escalations, credit holds, waits)."""
        self.ensure_one()
        if not self.automatic:
            return False
        if self.action == "email":
            return "email"
        if (
            self.action == "sms"
            and self.sms_body
            and hasattr(self.env["rcm.collection.case"], "_message_sms")
        ):
            return "sms"
        return False

    def _rcm_timeline_detail(self):
        """Extension hook: what the step sends, for the strategy's timeline (e.g. the dunning level)."""
        self.ensure_one()
        if self.action == "email" and self.mail_template_id:
            return self.mail_template_id.name
        return "" if self.automatic or self.action in ("call", "wait") else self.env._("to do")

    def _rcm_timeline_label(self, day):
        """One line of the strategy's timeline: "Day 15 – Email – Second Notice (...)"."""
        self.ensure_one()
        action = dict(self._fields["action"]._description_selection(self.env))[self.action]
        detail = self._rcm_timeline_detail()
        label = self.env._("Day %(day)s – %(action)s – %(name)s", day=day, action=action, name=self.name)
        return f"{label} ({detail})" if detail else label

    def _get_executable_cases(self, cases, today):
        """Extension: a step contacting the customer goes through the contact gateway
        (``rcm.contact._rcm_filter_contactable``): the cases whose customer the contact policy blocks
        today (contacted too recently or too often, non-working day, do not contact) or that another
        transaction is contacting right now stay before the step and are tried again on the next run;
        the reasons are logged (debug)."""
        self.ensure_one()
        if not cases or not self._rcm_contact_channel():
            return cases
        Contact = self.env["rcm.contact"]
        executable = cases.browse()
        for company, company_cases in cases.grouped("company_id").items():
            allowed, reasons = Contact._rcm_filter_contactable(company_cases.partner_id, company, today)
            executable |= company_cases.filtered(lambda c, ok=allowed: c.partner_id in ok)
            if reasons:
                _logger.debug("Step %s waits for %s customers: %s", self.name, len(reasons), reasons)
        return executable

    def _rcm_prepare_contact_values(self, cases, result):
        """Extension hook: the ``rcm.contact`` values recorded after this step contacted ``cases``
        (``result``: what ``_execute_<action>`` returned). One contact per case."""
        self.ensure_one()
        channel = self._rcm_contact_channel()
        if not channel:
            return []
        # the email posted on each case is the document sent (else the case itself)
        messages = {}
        if result is not None and getattr(result, "_name", None) == "mail.message":
            messages = {message.res_id: message for message in result if message.model == cases._name}
        return [
            {
                "partner_id": case.partner_id.id,
                "company_id": case.company_id.id,
                "channel": channel,
                "origin": "strategy",
                "case_id": case.id,
                "res_model": "mail.message" if case.id in messages else case._name,
                "res_id": messages[case.id].id if case.id in messages else case.id,
                "summary": self.name,
            }
            for case in cases
        ]

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
        contacts = step._rcm_prepare_contact_values(cases, result)
        if contacts:
            self.env["rcm.contact"].with_context(rcm_today=step.env.context["rcm_today"])._rcm_record(
                contacts
            )
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
