# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

COLLECTOR = "rcm_collections.group_rcm_collector"


class ResPartner(models.Model):
    _inherit = "res.partner"

    rcm_dunning_policy_id = fields.Many2one(
        "rcm.dunning.policy",
        string="Dunning Policy",
        company_dependent=True,
        domain="[('company_id', '=', current_company_id)]",
        help="Leave empty to follow the company's default dunning policy.",
    )
    rcm_dunning_block_ids = fields.One2many(
        "rcm.dunning.block", "partner_id", string="Dunning Blocks", groups=COLLECTOR
    )
    rcm_dunning_blocked = fields.Boolean(
        compute="_compute_rcm_dunning", string="Dunning Blocked", groups=COLLECTOR
    )
    rcm_dunning_communication_ids = fields.One2many(
        "rcm.dunning.communication", "partner_id", string="Dunning Communications", groups=COLLECTOR
    )
    rcm_dunning_communication_count = fields.Integer(compute="_compute_rcm_dunning", groups=COLLECTOR)
    rcm_dunning_last_level_id = fields.Many2one(
        "rcm.dunning.level", compute="_compute_rcm_dunning", string="Last Dunning Level", groups=COLLECTOR
    )
    rcm_dunning_last_date = fields.Date(
        compute="_compute_rcm_dunning", string="Last Dunned On", groups=COLLECTOR
    )

    @api.depends_context("company")
    def _compute_rcm_dunning(self):
        company = self.env.company
        commercial = self.commercial_partner_id
        blocks = self.env["rcm.dunning.block"].search(
            [
                ("partner_id", "in", commercial.ids),
                ("company_id", "=", company.id),
                "|",
                ("date_until", "=", False),
                ("date_until", ">=", fields.Date.context_today(self)),
            ]
        )
        comms = self.env["rcm.dunning.communication"].search(
            [("partner_id", "in", commercial.ids), ("company_id", "=", company.id), ("state", "=", "sent")],
            order="date desc, id desc",
        )
        for partner in self:
            own = comms.filtered(lambda c, p=partner: c.partner_id == p.commercial_partner_id)
            partner.rcm_dunning_blocked = bool(
                blocks.filtered(lambda b, p=partner: b.partner_id == p.commercial_partner_id)
            )
            partner.rcm_dunning_communication_count = len(own)
            partner.rcm_dunning_last_level_id = own[:1].level_id
            partner.rcm_dunning_last_date = own[:1].date

    def action_rcm_dunning_block(self):
        """Button: block the dunning of this customer (all its open invoices)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Block Dunning"),
            "res_model": "rcm.dunning.block",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id, "default_scope": "customer"},
        }

    def action_rcm_dunning_communications(self):
        """Button: the dunning communications of this customer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_dunning.rcm_dunning_communication_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {}
        return action

    def action_rcm_customer_statement(self):
        """Button: print or send the customer statement."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customer Statement"),
            "res_model": "rcm.customer.statement.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }
