# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        """Extension: record the reconciled customers; promises, the backbone and the cases follow
        outside the accountant's transaction (rcm.ledger.change)."""
        partials = super().create(vals_list)
        self.env["rcm.ledger.change"]._rcm_record_move_lines(
            "reconcile", partials.debit_move_id | partials.credit_move_id
        )
        return partials

    def unlink(self):
        """Extension: record the unreconciled customers (see ``create``)."""
        self.env["rcm.ledger.change"]._rcm_record_move_lines(
            "unreconcile", self.debit_move_id | self.credit_move_id
        )
        return super().unlink()
