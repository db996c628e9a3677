# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RcmCreditHoldWizard(models.TransientModel):
    _name = "rcm.credit.hold.wizard"
    _description = "Put Customers on Credit Hold"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.partner_ids._rcm_set_credit_hold(self.reason)
        return {"type": "ir.actions.act_window_close"}
