# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import fees


class RcmDunningPolicy(models.Model):
    """How a company dunns its customers: ordered levels, tolerance, fees and interest.

    Every customer follows one policy per company: the one set on the customer, else the company's
    default policy. Levels are reached item by item (see ``rcm.dunning.run._get_candidates_query``).
    """

    _name = "rcm.dunning.policy"
    _description = "Dunning Policy"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    is_default = fields.Boolean(
        string="Default Policy",
        tracking=True,
        help="Customers without a policy of their own follow the default policy of the company.",
    )
    level_ids = fields.One2many("rcm.dunning.level", "policy_id", string="Levels", copy=True)
    level_count = fields.Integer(compute="_compute_level_count")
    tolerance = fields.Monetary(
        default=10.0,
        tracking=True,
        help="No communication when the customer's collectible overdue amount, net of its open credit "
        "notes and payments, is at or below this amount.",
    )
    min_interval_days = fields.Integer(
        string="Days Between Levels",
        default=7,
        help="An item moves to its next level at the earliest this many days after its previous level.",
    )
    max_retries = fields.Integer(
        default=3, help="Failed communications are retried this many times before a collector is warned."
    )
    # Fees and interest
    interest_mode = fields.Selection(
        [("none", "No Interest"), ("fixed", "Fixed Annual Rate"), ("statutory", "Statutory (EU)")],
        default="none",
        required=True,
        tracking=True,
        help="Statutory: reference rate + 8 points (EU late payment directive 2011/7/EU).",
    )
    interest_rate = fields.Float(
        string="Annual Interest Rate (%)", digits=(16, 4), tracking=True, help="Used by the fixed mode."
    )
    reference_rate = fields.Float(
        string="Reference Rate (%)",
        digits=(16, 4),
        tracking=True,
        help="ECB main refinancing rate of the current half-year; statutory mode only.",
    )
    statutory_margin = fields.Float(string="Statutory Margin (points)", default=fees.STATUTORY_MARGIN)
    effective_interest_rate = fields.Float(
        string="Effective Rate (%)", compute="_compute_effective_interest_rate", digits=(16, 4)
    )
    compensation_amount = fields.Monetary(
        string="Recovery Compensation",
        default=fees.EU_COMPENSATION,
        help="Fixed compensation per late invoice (EUR 40 in the EU), charged by levels that ask for it.",
    )
    fee_journal_id = fields.Many2one(
        "account.journal",
        check_company=True,
        domain="[('type', '=', 'sale')]",
        help="Sales journal of the fee and interest invoices; the first sales journal when empty.",
    )
    fee_product_id = fields.Many2one("product.product", default=lambda self: self._default_product("fee"))
    interest_product_id = fields.Many2one(
        "product.product", default=lambda self: self._default_product("interest")
    )
    compensation_product_id = fields.Many2one(
        "product.product",
        default=lambda self: self._default_product("compensation"),
    )
    fee_account_id = fields.Many2one(
        "account.account",
        string="Fee Income Account",
        check_company=True,
        help="Income account of fee, interest and compensation lines; the product's account when empty.",
    )
    partner_count = fields.Integer(compute="_compute_partner_count", string="Customers")

    _default_uniq = models.UniqueIndex(
        "(company_id) WHERE is_default AND active", "A company has one default dunning policy."
    )

    @api.model
    def _default_product(self, kind):
        return self.env.ref(f"rcm_dunning.product_rcm_dunning_{kind}", raise_if_not_found=False)

    @api.depends("level_ids")
    def _compute_level_count(self):
        for policy in self:
            policy.level_count = len(policy.level_ids)

    @api.depends("interest_mode", "interest_rate", "reference_rate", "statutory_margin")
    def _compute_effective_interest_rate(self):
        for policy in self:
            policy.effective_interest_rate = policy._get_interest_rate()

    def _compute_partner_count(self):
        for policy in self:
            field = self.env["res.partner"]._fields["rcm_dunning_policy_id"]
            policy.partner_count = (
                self.env["res.partner"]
                .with_company(policy.company_id)
                .search_count([(field.name, "=", policy.id)])
            )

    @api.constrains("min_interval_days", "max_retries", "tolerance", "interest_rate", "compensation_amount")
    def _check_numbers(self):
        for policy in self:
            if policy.min_interval_days < 1:
                raise ValidationError(
                    self.env._("Policy %s: levels must be at least one day apart.", policy.name)
                )
            if policy.max_retries < 0 or policy.tolerance < 0 or policy.compensation_amount < 0:
                raise ValidationError(
                    self.env._(
                        "Policy %s: tolerance, retries and compensation cannot be negative.", policy.name
                    )
                )
            if policy.interest_rate < 0:
                raise ValidationError(
                    self.env._("Policy %s: the interest rate cannot be negative.", policy.name)
                )

    def _get_interest_rate(self):
        """Annual interest rate in % of the policy (0 without interest)."""
        self.ensure_one()
        if self.interest_mode == "fixed":
            return self.interest_rate
        if self.interest_mode == "statutory":
            return fees.statutory_rate(self.reference_rate, self.statutory_margin)
        return 0.0

    def _get_fee_journal(self):
        """Sales journal receiving the fee invoices of this policy."""
        self.ensure_one()
        return self.fee_journal_id or self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", self.company_id.id)], limit=1
        )

    @api.model
    def _get_default_policy(self, company):
        """The default policy of ``company`` (empty when it has none)."""
        return self.search([("company_id", "=", company.id), ("is_default", "=", True)], limit=1)

    @api.model
    def _create_default_policy(self, company):
        """Give ``company`` a default policy: a copy of the shipped one (four preconfigured levels).

        Returns the existing default policy when the company already has one.
        """
        policy = self.sudo()._get_default_policy(company)
        if policy:
            return policy
        template = self.env.ref("rcm_dunning.rcm_dunning_policy_standard", raise_if_not_found=False)
        if not template:
            raise ValidationError(self.env._("The standard dunning policy was deleted: create one by hand."))
        return (
            template.sudo()
            .with_context(active_test=False)
            .copy(
                {
                    "company_id": company.id,
                    "is_default": True,
                    "active": True,
                    "fee_journal_id": False,
                    "fee_account_id": False,
                }
            )
        )

    def action_view_partners(self):
        """Customers following this policy explicitly."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers"),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("rcm_dunning_policy_id", "=", self.id)],
            "context": {"allowed_company_ids": self.company_id.ids},
        }
