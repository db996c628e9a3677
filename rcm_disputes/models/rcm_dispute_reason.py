# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RcmDisputeReason(models.Model):
    """Why a customer disputes or deducts: drives the SLA and the write-off account."""

    _name = "rcm.dispute.reason"
    _description = "Dispute Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code used in reports and imports, e.g. PRICE.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="Shown to customers raising a dispute on the portal.")
    sla_days = fields.Integer(
        string="SLA (days)",
        default=14,
        help="Days to resolve a dispute with this reason: its due date is the day it was raised plus this.",
    )
    write_off_account_id = fields.Many2one(
        "account.account",
        string="Write-off Account",
        company_dependent=True,
        groups="base.group_user",  # accounting settings: not for portal customers
        domain="[('account_type', 'not in', ('asset_receivable', 'liability_payable', 'off_balance'))]",
        help="Account debited when a dispute with this reason is written off (per company); "
        "the company's default write-off account otherwise.",
    )
    portal_visible = fields.Boolean(
        string="On the Portal", default=True, help="Customers may choose this reason on the portal."
    )

    _code_uniq = models.Constraint("UNIQUE(code)", "The code of a dispute reason must be unique.")

    @api.constrains("sla_days")
    def _check_sla_days(self):
        for reason in self:
            if reason.sla_days < 0:
                raise ValidationError(self.env._("The SLA of reason %s cannot be negative.", reason.name))
