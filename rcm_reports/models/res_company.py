# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    rcm_alert_user_id = fields.Many2one(
        "res.users",
        string="Collections Alerts Manager",
        help="Receives the collections alerts of customers with no collector nor team leader.",
    )
    rcm_alert_late_days = fields.Integer(
        string="Paying Later Alert (days)",
        default=10,
        help="Alert when a customer's average lateness of the last 6 months exceeds that of the 6 months "
        "before by at least this many days.",
    )
    rcm_alert_large_overdue = fields.Monetary(
        string="Large Overdue Alert",
        default=10000.0,
        currency_field="currency_id",
        help="Alert when an invoice with at least this open amount falls overdue.",
    )
