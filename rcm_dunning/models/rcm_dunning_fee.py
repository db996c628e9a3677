# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

FEE_KINDS = [
    ("fee", "Dunning Fee"),
    ("interest", "Late Payment Interest"),
    ("compensation", "Recovery Compensation"),
]


class RcmDunningFee(models.Model):
    """A charge of an overdue item at a dunning level, posted on a real customer invoice.

    Never twice for the same item, level and kind (nor twice the compensation of an item): unique
    indexes guard it; cancelling the charge invoice cancels its charges. Computed in draft from the
    ledger when its communication is first sent, posted when the communication is delivered; only
    the sending writes charges (users read them), a posted one cannot be deleted.

    A charge is in the currency of the item it charges (``currency_id``: the invoice's currency) and
    is invoiced in it: a communication charging items in two currencies posts one charges invoice
    per currency. ``amount_company`` is its company-currency value at the rate of its day (totals
    and reports).
    """

    _name = "rcm.dunning.fee"
    _description = "Dunning Charge"
    _order = "id desc"
    _check_company_auto = True

    communication_id = fields.Many2one(
        "rcm.dunning.communication", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(related="communication_id.partner_id", store=True, index=True)
    company_id = fields.Many2one(related="communication_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="The currency of the charged item: the charge is invoiced in it.",
    )
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency")
    move_id = fields.Many2one(
        "account.move", string="Overdue Invoice", required=True, index=True, ondelete="restrict"
    )
    level_id = fields.Many2one("rcm.dunning.level", required=True, ondelete="restrict")
    kind = fields.Selection(FEE_KINDS, required=True)
    amount = fields.Monetary(required=True)
    base_amount = fields.Monetary(string="Base", help="The overdue balance the charge was computed on.")
    rate = fields.Float(digits=(16, 4), help="Annual interest rate or fee percentage.")
    days = fields.Integer(help="Days of interest.")
    date_from = fields.Date(string="Interest From", help="Exclusive.")
    date_to = fields.Date(string="Interest To", help="Inclusive.")
    amount_company = fields.Monetary(
        compute="_compute_amount_company",
        store=True,
        currency_field="company_currency_id",
        string="Amount in Company Currency",
        help="The amount at the rate of the communication's day.",
    )
    invoice_id = fields.Many2one("account.move", string="Charge Invoice", index=True, readonly=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancelled", "Cancelled")], default="draft", required=True
    )

    _item_level_kind_uniq = models.UniqueIndex(
        "(move_id, level_id, kind) WHERE state != 'cancelled'",
        "This item was already charged at this level.",
    )
    _item_compensation_uniq = models.UniqueIndex(
        "(move_id) WHERE kind = 'compensation' AND state != 'cancelled'",
        "The recovery compensation of this item was already charged.",
    )

    @api.depends("communication_id")
    def _compute_currency_id(self):
        # the sending gives each charge its item's currency; charges recorded before charges had a
        # currency of their own were in their company's currency
        for fee in self:
            fee.currency_id = fee.currency_id or fee.communication_id.company_id.currency_id

    @api.depends("amount", "currency_id", "communication_id.date", "company_id")
    def _compute_amount_company(self):
        for fee in self:
            company = fee.company_id or self.env.company
            if not fee.currency_id or fee.currency_id == company.currency_id:
                fee.amount_company = fee.amount
                continue
            fee.amount_company = fee.currency_id._convert(
                fee.amount, company.currency_id, company, fee.communication_id.date or fields.Date.today()
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        """A posted charge stays: deleting it would let the same item be charged again."""
        if self.filtered(lambda f: f.state == "posted" or f.invoice_id):
            raise UserError(
                self.env._("A posted dunning charge cannot be deleted: cancel its charges invoice instead.")
            )

    def _get_label(self):
        self.ensure_one()
        move, level = self.move_id.name, self.level_id.name
        if self.kind == "interest":
            return self.env._(
                "Interest %(rate)s%% a year on %(base)s from %(start)s to %(end)s (%(days)s days) - %(move)s",
                rate=f"{self.rate:g}",
                base=self.currency_id.format(self.base_amount),
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
                days=self.days,
                move=move,
            )
        if self.kind == "compensation":
            return self.env._("Recovery compensation - %(move)s", move=move)
        return self.env._("Dunning fee (%(level)s) - %(move)s", level=level, move=move)

    def _get_product(self, policy):
        self.ensure_one()
        return {
            "fee": policy.fee_product_id,
            "interest": policy.interest_product_id,
            "compensation": policy.compensation_product_id or policy.fee_product_id,
        }[self.kind]

    def _prepare_invoice_line(self, policy):
        self.ensure_one()
        product = self._get_product(policy)
        values = {
            "name": self._get_label(),
            "quantity": 1,
            "price_unit": self.amount,
            "tax_ids": [Command.clear()],  # late payment interest and compensation bear no VAT
        }
        if product:
            values["product_id"] = product.id
        if policy.fee_account_id:
            values["account_id"] = policy.fee_account_id.id
        return values

    def _create_invoice(self, communication):
        """Post these charges (of ``communication``, all in one currency) on one customer invoice in
        their currency; returns it."""
        if len(self.currency_id) > 1:
            raise UserError(self.env._("Charges in several currencies go on one invoice per currency."))
        policy = communication.policy_id
        journal = policy._get_fee_journal()
        if not journal:
            raise UserError(
                self.env._("No sales journal to post the dunning charges of %s.", policy.company_id.name)
            )
        invoice = (
            self.env["account.move"]
            .sudo()
            .with_company(communication.company_id)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": communication.partner_id.id,
                    "journal_id": journal.id,
                    "currency_id": (self.currency_id or communication.currency_id).id,
                    "invoice_date": communication.date,
                    "invoice_payment_term_id": False,
                    "invoice_date_due": communication._get_payment_deadline(),
                    "invoice_origin": communication.name,
                    "ref": communication.name,
                    "rcm_dunning_fee_invoice": True,
                    "invoice_line_ids": [Command.create(fee._prepare_invoice_line(policy)) for fee in self],
                }
            )
        )
        invoice.action_post()
        self.sudo().write({"invoice_id": invoice.id, "state": "posted"})
        # interest runs from the end of this charge next time
        for fee in self.filtered(lambda f: f.kind == "interest"):
            fee.move_id.sudo().rcm_dunning_interest_date = fee.date_to
        return invoice
