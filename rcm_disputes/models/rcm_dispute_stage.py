# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

# What a stage means to the flow. Actions move disputes to the first stage (by sequence) of a kind;
# companies add their own stages of kind "new" or "open" (e.g. "Waiting for the customer").
STAGE_STATES = [
    ("draft", "To Review"),
    ("new", "New"),
    ("open", "Investigating"),
    ("approval", "Pending Approval"),
    ("resolved", "Resolved"),
    ("rejected", "Rejected / Closed"),
]
# Stages where the disputed amounts are taken out of collection.
EXCLUDING_STATES = ("new", "open", "approval")
CLOSED_STATES = ("resolved", "rejected")
# Stages a user may drag a dispute to by hand (the others are reached through the actions).
MANUAL_STATES = ("new", "open")


class RcmDisputeStage(models.Model):
    _name = "rcm.dispute.stage"
    _description = "Dispute Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    state = fields.Selection(
        STAGE_STATES,
        string="Meaning",
        required=True,
        default="open",
        help="What the stage means to the flow: disputes are excluded from collection while New, "
        "Investigating or Pending Approval, and return to collection when closed.",
    )
    applies_to = fields.Selection(
        [("all", "Disputes and Deductions"), ("dispute", "Disputes"), ("deduction", "Deductions")],
        default="all",
        required=True,
    )
    fold = fields.Boolean(string="Folded in Kanban")
    is_closed = fields.Boolean(compute="_compute_is_closed", store=True)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    @api.depends("state")
    def _compute_is_closed(self):
        for stage in self:
            stage.is_closed = stage.state in CLOSED_STATES

    @api.model
    def _get_stage(self, state, kind="dispute"):
        """The first active stage meaning ``state`` that applies to ``kind``; a clear error if none."""
        stage = self.search(
            [("state", "=", state), ("applies_to", "in", ("all", kind))], order="sequence, id", limit=1
        )
        if not stage:
            label = dict(self._fields["state"]._description_selection(self.env))[state]
            raise UserError(self.env._("Configure a dispute stage meaning “%s”.", label))
        return stage
