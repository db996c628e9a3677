# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rcm_dispute_writeoff_threshold = fields.Monetary(
        related="company_id.rcm_dispute_writeoff_threshold", readonly=False
    )
    rcm_dispute_writeoff_account_id = fields.Many2one(
        related="company_id.rcm_dispute_writeoff_account_id", readonly=False
    )
    rcm_dispute_writeoff_journal_id = fields.Many2one(
        related="company_id.rcm_dispute_writeoff_journal_id", readonly=False
    )
    rcm_deduction_policy = fields.Selection(related="company_id.rcm_deduction_policy", readonly=False)
    rcm_deduction_reason_id = fields.Many2one(related="company_id.rcm_deduction_reason_id", readonly=False)
