# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import format_date

from .rcm_dispute_stage import CLOSED_STATES


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    rcm_dispute_ids = fields.Many2many("rcm.dispute", compute="_compute_rcm_disputes", string="Disputes")
    rcm_dispute_count = fields.Integer(compute="_compute_rcm_disputes", string="Open Disputes")

    @api.depends("partner_id", "company_id")
    def _compute_rcm_disputes(self):
        disputes = self.env["rcm.dispute"].search(
            [("partner_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)],
            order="is_closed, date desc, id desc",
        )
        for case in self:
            mine = disputes.filtered(
                lambda d, c=case: d.partner_id == c.partner_id and d.company_id == c.company_id
            )
            case.rcm_dispute_ids = mine
            case.rcm_dispute_count = len(mine.filtered(lambda d: d.state not in CLOSED_STATES))

    @api.model
    def _get_deviations(self, today):
        """Extension: an open dispute of the customer past its SLA (due date passed, not closed) flags
        the case until it is closed or postponed (one query for every case)."""
        deviations = super()._get_deviations(today)
        for case_id, _dispute_id, name, date_due in self.env["rcm.dispute"]._rcm_get_sla_breaches(today):
            deviations[case_id].append(
                self.env._(
                    "Dispute %(name)s past its SLA (due %(date)s)",
                    name=name,
                    date=format_date(self.env, date_due),
                )
            )
        return deviations

    def action_rcm_raise_dispute(self):
        """Open a new dispute for the customer of the case (the collector picks the invoices)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Dispute"),
            "res_model": "rcm.dispute",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_kind": "dispute",
                "default_partner_id": self.partner_id.id,
                "default_company_id": self.company_id.id,
            },
        }

    def action_rcm_view_disputes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("rcm_disputes.rcm_dispute_action_all")
        action["domain"] = [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)]
        action["context"] = {
            "default_partner_id": self.partner_id.id,
            "default_company_id": self.company_id.id,
        }
        return action
