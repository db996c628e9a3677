# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RcmPromiseInstalment(models.Model):
    _name = "rcm.promise.instalment"
    _description = "Promise to Pay Instalment"
    _order = "promise_id, date, id"

    promise_id = fields.Many2one("rcm.promise", required=True, index=True, ondelete="cascade")
    date = fields.Date(required=True)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="promise_id.currency_id")
