# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

# written by the dunning run and the charges only: resetting them would re-allow a level or interest
DUNNING_MOVE_FIELDS = (
    "rcm_dunning_level_id",
    "rcm_dunning_date",
    "rcm_dunning_interest_date",
    "rcm_dunning_fee_invoice",
)


class AccountMove(models.Model):
    _inherit = "account.move"

    rcm_dunning_level_id = fields.Many2one(
        "rcm.dunning.level",
        string="Dunning Level",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The last dunning level this invoice reached.",
    )
    rcm_dunning_date = fields.Date(string="Last Dunned On", readonly=True, copy=False)
    rcm_dunning_interest_date = fields.Date(
        string="Interest Charged Until", readonly=True, copy=False, help="End of the last interest charge."
    )
    rcm_dunning_fee_invoice = fields.Boolean(
        string="Dunning Charges Invoice",
        readonly=True,
        copy=False,
        help="Invoice of dunning fees and interest: it bears no further charge.",
    )
    rcm_dunning_fee_ids = fields.One2many("rcm.dunning.fee", "move_id", string="Dunning Charges")

    def _rcm_check_dunning_values(self, vals):
        if not self.env.su and set(DUNNING_MOVE_FIELDS) & set(vals):
            raise AccessError(
                self.env._(
                    "The dunning level and charge dates of an invoice are set by the dunning run only."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rcm_check_dunning_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._rcm_check_dunning_values(vals)
        return super().write(vals)

    def _rcm_check_credit_hold(self):
        """Extension: the invoices of dunning charges are posted even for customers on credit hold."""
        return super(
            AccountMove, self.filtered(lambda m: not m.rcm_dunning_fee_invoice)
        )._rcm_check_credit_hold()

    def button_cancel(self):
        """Extension: cancelling a charge invoice cancels its charges (they may be charged again)."""
        res = super().button_cancel()
        fees = (
            self.env["rcm.dunning.fee"]
            .sudo()
            .search([("invoice_id", "in", self.ids), ("state", "!=", "cancelled")])
        )
        fees.write({"state": "cancelled"})
        return res

    def action_rcm_dunning_block(self):
        """Button: block the dunning of these invoices."""
        partner = self.commercial_partner_id[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Block Dunning"),
            "res_model": "rcm.dunning.block",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": partner.id,
                "default_scope": "invoices",
                "default_move_ids": self.filtered(lambda m: m.commercial_partner_id == partner).ids,
            },
        }
