# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .rcm_dispute_stage import EXCLUDING_STATES


class AccountMove(models.Model):
    _inherit = "account.move"

    rcm_dispute_line_ids = fields.One2many("rcm.dispute.line", "move_id", string="Disputes", readonly=True)
    rcm_dispute_count = fields.Integer(
        string="Dispute Count", compute="_compute_rcm_disputed", compute_sudo=True
    )
    rcm_disputed_amount = fields.Monetary(
        string="Disputed",
        compute="_compute_rcm_disputed",
        compute_sudo=True,
        currency_field="currency_id",
        help="Amount of the invoice under open disputes and deductions.",
    )

    @api.depends("rcm_dispute_line_ids.amount", "rcm_dispute_line_ids.state")
    def _compute_rcm_disputed(self):
        data = {
            move: (count, amount)
            for move, count, amount in self.env["rcm.dispute.line"]._read_group(
                [("move_id", "in", self.ids), ("state", "in", EXCLUDING_STATES)],
                ["move_id"],
                ["__count", "amount:sum"],
            )
        }
        for move in self:
            move.rcm_dispute_count, move.rcm_disputed_amount = data.get(move, (0, 0.0))

    def button_draft(self):
        """An invoice under an open dispute stays posted: settle or cancel the dispute first."""
        lines = (
            self.env["rcm.dispute.line"]
            .sudo()
            .search([("move_id", "in", self.ids), ("dispute_id.is_closed", "=", False)], limit=1)
        )
        if lines:
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s is under dispute %(dispute)s: resolve or cancel the dispute before "
                    "resetting the invoice to draft.",
                    invoice=lines.move_id.name,
                    dispute=lines.dispute_id.name,
                )
            )
        return super().button_draft()

    def action_rcm_raise_dispute(self):
        """Open a new dispute on this customer invoice, for its residual by default."""
        self.ensure_one()
        if self.move_type != "out_invoice" or self.state != "posted":
            raise UserError(self.env._("Only posted customer invoices can be disputed."))
        open_amount = self.amount_residual - self.rcm_disputed_amount
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute %s", self.name),
            "res_model": "rcm.dispute",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_kind": "dispute",
                "default_partner_id": self.commercial_partner_id.id,
                "default_company_id": self.company_id.id,
                "default_line_ids": [Command.create({"move_id": self.id, "amount": max(open_amount, 0.0)})],
            },
        }

    def action_rcm_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_disputes.rcm_dispute_action_all")
        action["domain"] = [("line_ids.move_id", "=", self.id)]
        action["context"] = {"create": False}
        return action
