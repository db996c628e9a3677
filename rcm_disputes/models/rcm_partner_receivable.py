# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RcmPartnerReceivable(models.Model):
    _inherit = "rcm.partner.receivable"

    rcm_dispute_ids = fields.Many2many("rcm.dispute", compute="_compute_rcm_dispute_ids", string="Disputes")

    def _compute_rcm_dispute_ids(self):
        """The customer 360 view lists the customer's disputes and deductions, open ones first."""
        disputes = self.env["rcm.dispute"].search(
            [("partner_id", "in", self.partner_id.ids), ("company_id", "in", self.company_id.ids)],
            order="is_closed, date desc, id desc",
        )
        for row in self:
            row.rcm_dispute_ids = disputes.filtered(
                lambda d, r=row: d.partner_id == r.partner_id and d.company_id == r.company_id
            )[:50]
