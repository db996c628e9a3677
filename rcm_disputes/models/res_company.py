# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    rcm_dispute_writeoff_threshold = fields.Monetary(
        string="Write-off Approval Threshold",
        default=1000.0,
        currency_field="currency_id",
        help="Write-offs of disputes above this amount need a Collections Manager's approval.",
    )
    rcm_dispute_writeoff_account_id = fields.Many2one(
        "account.account",
        string="Default Write-off Account",
        check_company=True,
        domain="[('account_type', 'not in', ('asset_receivable', 'liability_payable', 'off_balance'))]",
        help="Debited by write-offs whose reason has no account of its own.",
    )
    rcm_dispute_writeoff_journal_id = fields.Many2one(
        "account.journal",
        string="Write-off Journal",
        check_company=True,
        domain="[('type', '=', 'general')]",
        help="Journal of the write-off entries (the first miscellaneous journal when empty).",
    )
    rcm_deduction_policy = fields.Selection(
        [
            ("off", "Do not detect"),
            ("propose", "Propose a deduction to review"),
            ("open", "Open a deduction (excluded from collection)"),
        ],
        string="Short Payments",
        default="propose",
        required=True,
        help="What a customer payment leaving a residual on an invoice does.",
    )
    rcm_deduction_reason_id = fields.Many2one(
        "rcm.dispute.reason",
        string="Deduction Reason",
        help="Reason of the deductions detected on short payments (Short Payment when empty).",
    )

    @api.constrains("rcm_dispute_writeoff_threshold")
    def _check_rcm_dispute_writeoff_threshold(self):
        for company in self:
            if company.rcm_dispute_writeoff_threshold < 0:
                raise ValidationError(self.env._("The write-off approval threshold cannot be negative."))
