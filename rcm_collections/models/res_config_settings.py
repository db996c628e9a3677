# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rcm_aging_limits = fields.Char(related="company_id.rcm_aging_limits", readonly=False)
    rcm_overdue_tolerance = fields.Monetary(related="company_id.rcm_overdue_tolerance", readonly=False)
    rcm_promise_grace_days = fields.Integer(related="company_id.rcm_promise_grace_days", readonly=False)
    rcm_risk_thresholds = fields.Char(related="company_id.rcm_risk_thresholds", readonly=False)
    rcm_collections_manager_id = fields.Many2one(
        related="company_id.rcm_collections_manager_id", readonly=False
    )
    rcm_contact_min_days = fields.Integer(related="company_id.rcm_contact_min_days", readonly=False)
    rcm_contact_max_30d = fields.Integer(related="company_id.rcm_contact_max_30d", readonly=False)
    rcm_contact_skip_non_working = fields.Boolean(
        related="company_id.rcm_contact_skip_non_working", readonly=False
    )
