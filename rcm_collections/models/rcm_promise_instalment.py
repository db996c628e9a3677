# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class RcmPromiseInstalment(models.Model):
    _name = "rcm.promise.instalment"
    _description = "Promise to Pay Instalment"
    _order = "promise_id, date, id"

    promise_id = fields.Many2one("rcm.promise", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="promise_id.company_id", store=True, index=True)
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="promise_id.currency_id")

    @api.constrains("date", "amount", "promise_id")
    def _check_schedule(self):
        """Instalments edited on their own are checked as their promise is (dates, sum, amounts)."""
        self.promise_id._check_promise()

    def _check_promise_open(self):
        if self.promise_id.filtered(lambda p: p.state != "open"):
            raise UserError(self.env._("The instalments of a closed promise cannot be changed."))

    @api.model_create_multi
    def create(self, vals_list):
        instalments = super().create(vals_list)
        instalments._check_promise_open()
        return instalments

    def write(self, vals):
        self._check_promise_open()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_if_promise_open(self):
        self._check_promise_open()
