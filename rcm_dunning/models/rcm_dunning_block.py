# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class RcmDunningBlock(models.Model):
    """Stop dunning a customer (all its open invoices) or some invoices, until a date, for a reason.

    A block is stored as ``rcm.collection.exclusion`` records of reason ``dunning_block`` (one per
    invoice, the open residual), so the backbone, the cases, the strategies and the dunning run all
    honour it. A customer block also covers invoices posted later: the run refreshes the exclusions
    of active customer blocks before selecting (``_sync_exclusions``).
    """

    _name = "rcm.dunning.block"
    _description = "Dunning Block"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, readonly=True
    )
    scope = fields.Selection(
        [("customer", "All Open Invoices of the Customer"), ("invoices", "Some Invoices")],
        required=True,
        default="customer",
        tracking=True,
    )
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', '=', 'out_invoice'),"
        " ('state', '=', 'posted'), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    date_until = fields.Date(string="Until", tracking=True, help="Leave empty to block until lifted.")
    reason = fields.Char(required=True, tracking=True)
    user_id = fields.Many2one(
        "res.users", string="Blocked By", default=lambda self: self.env.user, readonly=True
    )
    active = fields.Boolean(default=True, tracking=True)
    exclusion_ids = fields.Many2many(
        "rcm.collection.exclusion", compute="_compute_exclusion_ids", string="Exclusions"
    )

    @api.depends("partner_id")
    def _compute_display_name(self):
        for block in self:
            block.display_name = self.env._(
                "Dunning block of %(partner)s: %(reason)s",
                partner=block.partner_id.name or "",
                reason=block.reason or "",
            )

    def _compute_exclusion_ids(self):
        for block in self:
            block.exclusion_ids = self.env["rcm.collection.exclusion"].search(
                [("source_ref", "=", f"{block._name},{block.id}")]
            )

    @api.constrains("scope", "move_ids", "partner_id")
    def _check_moves(self):
        for block in self:
            if block.scope == "invoices" and not block.move_ids:
                raise ValidationError(self.env._("Choose the invoices to block."))
            if block.move_ids.filtered(
                lambda m, b=block: m.commercial_partner_id != b.partner_id.commercial_partner_id
            ):
                raise ValidationError(self.env._("Only invoices of the customer can be blocked."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                vals["partner_id"] = (
                    self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
                )
        blocks = super().create(vals_list)
        blocks._sync_exclusions()
        for block in blocks:
            block.partner_id.message_post(body=self.env._("Dunning blocked: %s", block.display_name))
        return blocks

    def write(self, vals):
        res = super().write(vals)
        if {"scope", "move_ids", "date_until", "active", "reason"} & set(vals):
            self._sync_exclusions()
        return res

    def unlink(self):
        self.with_context(active_test=False)._release()
        return super().unlink()

    def _get_blocked_moves(self):
        """The open customer invoices this block covers now."""
        self.ensure_one()
        domain = Domain(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        )
        if self.scope == "invoices":
            domain &= Domain("id", "in", self.move_ids.ids)
        else:
            domain &= Domain("commercial_partner_id", "=", self.partner_id.id)
        return self.env["account.move"].search(domain)

    def _release(self):
        exclusions = self.env["rcm.collection.exclusion"].sudo().with_context(active_test=False)
        refs = [f"{block._name},{block.id}" for block in self]
        found = exclusions.search([("source_ref", "in", refs)])
        partners = found.move_id.commercial_partner_id
        found.unlink()
        if partners:
            self.env["rcm.partner.receivable"]._refresh_partners(partners)

    def _sync_exclusions(self):
        """Exclusions of reason ``dunning_block``: the open residual of every covered invoice while the
        block is active and not expired, none otherwise."""
        exclusions = self.env["rcm.collection.exclusion"].sudo()
        today = fields.Date.context_today(self)
        for block in self.with_context(active_test=False):
            ref = f"{block._name},{block.id}"
            current = exclusions.with_context(active_test=False).search([("source_ref", "=", ref)])
            live = block.active and (not block.date_until or block.date_until >= today)
            moves = block._get_blocked_moves() if live else self.env["account.move"]
            (current.filtered(lambda e, m=moves: e.move_id not in m)).unlink()
            for move in moves:
                values = {
                    "amount": move.amount_residual,
                    "reason": "dunning_block",
                    "note": block.reason,
                    "date_until": block.date_until,
                    "active": True,
                }
                existing = current.filtered(lambda e, m=move: e.move_id == m)
                if existing:
                    if any(existing[key] != value for key, value in values.items()):
                        existing.write(values)
                elif move.amount_residual > 0:
                    exclusions.create({**values, "move_id": move.id, "source_ref": ref})
        if self:
            self.env["rcm.partner.receivable"]._refresh_partners(self.partner_id)

    @api.model
    def _sync_company(self, company):
        """Refresh the exclusions of the company's active customer blocks (new invoices, payments)."""
        blocks = self.search([("company_id", "=", company.id), ("scope", "=", "customer")])
        blocks._sync_exclusions()
        return blocks

    def action_lift(self):
        """Button: lift the block now."""
        for block in self:
            block.partner_id.message_post(body=self.env._("Dunning block lifted: %s", block.reason))
        self.write({"active": False})
