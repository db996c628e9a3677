# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CALL_OUTCOMES = [
    ("reached", "Reached"),
    ("no_answer", "No Answer"),
    ("voicemail", "Voicemail"),
    ("wrong_number", "Wrong Number"),
    ("rescheduled", "Rescheduled"),
    ("promise", "Promise to Pay"),
    ("dispute", "Dispute Raised"),
    ("refused", "Refused to Pay"),
    ("paid", "Says Paid"),
]


class RcmCallLog(models.Model):
    """A contact with the customer (call, email, visit) and its outcome.

    Logging a promise-to-pay outcome creates the promise; a follow-up date schedules a call activity
    on the case for the collector.
    """

    _name = "rcm.call.log"
    _inherit = ["rcm.case.document.mixin"]
    _description = "Collection Call Log"
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one("rcm.collection.case", index=True, ondelete="restrict", check_company=True)
    contact_id = fields.Many2one(
        "res.partner",
        domain="['|', ('id', '=', partner_id), ('parent_id', '=', partner_id)]",
    )
    phone = fields.Char(related="contact_id.phone", string="Phone")
    user_id = fields.Many2one(
        "res.users", string="Collector", default=lambda self: self.env.user, required=True
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)
    channel = fields.Selection(
        [("phone", "Phone"), ("email", "Email"), ("visit", "Visit"), ("other", "Other")],
        default="phone",
        required=True,
    )
    direction = fields.Selection(
        [("outbound", "Outbound"), ("inbound", "Inbound")], default="outbound", required=True
    )
    outcome = fields.Selection(CALL_OUTCOMES, required=True, index=True)
    notes = fields.Text()
    next_followup_date = fields.Date(string="Next Follow-up")
    promise_amount = fields.Monetary(currency_field="currency_id")
    promise_date = fields.Date()
    currency_id = fields.Many2one(related="company_id.currency_id")
    promise_id = fields.Many2one("rcm.promise", readonly=True)

    @api.depends("partner_id", "outcome", "date")
    def _compute_display_name(self):
        labels = dict(CALL_OUTCOMES)
        for call in self:
            call.display_name = f"{call.partner_id.name or ''} - {labels.get(call.outcome, '')}"

    @api.constrains("outcome", "promise_amount", "promise_date")
    def _check_promise_values(self):
        for call in self:
            if call.outcome == "promise" and (call.promise_amount <= 0 or not call.promise_date):
                raise ValidationError(self.env._("A promise to pay needs a positive amount and a date."))

    @api.model_create_multi
    def create(self, vals_list):
        calls = super().create(vals_list)
        for call in calls:
            call._apply_outcome()
        calls._rcm_record_contacts()
        return calls

    def _rcm_record_contacts(self):
        """Each logged call is a contact with the customer (origin manual): recorded in the contact
        history, never blocked by the contact policy and not counted by it."""
        channels = {"phone": "call", "email": "email", "visit": "call", "other": "call"}
        labels = dict(CALL_OUTCOMES)
        self.env["rcm.contact"]._rcm_record(
            [
                {
                    "partner_id": call.partner_id.id,
                    "contact_partner_id": call.contact_id.id,
                    "company_id": call.company_id.id,
                    "date": fields.Date.context_today(call, call.date),
                    "channel": channels.get(call.channel, "call"),
                    "origin": "manual",
                    "case_id": call.case_id.id,
                    "res_model": call._name,
                    "res_id": call.id,
                    "user_id": call.user_id.id,
                    "summary": self.env._(
                        "%(direction)s: %(outcome)s",
                        direction=dict(call._fields["direction"]._description_selection(self.env))[
                            call.direction
                        ],
                        outcome=labels.get(call.outcome, ""),
                    ),
                }
                for call in self
                if call.partner_id and call.company_id
            ]
        )

    def _prepare_promise_values(self):
        """Values of the promise created by a promise-to-pay outcome (extension point)."""
        self.ensure_one()
        return {
            "case_id": self.case_id.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "amount": self.promise_amount,
            "promised_date": self.promise_date,
            "user_id": self.user_id.id,
            "call_id": self.id,
            "note": self.notes,
        }

    def _apply_outcome(self):
        """What the outcome does on the case: the promise, the follow-up, the chatter trail."""
        self.ensure_one()
        if self.outcome == "promise":
            self.promise_id = self.env["rcm.promise"].create(self._prepare_promise_values())
        case = self.case_id
        if not case:
            return
        label = dict(CALL_OUTCOMES)[self.outcome]
        body = self.env._("Call logged: %(outcome)s. %(notes)s", outcome=label, notes=self.notes or "")
        case.message_post(body=body, subtype_xmlid="mail.mt_note")
        case._rcm_complete_strategy_activities(body)
        if case.state == "new":
            case._rcm_workflow_write({"state": "in_progress"})
        if self.next_followup_date:
            case.activity_schedule(
                "mail.mail_activity_data_call",
                date_deadline=self.next_followup_date,
                summary=self.env._("Follow-up call"),
                user_id=(case.user_id or self.user_id or case._get_responsible_user()).id,
            )
