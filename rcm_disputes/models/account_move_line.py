# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _reconcile_post_hook(self, data):
        """After a reconciliation involving a payment (register-payment wizard, bank reconciliation or
        manual matching): deductions for the residual that short-paid customer invoices keep."""
        res = super()._reconcile_post_hook(data)
        moves = self.move_id
        payments = moves.filtered(lambda m: m.origin_payment_id or m.statement_line_id)
        invoices = moves.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
        if payments and invoices:
            # sudo: deductions are raised by the ledger, whoever registers the payment (an accountant
            # needs no Collections rights for them to appear)
            self.env["rcm.dispute"].sudo()._rcm_process_payment_residuals(invoices, payments)
        return res
