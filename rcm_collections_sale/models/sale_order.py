# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    rcm_credit_hold = fields.Boolean(
        string="Customer on Credit Hold",
        related="partner_id.commercial_partner_id.rcm_credit_hold",
        help="The customer is on credit hold: only a Collections Manager can confirm its orders.",
    )
    rcm_credit_hold_reason = fields.Char(
        string="Credit Hold Reason", related="partner_id.commercial_partner_id.rcm_credit_hold_reason"
    )

    def _rcm_can_confirm_on_hold(self):
        """Extension hook: whether the current user may confirm this order although its customer is on
        credit hold: Collections Managers. Override to exempt orders by what they are (never by a
        context key: any RPC client can set one)."""
        self.ensure_one()
        return self.env.user.has_group("rcm_collections.group_rcm_manager")

    def _confirmation_error_message(self):
        """Extension: an order of a customer on credit hold is not confirmed, unless the user may."""
        message = super()._confirmation_error_message()
        if message or not self.rcm_credit_hold or self._rcm_can_confirm_on_hold():
            return message
        partner = self.partner_id.commercial_partner_id
        return self.env._(
            "%(partner)s is on credit hold (%(reason)s): only a Collections Manager can confirm orders for "
            "this customer.",
            partner=partner.name,
            reason=partner.rcm_credit_hold_reason or self.env._("no reason given"),
        )
