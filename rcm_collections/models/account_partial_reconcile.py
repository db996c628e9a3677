# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    def _rcm_touched_customers(self):
        lines = self.debit_move_id | self.credit_move_id
        return lines.filtered(lambda line: line.account_id.account_type == "asset_receivable").partner_id

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partners = partials._rcm_touched_customers()
        if partners:
            # A payment may keep or break a promise, then the backbone and the cases follow.
            # sudo: see rcm.partner.receivable._refresh_partners
            self.env["rcm.promise"].sudo()._evaluate_partner_promises(partners)
            self.env["rcm.partner.receivable"]._refresh_partners(partners)
        return partials

    def unlink(self):
        partners = self._rcm_touched_customers()
        res = super().unlink()
        if partners:
            self.env["rcm.partner.receivable"]._refresh_partners(partners)
        return res
