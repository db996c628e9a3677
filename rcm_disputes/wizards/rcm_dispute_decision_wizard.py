# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RcmDisputeDecisionWizard(models.TransientModel):
    """Asks the reason of a decision that closes or sends back a dispute, for the chatter trail."""

    _name = "rcm.dispute.decision.wizard"
    _description = "Dispute Decision"

    dispute_ids = fields.Many2many("rcm.dispute", string="Disputes", required=True)
    decision = fields.Selection(
        [
            ("reject", "Reject the Dispute"),
            ("cancel", "Cancel"),
            ("invalid", "Invalid Deduction"),
            ("refuse", "Refuse the Write-off"),
        ],
        required=True,
    )
    note = fields.Text(string="Reason", required=True)

    def action_confirm(self):
        """Apply the decision to the disputes with the reason given."""
        self.ensure_one()
        self.dispute_ids._rcm_decide(self.decision, self.note)
        return {"type": "ir.actions.act_window_close"}
