# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    rcm_excluded_amount = fields.Monetary(
        string="Excluded from Collection",
        compute="_compute_rcm_exclusion",
        compute_sudo=True,
        currency_field="currency_id",
    )
    rcm_exclusion_reasons = fields.Char(
        string="Collection Markers", compute="_compute_rcm_exclusion", compute_sudo=True
    )

    @api.depends_context("company")
    def _compute_rcm_exclusion(self):
        labels = dict(self.env["rcm.collection.exclusion"]._fields["reason"]._description_selection(self.env))
        data = {
            move: (amount, reasons)
            for move, amount, reasons in self.env["rcm.collection.exclusion"]._read_group(
                [("move_id", "in", self.ids)], ["move_id"], ["amount:sum", "reason:array_agg"]
            )
        }
        for move in self:
            amount, reasons = data.get(move, (0.0, []))
            move.rcm_excluded_amount = amount
            move.rcm_exclusion_reasons = ", ".join(sorted({labels[r] for r in reasons}))

    def _rcm_check_credit_hold(self):
        """Refuse to post customer invoices of customers on credit hold, unless collections manager.

        Extension: override to exempt moves by what they are (rcm_dunning exempts its charge invoices),
        never by a context key (any RPC client can set one)."""
        held = self.filtered(
            lambda m: m.move_type == "out_invoice" and m.commercial_partner_id.rcm_credit_hold
        )
        if held and not self.env.user.has_group("rcm_collections.group_rcm_manager"):
            partner = held[0].commercial_partner_id
            raise UserError(
                self.env._(
                    "%(partner)s is on credit hold (%(reason)s): only a Collections Manager can post new "
                    "invoices for this customer.",
                    partner=partner.name,
                    reason=partner.rcm_credit_hold_reason or self.env._("no reason given"),
                )
            )

    def _post(self, soft=True):
        self._rcm_check_credit_hold()
        # only an invoice posted before (then reset to draft) can have exclusions: no query otherwise
        reposted = self.filtered(lambda m: m.posted_before and m.move_type == "out_invoice")
        posted = super()._post(soft=soft)
        if reposted:
            # its customer, company or amounts may have changed while in draft; sudo: the accountant
            # posting it needs no collections rights for the exclusions to follow
            self.env["rcm.collection.exclusion"].sudo().with_context(active_test=False).search(
                [("move_id", "in", reposted.ids)]
            ).modified(["move_id"])
        # record only: the collections desk follows outside this transaction (rcm.ledger.change)
        self.env["rcm.ledger.change"]._rcm_record_move_lines("post", posted.line_ids)
        return posted

    def button_draft(self):
        self.env["rcm.ledger.change"]._rcm_record_move_lines(
            "draft", self.filtered(lambda m: m.state == "posted").line_ids
        )
        return super().button_draft()


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    rcm_exclusion_reasons = fields.Char(related="move_id.rcm_exclusion_reasons", string="Collection Markers")
