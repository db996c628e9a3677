# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models


class RcmLedgerChange(models.Model):
    _inherit = "rcm.ledger.change"

    def _rcm_process_events(self):
        """Extension: after a payment was reconciled with customer invoices (register-payment wizard,
        bank reconciliation or manual matching), deductions for the residual that short-paid invoices
        keep. Runs in the ledger-change processor, outside the accountant's transaction."""
        res = super()._rcm_process_events()
        moves_by_partner = defaultdict(lambda: self.env["account.move"])
        for change in self.filtered(lambda c: c.kind == "reconcile" and c.move_id):
            moves_by_partner[change.partner_id] |= change.move_id
        for moves in moves_by_partner.values():
            payments = moves.filtered(lambda m: m.origin_payment_id or m.statement_line_id)
            invoices = moves.filtered(lambda m: m.move_type == "out_invoice" and m.state == "posted")
            if payments and invoices:
                self.env["rcm.dispute"]._rcm_process_payment_residuals(invoices, payments)
        return res
