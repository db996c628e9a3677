# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError


class RcmDisputeLine(models.Model):
    """One disputed invoice of a dispute: the amount disputed (invoice currency) and the amount accepted
    when the dispute is settled. The line is the source of the invoice's exclusion from collection."""

    _name = "rcm.dispute.line"
    _inherit = ["rcm.workflow.mixin"]
    _description = "Disputed Invoice"
    _order = "dispute_id, id"
    _check_company_auto = True
    # set by the flow only (see rcm.workflow.mixin); ``state`` is related to the dispute's stage
    _rcm_workflow_fields = ("state", "resolution_move_id")

    dispute_id = fields.Many2one("rcm.dispute", required=True, index=True, ondelete="cascade")
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'),"
        " ('commercial_partner_id', '=', partner_id), ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    partner_id = fields.Many2one(related="dispute_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="dispute_id.company_id", store=True, index=True)
    kind = fields.Selection(related="dispute_id.kind")
    state = fields.Selection(related="dispute_id.state", store=True, string="Status")
    currency_id = fields.Many2one(related="move_id.currency_id", store=True, string="Currency")
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    amount = fields.Monetary(string="Disputed", required=True, help="In the invoice currency.")
    amount_accepted = fields.Monetary(
        string="Accepted",
        compute="_compute_amount_accepted",
        store=True,
        readonly=False,
        precompute=True,
        help="What the company accepts to credit or write off (the disputed amount by default).",
    )
    amount_company = fields.Monetary(
        compute="_compute_amount_company", store=True, currency_field="company_currency_id"
    )
    amount_accepted_company = fields.Monetary(
        compute="_compute_amount_company", store=True, currency_field="company_currency_id"
    )
    amount_total = fields.Monetary(compute="_compute_invoice_values", string="Invoice Total")
    amount_residual = fields.Monetary(compute="_compute_invoice_values", string="Invoice Residual")
    invoice_date_due = fields.Date(compute="_compute_invoice_values", string="Invoice Due Date")
    note = fields.Char()
    resolution_move_id = fields.Many2one(
        "account.move", string="Settled By", readonly=True, copy=False, groups="base.group_user"
    )

    _move_uniq = models.Constraint(
        "UNIQUE(dispute_id, move_id)", "An invoice appears only once in a dispute."
    )

    @api.depends("amount")
    def _compute_amount_accepted(self):
        for line in self:
            line.amount_accepted = line.amount

    # The invoice's figures, read when shown: as related fields they made every change of any invoice's
    # amounts (each payment, each reconciliation) walk the dispute lines' dependencies inside the
    # accountant's transaction (a quarter more Odoo CPU per payment registration)
    @api.depends("move_id")
    def _compute_invoice_values(self):
        for line in self:
            line.amount_total = line.move_id.amount_total
            line.amount_residual = line.move_id.amount_residual
            line.invoice_date_due = line.move_id.invoice_date_due

    # the rate of a posted invoice does not change (a disputed invoice cannot be reset to draft while its
    # dispute is open, see account.move.button_draft): no dependency on the invoice's amounts
    @api.depends("amount", "amount_accepted", "move_id")
    def _compute_amount_company(self):
        for line in self:
            move = line.move_id
            rate = abs(move.amount_total_signed) / move.amount_total if move.amount_total else 1.0
            currency = line.company_currency_id or line.dispute_id.company_id.currency_id
            line.amount_company = currency.round(line.amount * rate)
            line.amount_accepted_company = currency.round(line.amount_accepted * rate)

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("amount", "move_id")
    def _check_amount(self):
        for line in self:
            invoice, dispute = line.move_id, line.dispute_id
            if line.currency_id.compare_amounts(line.amount, 0) <= 0:
                raise ValidationError(
                    self.env._("The disputed amount of invoice %s must be positive.", invoice.name)
                )
            if invoice.move_type != "out_invoice" or invoice.state != "posted":
                raise ValidationError(
                    self.env._(
                        "Only posted customer invoices can be disputed: %s is not one.", invoice.display_name
                    )
                )
            if invoice.commercial_partner_id != dispute.partner_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s is billed to %(partner)s, not to %(customer)s.",
                        invoice=invoice.name,
                        partner=invoice.commercial_partner_id.name,
                        customer=dispute.partner_id.name,
                    )
                )
            if invoice.company_id != dispute.company_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(invoice)s belongs to company %(company)s, not to %(dispute_company)s.",
                        invoice=invoice.name,
                        company=invoice.company_id.name,
                        dispute_company=dispute.company_id.name,
                    )
                )
        self._rcm_check_open_amounts()

    @api.constrains("amount", "amount_accepted")
    def _check_amount_accepted(self):
        for line in self:
            currency = line.currency_id
            if (
                currency.compare_amounts(line.amount_accepted, 0) < 0
                or currency.compare_amounts(line.amount_accepted, line.amount) > 0
            ):
                raise ValidationError(
                    self.env._(
                        "The accepted amount of invoice %(invoice)s must lie between 0 and the disputed "
                        "amount (%(amount)s).",
                        invoice=line.move_id.name,
                        amount=currency.format(line.amount),
                    )
                )

    def _rcm_check_open_amounts(self):
        """What open disputes claim on an invoice fits in what is still open on it."""
        for line in self.filtered(lambda line: not line.dispute_id.is_closed):
            invoice = line.move_id
            currency = invoice.currency_id
            if invoice.payment_state in ("paid", "in_payment", "reversed") or currency.is_zero(
                invoice.amount_residual
            ):
                raise ValidationError(
                    self.env._(
                        "Invoice %s is already paid or closed: there is nothing left to dispute.",
                        invoice.name,
                    )
                )
            open_lines = self.search([("move_id", "=", invoice.id), ("dispute_id.is_closed", "=", False)])
            disputed = sum(open_lines.mapped("amount"))
            if currency.compare_amounts(disputed, invoice.amount_residual) > 0:
                if len(open_lines) == 1:
                    message = self.env._(
                        "The disputed amount (%(amount)s) exceeds what is still open on invoice "
                        "%(invoice)s (%(residual)s).",
                        amount=currency.format(disputed),
                        invoice=invoice.name,
                        residual=currency.format(invoice.amount_residual),
                    )
                else:
                    message = self.env._(
                        "The open disputes on invoice %(invoice)s claim %(amount)s, more than what is "
                        "still open on it (%(residual)s).",
                        amount=currency.format(disputed),
                        invoice=invoice.name,
                        residual=currency.format(invoice.amount_residual),
                    )
                raise ValidationError(message)

    # ------------------------------------------------------------------
    # CRUD: keep the exclusions of rcm_collections in step
    # ------------------------------------------------------------------
    def _rcm_check_amount_values(self, vals):
        """Amounts are numbers: NaN and infinities are refused before they reach the ORM's rounding."""
        for name in ("amount", "amount_accepted"):
            if vals.get(name) in (None, False):
                continue
            try:
                finite = math.isfinite(float(vals[name]))
            except (TypeError, ValueError):
                finite = False
            if not finite:
                raise ValidationError(
                    self.env._(
                        "The %(field)s of a disputed invoice must be a number, not %(value)r.",
                        field=self._fields[name].get_description(self.env)["string"],
                        value=vals[name],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rcm_check_amount_values(vals)
        lines = super().create(vals_list)
        lines._rcm_check_dispute_open()
        lines.dispute_id._rcm_sync_exclusions()
        lines.dispute_id._rcm_amounts_changed()
        return lines

    def write(self, vals):
        self._rcm_check_amount_values(vals)
        amounts = {"amount", "amount_accepted", "move_id", "dispute_id"} & set(vals)
        if amounts:
            self._rcm_check_dispute_open()
        before = {line: line._rcm_amount_key() for line in self} if amounts else {}
        if "move_id" in vals or "dispute_id" in vals:
            self._rcm_release_exclusions()
        res = super().write(vals)
        if amounts:
            self._rcm_check_dispute_open()
        if {"amount", "move_id", "dispute_id"} & set(vals):
            self.dispute_id._rcm_sync_exclusions()
        if amounts:
            changed = self.filtered(lambda line: before[line] != line._rcm_amount_key())
            # the disputes the lines joined, and those they left
            left = self.env["rcm.dispute"].browse({before[line][0] for line in changed})
            (changed.dispute_id | left).exists()._rcm_amounts_changed()
        return res

    def _rcm_amount_key(self):
        self.ensure_one()
        return (self.dispute_id.id, self.move_id.id, self.amount, self.amount_accepted)

    def _rcm_check_dispute_open(self):
        """The invoices and amounts of a closed dispute no longer change (the flow neither: it records
        what it settled before closing the dispute)."""
        closed = self.dispute_id.filtered("is_closed")
        if closed:
            raise UserError(
                self.env._(
                    "Dispute %s is closed: its invoices and amounts can no longer change.", closed[0].name
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_settled(self):
        if self.filtered("resolution_move_id"):
            raise UserError(self.env._("A settled invoice line cannot be removed from its dispute."))

    def unlink(self):
        self._rcm_check_dispute_open()
        disputes = self.dispute_id
        self._rcm_release_exclusions()
        res = super().unlink()
        disputes.exists()._rcm_amounts_changed()
        return res

    def _rcm_release_exclusions(self):
        """Release what these lines exclude from collection (before they change invoice or vanish)."""
        # sudo: collections bookkeeping, see rcm.dispute._rcm_sync_exclusions
        exclusion_model = self.env["rcm.collection.exclusion"].sudo()
        for line in self:
            exclusion_model._set_exclusion(line, line.move_id, 0.0, "dispute", refresh=False)
        if self:
            self.env["rcm.partner.receivable"]._refresh_partners(self.move_id.commercial_partner_id)

    # ------------------------------------------------------------------
    # Accounting
    # ------------------------------------------------------------------
    def _rcm_label(self):
        self.ensure_one()
        return self.env._(
            "Dispute %(dispute)s (%(reason)s) on %(invoice)s",
            dispute=self.dispute_id.name,
            reason=self.dispute_id.reason_id.name,
            invoice=self.move_id.name,
        )

    def _rcm_invoice_groups(self):
        """Product lines of the invoice by (account, taxes): {key: [base, total]}, ``base`` in the
        invoice's price convention (after discount), ``total`` taxes included."""
        self.ensure_one()
        groups = defaultdict(lambda: [0.0, 0.0])
        for inv_line in self.move_id.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            key = (inv_line.account_id, inv_line.tax_ids)
            groups[key][0] += (
                inv_line.price_unit * inv_line.quantity * (1 - (inv_line.discount or 0.0) / 100.0)
            )
            groups[key][1] += inv_line.price_total
        return groups

    def _rcm_prepare_credit_note_lines(self, amount):
        """Credit note lines worth ``amount`` taxes included, split like the invoice across its income
        accounts and taxes (so that the taxes are credited in proportion)."""
        self.ensure_one()
        invoice, label = self.move_id, self._rcm_label()
        currency = invoice.currency_id
        groups = {key: value for key, value in self._rcm_invoice_groups().items() if value[1]}
        total = sum(value[1] for value in groups.values())
        if not groups or not total:
            account = invoice.journal_id.default_account_id
            return [
                {"name": label, "quantity": 1, "price_unit": amount, "account_id": account.id, "tax_ids": []}
            ]
        return [
            {
                "name": label,
                "quantity": 1,
                "price_unit": currency.round(amount * base / total),
                "account_id": account.id,
                "tax_ids": [Command.set(taxes.ids)],
            }
            for (account, taxes), (base, _group_total) in groups.items()
        ]

    def _rcm_post_credit_note(self):
        """Post a credit note of exactly the accepted amount for this invoice (Odoo's reversal of the
        invoice, its lines replaced by the accepted share; a last untaxed line absorbs the rounding) and
        reconcile it with the invoice. Returns the credit note."""
        self.ensure_one()
        invoice = self.move_id
        currency, amount = invoice.currency_id, self.amount_accepted
        today = fields.Date.context_today(self)
        # sudo: collectors settle disputes without invoicing rights; the dispute's action is the
        # authorisation (action_credit_note checks the Collections group and the dispute's state)
        invoice_sudo = invoice.sudo()
        refund = invoice_sudo._reverse_moves(
            [
                {
                    "ref": self._rcm_label(),
                    "date": today,
                    "invoice_date": today,
                    "invoice_date_due": today,
                    "invoice_payment_term_id": False,
                    "invoice_cash_rounding_id": False,
                    "invoice_user_id": invoice.invoice_user_id.id,
                    "invoice_origin": invoice.name,
                }
            ]
        )
        refund.write(
            {
                "invoice_line_ids": [Command.unlink(line.id) for line in refund.invoice_line_ids]
                + [Command.create(vals) for vals in self._rcm_prepare_credit_note_lines(amount)]
            }
        )
        difference = currency.round(amount - refund.amount_total)
        if not currency.is_zero(difference):
            account = refund.invoice_line_ids[:1].account_id
            refund.write(
                {
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Rounding of %s", self._rcm_label()),
                                "quantity": 1,
                                "price_unit": difference,
                                "account_id": account.id,
                                "tax_ids": [],
                            }
                        )
                    ]
                }
            )
        if currency.compare_amounts(refund.amount_total, amount) != 0:
            raise UserError(
                self.env._(
                    "The credit note for %(invoice)s would be %(total)s instead of %(amount)s.",
                    invoice=invoice.name,
                    total=currency.format(refund.amount_total),
                    amount=currency.format(amount),
                )
            )
        refund.action_post()
        self._rcm_reconcile(refund)
        self._rcm_workflow_write({"resolution_move_id": refund.id})
        return refund

    def _rcm_post_write_off(self, account, journal):
        """Post a journal entry writing the accepted amount off (debit ``account``, credit the invoice's
        receivable) and reconcile it with the invoice. Returns the entry."""
        self.ensure_one()
        invoice = self.move_id
        currency, amount = invoice.currency_id, self.amount_accepted
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        if currency.compare_amounts(amount, invoice.amount_residual) == 0:
            balance = sum(receivable.mapped("amount_residual"))
        else:
            balance = self.company_currency_id.round(
                amount * abs(invoice.amount_total_signed) / invoice.amount_total
            )
        label = self._rcm_label()
        partner = invoice.commercial_partner_id
        # sudo: see _rcm_post_credit_note (action_write_off / action_approve are the authorisation)
        entry = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": fields.Date.context_today(self),
                    "ref": label,
                    "line_ids": [
                        Command.create(
                            {
                                "name": label,
                                "account_id": account.id,
                                "partner_id": partner.id,
                                "currency_id": currency.id,
                                "amount_currency": amount,
                                "balance": balance,
                            }
                        ),
                        Command.create(
                            {
                                "name": label,
                                "account_id": receivable[:1].account_id.id,
                                "partner_id": receivable[:1].partner_id.id or partner.id,
                                "currency_id": currency.id,
                                "amount_currency": -amount,
                                "balance": -balance,
                            }
                        ),
                    ],
                }
            )
        )
        entry.action_post()
        self._rcm_reconcile(entry)
        self._rcm_workflow_write({"resolution_move_id": entry.id})
        return entry

    def _rcm_reconcile(self, move):
        """Reconcile the receivable line of ``move`` with the open receivable of the invoice (Odoo
        already matches a credit note with the invoice it reverses when posting it)."""
        receivable = self.move_id.sudo().line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        counterpart = move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        )
        if counterpart and counterpart.account_id <= receivable.account_id:
            (receivable | counterpart).filtered(
                lambda line: line.account_id in counterpart.account_id
            ).reconcile()
        if move.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
        ):
            raise UserError(
                self.env._(
                    "%(move)s cannot be matched with invoice %(invoice)s.",
                    move=move.name,
                    invoice=self.move_id.name,
                )
            )

    def _rcm_rebill_missing(self):
        """Invalid deduction: re-bill what the invoice no longer carries of the deducted amount (it was
        closed meanwhile); what is still open is simply chased again. Returns the new invoice, if any."""
        self.ensure_one()
        invoice = self.move_id
        currency = invoice.currency_id
        missing = currency.round(self.amount - min(self.amount, max(invoice.amount_residual, 0.0)))
        if currency.compare_amounts(missing, 0) <= 0:
            return self.env["account.move"]
        account = next(iter(self._rcm_invoice_groups()), (invoice.journal_id.default_account_id,))[0]
        # sudo: see _rcm_post_credit_note
        rebill = (
            self.env["account.move"]
            .sudo()
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": invoice.partner_id.id,
                    "journal_id": invoice.journal_id.id,
                    "currency_id": currency.id,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_origin": invoice.name,
                    "invoice_user_id": invoice.invoice_user_id.id,
                    "ref": self.env._("Re-billed: invalid %s", self._rcm_label()),
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": self.env._("Invalid deduction on %s", invoice.name),
                                "quantity": 1,
                                "price_unit": missing,
                                "account_id": account.id,
                                "tax_ids": [],
                            }
                        )
                    ],
                }
            )
        )
        rebill.action_post()
        return rebill
