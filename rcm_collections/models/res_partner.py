# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .rcm_partner_receivable import RISK_CLASSES

COLLECTOR = "rcm_collections.group_rcm_collector"
MANAGER = "rcm_collections.group_rcm_manager"
CREDIT_HOLD_FIELDS = (
    "rcm_credit_hold",
    "rcm_credit_hold_reason",
    "rcm_credit_hold_user_id",
    "rcm_credit_hold_date",
)
# Set and lifted by Collections Managers only (like the credit hold): a collector cannot silence a
# customer the company decided to chase, nor chase one it decided to leave alone.
DO_NOT_CONTACT_FIELDS = (
    "rcm_do_not_contact",
    "rcm_do_not_contact_reason",
    "rcm_do_not_contact_until",
)
CONTACT_CHANNELS = [("email", "Email"), ("letter", "Letter"), ("sms", "SMS"), ("call", "Call")]


class ResPartner(models.Model):
    _inherit = "res.partner"

    rcm_receivable_ids = fields.One2many(
        "rcm.partner.receivable", "partner_id", string="Receivables", groups=COLLECTOR
    )
    rcm_receivable_id = fields.Many2one(
        "rcm.partner.receivable",
        compute="_compute_rcm_receivable_id",
        string="Receivable (current company)",
        groups=COLLECTOR,
    )
    rcm_case_ids = fields.One2many(
        "rcm.collection.case", "partner_id", string="Collection Cases", groups=COLLECTOR
    )
    rcm_open_case_id = fields.Many2one(
        "rcm.collection.case", compute="_compute_rcm_receivable_id", groups=COLLECTOR
    )
    rcm_total_due = fields.Monetary(
        compute="_compute_rcm_receivable_id", string="Total Due", groups=COLLECTOR
    )
    rcm_total_overdue = fields.Monetary(
        compute="_compute_rcm_receivable_id", string="Total Overdue", groups=COLLECTOR
    )
    rcm_risk_class = fields.Selection(
        selection=RISK_CLASSES, compute="_compute_rcm_receivable_id", string="Risk Class", groups=COLLECTOR
    )
    rcm_credit_hold = fields.Boolean(string="Credit Hold", tracking=True, copy=False)
    rcm_credit_hold_reason = fields.Char(string="Hold Reason", copy=False)
    rcm_credit_hold_user_id = fields.Many2one("res.users", string="Held By", readonly=True, copy=False)
    rcm_credit_hold_date = fields.Date(string="On Hold Since", readonly=True, copy=False)

    # Contact policy, per customer (commercial entity)
    rcm_do_not_contact = fields.Boolean(
        string="Do Not Contact",
        tracking=True,
        copy=False,
        help="No strategy step, dunning letter or statement is sent to this customer (until the date, "
        "if any). Collections Managers set and lift it.",
    )
    rcm_do_not_contact_reason = fields.Char(string="Do Not Contact Reason", copy=False)
    rcm_do_not_contact_until = fields.Date(string="Do Not Contact Until", copy=False)
    rcm_preferred_channel = fields.Selection(
        CONTACT_CHANNELS, string="Preferred Channel", help="How the customer prefers to be contacted."
    )
    rcm_collections_contact_id = fields.Many2one(
        "res.partner",
        string="Collections Contact",
        domain="[('commercial_partner_id', '=', commercial_partner_id), ('id', '!=', id)]",
        help="The contact collection emails, letters and statements go to (else the invoice address).",
    )
    rcm_contact_ids = fields.One2many("rcm.contact", "partner_id", string="Contacts", groups=COLLECTOR)
    rcm_contact_count = fields.Integer(compute="_compute_rcm_contact_count", groups=COLLECTOR)

    def _compute_rcm_contact_count(self):
        counts = dict(
            self.env["rcm.contact"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.rcm_contact_count = counts.get(partner.commercial_partner_id, 0)

    @api.constrains("rcm_do_not_contact", "rcm_do_not_contact_reason")
    def _check_rcm_do_not_contact(self):
        for partner in self:
            if partner.rcm_do_not_contact and not (partner.rcm_do_not_contact_reason or "").strip():
                raise ValidationError(self.env._("Give a reason not to contact %s.", partner.display_name))

    @api.constrains("rcm_collections_contact_id")
    def _check_rcm_collections_contact(self):
        for partner in self.filtered("rcm_collections_contact_id"):
            contact = partner.rcm_collections_contact_id
            if contact == partner or contact.commercial_partner_id != partner.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "The collections contact of %s must be one of its own contacts.", partner.display_name
                    )
                )

    def action_rcm_view_contacts(self):
        """Smart button: the customer's contacts (all paths)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_collections.rcm_contact_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    @api.constrains("rcm_credit_hold", "rcm_credit_hold_reason")
    def _check_rcm_credit_hold_reason(self):
        for partner in self:
            if partner.rcm_credit_hold and not (partner.rcm_credit_hold_reason or "").strip():
                raise ValidationError(
                    self.env._("Give a reason to put %s on credit hold.", partner.display_name)
                )

    @api.constrains("credit_limit")
    def _check_rcm_credit_limit(self):
        # a negative limit means nothing (0 is "no limit"): refused rather than guessed at
        for partner in self:
            if partner.credit_limit < 0:
                raise ValidationError(
                    self.env._(
                        "The credit limit of %s cannot be negative (0 means no limit).", partner.display_name
                    )
                )

    def _rcm_check_credit_hold_write(self, vals):
        """Credit hold fields are set through the hold wizard / strategy steps and lifted by
        Collections Managers: a direct write by anyone else (e.g. a user who may edit partners) is
        refused."""
        if self.env.su:
            return
        if set(CREDIT_HOLD_FIELDS) & set(vals) and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a Collections Manager can change the credit hold of a customer directly.")
            )
        if set(DO_NOT_CONTACT_FIELDS) & set(vals) and not self.env.user.has_group(MANAGER):
            raise AccessError(
                self.env._("Only a Collections Manager can set or lift the do-not-contact of a customer.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._rcm_check_credit_hold_write(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._rcm_check_credit_hold_write(vals)
        return super().write(vals)

    @api.depends_context("company")
    def _compute_rcm_receivable_id(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        rows = self.env["rcm.partner.receivable"].search(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id)]
        )
        cases = self.env["rcm.collection.case"].search(
            [
                ("partner_id", "in", commercial.ids),
                ("company_id", "=", company.id),
                ("state", "!=", "resolved"),
            ]
        )
        row_by_partner = {row.partner_id: row for row in rows}
        case_by_partner = {case.partner_id: case for case in cases}
        for partner in self:
            row = row_by_partner.get(partner.commercial_partner_id, self.env["rcm.partner.receivable"])
            partner.rcm_receivable_id = row
            partner.rcm_total_due = row.total_due
            partner.rcm_total_overdue = row.total_overdue
            partner.rcm_risk_class = row.risk_class
            partner.rcm_open_case_id = case_by_partner.get(partner.commercial_partner_id, False)

    def _rcm_get_invoice_contacts(self):
        """``{partner id: contact id}``: who collection mail goes to for each of these customers, in one
        query for the whole set: the customer's preferred collections contact when it has one (and it
        is active), else like ``address_get(["invoice"])``: the customer's active invoice address (a
        direct one first, in the partners' order), else the customer itself."""
        if not self:
            return {}
        self.flush_model(
            [
                "commercial_partner_id",
                "rcm_collections_contact_id",
                "active",
                "type",
                "is_company",
                "parent_id",
                "complete_name",
            ]
        )
        # one statement for the whole set, no record read: a run asks for thousands of customers, and
        # browsing their entities and contacts field by field cost more than the query
        found = dict(
            self.env.execute_query(
                SQL(
                    """
                    SELECT p.id, COALESCE(preferred.id, invoice.id, p.id)
                      FROM res_partner p
                      JOIN res_partner entity ON entity.id = p.commercial_partner_id
                      LEFT JOIN res_partner preferred
                             ON preferred.id = entity.rcm_collections_contact_id AND preferred.active
                      LEFT JOIN LATERAL (
                            SELECT c.id
                              FROM res_partner c
                             WHERE c.commercial_partner_id = p.id AND c.id != p.id
                               AND c.type = 'invoice' AND c.active AND NOT COALESCE(c.is_company, FALSE)
                             ORDER BY c.parent_id = p.id DESC, c.complete_name, c.id DESC
                             LIMIT 1
                      ) invoice ON preferred.id IS NULL
                     WHERE p.id = ANY(%s)
                    """,
                    self.ids,
                )
            )
        )
        return {partner_id: found.get(partner_id, partner_id) for partner_id in self.ids}

    def _rcm_set_credit_hold(self, reason):
        """Put the customers (their commercial entities) on credit hold, with a trail in the chatter."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason to put a customer on credit hold."))
        partners = self.commercial_partner_id.filtered(lambda p: not p.rcm_credit_hold)
        # sudo: collectors may set a hold from a strategy step without the right to edit partners
        partners.sudo().write(
            {
                "rcm_credit_hold": True,
                "rcm_credit_hold_reason": reason,
                "rcm_credit_hold_user_id": self.env.uid,
                "rcm_credit_hold_date": fields.Date.context_today(self),
            }
        )
        for partner in partners:
            # sudo: the trail is written whatever the user's rights on partners (author stays the user)
            partner.sudo().message_post(body=self.env._("Credit hold set: %s", reason))
        return partners

    def _rcm_lift_credit_hold(self, reason=None):
        """Lift the credit hold (Collections Managers); who lifted it and why is logged."""
        if not self.env.su and not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only a Collections Manager can lift a credit hold."))
        partners = self.commercial_partner_id.filtered("rcm_credit_hold")
        for partner in partners:
            # sudo: see _rcm_set_credit_hold
            partner.sudo().message_post(
                body=self.env._(
                    "Credit hold lifted by %(user)s (was: %(old)s). %(reason)s",
                    user=self.env.user.name,
                    old=partner.rcm_credit_hold_reason or "",
                    reason=reason or "",
                )
            )
        # sudo: the manager may not have the right to edit partners (checked above)
        partners.sudo().write(
            {
                "rcm_credit_hold": False,
                "rcm_credit_hold_reason": False,
                "rcm_credit_hold_user_id": False,
                "rcm_credit_hold_date": False,
            }
        )
        return partners

    def action_rcm_credit_hold(self):
        """Button: open the wizard asking for the hold reason."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Hold"),
            "res_model": "rcm.credit.hold.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_rcm_lift_credit_hold(self):
        """Button (Collections Managers): lift the credit hold."""
        self._rcm_lift_credit_hold()

    def action_rcm_open_360(self):
        """Open the customer's collection 360 view (the receivable row of the current company)."""
        self.ensure_one()
        row = self.commercial_partner_id.rcm_receivable_id
        if not row:
            self.env["rcm.partner.receivable"]._refresh_partners(self)
            row = self.commercial_partner_id.rcm_receivable_id
        if not row:
            raise UserError(
                self.env._("%s has no receivable in this company.", self.commercial_partner_id.name)
            )
        return row.action_open_360()
