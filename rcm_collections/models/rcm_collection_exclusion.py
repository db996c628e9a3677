# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class RcmCollectionExclusion(models.Model):
    """An amount of an invoice taken out of collection, with a reason.

    Other addons feed it (rcm_disputes for disputed amounts, rcm_dunning for dunning blocks,
    promises to pay here) through ``_set_exclusion``; the backbone, the cases, the strategies and
    every run read it, so the addons need no dependency on each other.
    """

    _name = "rcm.collection.exclusion"
    _description = "Amount Excluded from Collection"
    _order = "move_id, id"

    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("move_type", "=", "out_invoice"), ("state", "=", "posted")],
    )
    # Computed from the invoice once (depends on move_id only), not related to its fields: a stored
    # field depending on account.move fields makes every write of them (each post, each payment's
    # entries) search the exclusions of the written moves. A posted invoice's customer, company and
    # amounts do not change; an invoice posted again after a reset to draft recomputes its exclusions
    # (account.move._post).
    partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_from_move",
        store=True,
        index=True,
        string="Customer",
    )
    company_id = fields.Many2one("res.company", compute="_compute_from_move", store=True, index=True)
    currency_id = fields.Many2one(related="move_id.currency_id", string="Invoice Currency")
    company_currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        required=True, currency_field="currency_id", help="Excluded amount, in the invoice currency."
    )
    amount_company = fields.Monetary(
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
        help="Excluded amount in company currency, at the invoice's rate.",
    )
    reason = fields.Selection(
        [
            ("dispute", "Dispute"),
            ("promise", "Promise to Pay"),
            ("dunning_block", "Dunning Block"),
            ("legal", "Legal Action"),
            ("other", "Other"),
        ],
        required=True,
        index=True,
    )
    note = fields.Char()
    date_until = fields.Date(string="Until", help="Leave empty to exclude until the source is closed.")
    source_ref = fields.Reference(
        selection="_selection_source_ref", string="Source", help="The record that set this exclusion."
    )
    active = fields.Boolean(default=True)

    @api.model
    def _selection_source_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].sudo().search([])]

    @api.depends("move_id")
    def _compute_from_move(self):
        for excl in self:
            excl.partner_id = excl.move_id.commercial_partner_id
            excl.company_id = excl.move_id.company_id

    @api.depends("amount", "move_id")
    def _compute_amount_company(self):
        for excl in self:
            move = excl.move_id
            if not move or not move.amount_total:
                excl.amount_company = excl.amount
                continue
            excl.amount_company = excl.company_currency_id.round(
                excl.amount * abs(move.amount_total_signed) / move.amount_total
            )

    @api.constrains("amount", "move_id")
    def _check_amount(self):
        for excl in self:
            if excl.amount <= 0:
                raise ValidationError(self.env._("An excluded amount must be positive."))
            if excl.move_id.move_type != "out_invoice":
                raise ValidationError(self.env._("Only customer invoices can be excluded from collection."))

    @api.model
    def _set_exclusion(self, source, move, amount, reason, note=False, date_until=False, refresh=True):
        """Create or update the exclusion that ``source`` holds on ``move``; ``amount`` <= 0 removes it.

        Returns the exclusion (empty recordset when removed). The backbone of the customer is refreshed
        unless ``refresh`` is False (callers setting many exclusions refresh once at the end with
        ``rcm.partner.receivable._refresh_partners``).
        """
        ref = f"{source._name},{source.id}"
        excl = self.with_context(active_test=False).search(
            [("source_ref", "=", ref), ("move_id", "=", move.id)], limit=1
        )
        if amount <= 0:
            excl.unlink()
            excl = self.browse()
        elif excl:
            excl.write(
                {"amount": amount, "reason": reason, "note": note, "date_until": date_until, "active": True}
            )
        else:
            excl = self.create(
                {
                    "source_ref": ref,
                    "move_id": move.id,
                    "amount": amount,
                    "reason": reason,
                    "note": note,
                    "date_until": date_until,
                }
            )
        if refresh:
            self.env["rcm.partner.receivable"]._refresh_partners(move.commercial_partner_id)
        return excl

    @api.model
    def _get_excluded_amounts(self, moves, reasons=None, today=None):
        """Active excluded amount per invoice id (invoice currency), optionally for some reasons only."""
        today = today or fields.Date.context_today(self)
        domain = [
            ("move_id", "in", moves.ids),
            "|",
            ("date_until", "=", False),
            ("date_until", ">=", today),
        ]
        if reasons:
            domain.append(("reason", "in", list(reasons)))
        return {move.id: amount for move, amount in self._read_group(domain, ["move_id"], ["amount:sum"])}

    @api.model
    def _remove_for_sources(self, sources):
        """Delete the exclusions held by the records ``sources`` (called when they are deleted)."""
        if not sources:
            return
        refs = [f"{sources._name},{source_id}" for source_id in sources.ids]
        exclusions = self.sudo().with_context(active_test=False).search([("source_ref", "in", refs)])
        partners = exclusions.partner_id
        exclusions.unlink()
        if partners:
            self.env["rcm.partner.receivable"]._refresh_partners(partners)

    @api.autovacuum
    def _gc_orphan_exclusions(self):
        """Delete exclusions whose source is gone: deleted outside the ORM (cascades), or its addon
        uninstalled. An exclusion without a source (set by hand) is kept."""
        self.env.flush_all()
        rows = self.env.execute_query(
            SQL("SELECT id, source_ref FROM rcm_collection_exclusion WHERE source_ref IS NOT NULL")
        )
        by_model = defaultdict(dict)
        for excl_id, ref in rows:
            model, _sep, res_id = ref.partition(",")
            by_model[model][excl_id] = int(res_id) if res_id.isdigit() else 0
        orphans = []
        for model, refs in by_model.items():
            if model not in self.env:
                orphans += list(refs)
                continue
            existing = set(
                self.env[model].sudo().with_context(active_test=False).browse(set(refs.values())).exists().ids
            )
            orphans += [excl_id for excl_id, res_id in refs.items() if res_id not in existing]
        if orphans:
            exclusions = self.sudo().with_context(active_test=False).browse(orphans)
            partners = exclusions.partner_id
            _logger.info("Removing %d collection exclusions whose source is gone", len(orphans))
            exclusions.unlink()
            self.env["rcm.partner.receivable"]._refresh_partners(partners)


class RcmExclusionSourceMixin(models.AbstractModel):
    """Records that hold exclusions (promises, disputes, dunning blocks): their exclusions go with them."""

    _name = "rcm.exclusion.source.mixin"
    _description = "Source of Collection Exclusions"

    def unlink(self):
        sources = self.browse(self.ids)
        res = super().unlink()
        self.env["rcm.collection.exclusion"]._remove_for_sources(sources)
        return res
