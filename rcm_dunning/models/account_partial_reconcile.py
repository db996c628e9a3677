# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class RcmLedgerChange(models.Model):
    _inherit = "rcm.ledger.change"

    def _rcm_process_events(self):
        """Extension: a payment settles the dunning communications whose items are all paid. Runs in the
        ledger-change processor, outside the accountant's transaction."""
        res = super()._rcm_process_events()
        moves = self.filtered(lambda c: c.kind == "reconcile").move_id
        if moves:
            lines = self.env["rcm.dunning.communication.line"].search(
                [("move_id", "in", moves.ids), ("line_type", "=", "overdue")]
            )
            if lines:
                lines.communication_id._settle()
        return res
