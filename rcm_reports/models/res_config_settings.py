# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    rcm_alert_user_id = fields.Many2one(related="company_id.rcm_alert_user_id", readonly=False)
    rcm_alert_late_days = fields.Integer(related="company_id.rcm_alert_late_days", readonly=False)
    rcm_alert_large_overdue = fields.Monetary(related="company_id.rcm_alert_large_overdue", readonly=False)
