# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError

LETTER_TYPES = [
    ("reminder", "Reminder"),
    ("final", "Final Demand"),
    ("demand", "Demand Letter Before Legal Action"),
]
CHANNELS = ("email", "letter", "sms", "call")
MAX_FEE_PERCENT = 100.0  # a fee is a part of the overdue item at most
MAX_FEE_AMOUNT = 1e9  # fixed, minimum and maximum fees (company currency): beyond is a typing error


class RcmDunningLevel(models.Model):
    """One level of a dunning policy: when an item reaches it, how the customer is told, what it costs.

    An item (invoice) climbs the levels one at a time: from its last level to the next one when the
    trigger holds (days overdue, or days since its previous level) and the policy's minimum interval
    since its previous level has passed.
    """

    _name = "rcm.dunning.level"
    _description = "Dunning Level"
    _order = "policy_id, sequence, id"
    _check_company_auto = True

    policy_id = fields.Many2one("rcm.dunning.policy", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(required=True, translate=True)
    trigger = fields.Selection(
        [
            ("days_overdue", "Days Overdue"),
            ("days_since_previous", "Days Since Previous Level"),
        ],
        required=True,
        default="days_overdue",
        help="Days since previous level: counted from the item's last dunning date (from its due date "
        "for an item never dunned).",
    )
    days = fields.Integer(required=True, default=1)
    # Channels: several per level
    channel_email = fields.Boolean(string="Email", default=True)
    channel_letter = fields.Boolean(string="Letter (PDF)")
    channel_sms = fields.Boolean(string="SMS")
    channel_call = fields.Boolean(string="Call Activity")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain=[("model", "=", "rcm.dunning.communication")],
        default=lambda self: self.env.ref("rcm_dunning.mail_template_rcm_dunning_reminder", False),
    )
    sms_template_id = fields.Many2one(
        "sms.template",
        string="SMS Template",
        domain=[("model", "=", "rcm.dunning.communication")],
        default=lambda self: self.env.ref("rcm_dunning.sms_template_rcm_dunning_reminder", False),
    )
    letter_type = fields.Selection(LETTER_TYPES, required=True, default="reminder")
    letter_title = fields.Char(translate=True, help="Title of the letter and subject of the email.")
    letter_intro = fields.Html(string="Opening Text", translate=True, sanitize=True)
    letter_closing = fields.Html(string="Closing Text", translate=True, sanitize=True)
    payment_days = fields.Integer(
        string="Days to Pay", default=10, help="The letter asks for payment within this many days."
    )
    is_legal = fields.Boolean(
        string="Final Demand / Legal",
        help="The last warning before legal action: the case is flagged and its collector warned.",
    )
    # Charges, per item reaching the level
    fee_fixed = fields.Monetary(string="Fixed Fee")
    fee_percent = fields.Float(string="Fee (%)", digits=(16, 4))
    fee_min = fields.Monetary(string="Minimum Fee")
    fee_max = fields.Monetary(string="Maximum Fee", help="0: no maximum.")
    charge_interest = fields.Boolean(help="Charge the policy's interest on the items reaching this level.")
    charge_compensation = fields.Boolean(
        string="Charge Recovery Compensation",
        help="Charge the policy's fixed compensation (once per invoice) on the items reaching this level.",
    )
    call_activity_type_id = fields.Many2one(
        "mail.activity.type",
        default=lambda self: self.env.ref("mail.mail_activity_data_call", False),
    )

    _days_positive = models.Constraint("CHECK (days >= 0)", "The days of a dunning level cannot be negative.")

    @api.depends("name", "policy_id")
    def _compute_display_name(self):
        for level in self:
            level.display_name = (
                f"{level.policy_id.name} / {level.name}"
                if self.env.context.get("rcm_full_name")
                else level.name
            )

    @api.constrains(
        "channel_email",
        "channel_letter",
        "channel_sms",
        "channel_call",
        "mail_template_id",
        "sms_template_id",
    )
    def _check_channels(self):
        for level in self:
            if not level._get_channels():
                raise ValidationError(self.env._("Level %s needs at least one channel.", level.name))
            if level.channel_email and not level.mail_template_id:
                raise ValidationError(
                    self.env._("Level %s sends emails: choose an email template.", level.name)
                )
            if level.channel_sms and not level.sms_template_id:
                raise ValidationError(self.env._("Level %s sends SMS: choose an SMS template.", level.name))

    @api.constrains("fee_fixed", "fee_percent", "fee_min", "fee_max")
    def _check_fees(self):
        for level in self:
            amounts = (level.fee_fixed, level.fee_percent, level.fee_min, level.fee_max)
            if not all(math.isfinite(amount) for amount in amounts):
                raise ValidationError(self.env._("Level %s: fees must be numbers.", level.name))
            if min(amounts) < 0:
                raise ValidationError(self.env._("Level %s: fees cannot be negative.", level.name))
            if level.fee_percent > MAX_FEE_PERCENT:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: the fee percentage cannot exceed %(max)s%%.",
                        level=level.name,
                        max=MAX_FEE_PERCENT,
                    )
                )
            if max(level.fee_fixed, level.fee_min, level.fee_max) > MAX_FEE_AMOUNT:
                raise ValidationError(
                    self.env._(
                        "Level %(level)s: a fee cannot exceed %(max)s.",
                        level=level.name,
                        max=level.currency_id.format(MAX_FEE_AMOUNT) if level.currency_id else MAX_FEE_AMOUNT,
                    )
                )
            if level.fee_max and level.fee_min > level.fee_max:
                raise ValidationError(
                    self.env._("Level %s: the minimum fee is above the maximum.", level.name)
                )

    @api.constrains("policy_id", "sequence", "active")
    def _check_sequence(self):
        """Levels are climbed in sequence order: two active levels of a policy cannot share one."""
        for level in self.filtered("active"):
            twins = level.policy_id.level_ids.filtered(
                lambda lv, lvl=level: lv.active and lv != lvl and lv.sequence == lvl.sequence
            )
            if twins:
                raise ValidationError(
                    self.env._(
                        "Levels %(level)s and %(other)s of %(policy)s have the same sequence: give each "
                        "level its own place in the order.",
                        level=level.name,
                        other=twins[0].name,
                        policy=level.policy_id.name,
                    )
                )

    def _get_channels(self):
        """The channels of this level, in sending order."""
        self.ensure_one()
        return [channel for channel in CHANNELS if self[f"channel_{channel}"]]

    def _has_charges(self):
        self.ensure_one()
        return bool(self.fee_fixed or self.fee_percent or self.charge_interest or self.charge_compensation)

    def _get_rank(self):
        """Position of the level in its policy (1 for the first active level)."""
        self.ensure_one()
        levels = self.policy_id.level_ids.filtered("active").sorted(lambda lv: (lv.sequence, lv.id))
        return list(levels).index(self) + 1 if self in levels else 0
