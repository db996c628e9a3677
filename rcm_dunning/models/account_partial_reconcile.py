# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """Extension: a payment settles the dunning communications whose items are all paid."""
        partials = super().create(vals_list)
        moves = (partials.debit_move_id | partials.credit_move_id).move_id
        lines = (
            self.env["rcm.dunning.communication.line"]
            .sudo()
            .search([("move_id", "in", moves.ids), ("line_type", "=", "overdue")])
        )
        if lines:
            lines.communication_id._settle()
        return partials
