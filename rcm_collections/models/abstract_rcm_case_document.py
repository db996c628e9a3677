# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class RcmCaseDocumentMixin(models.AbstractModel):
    """Customer and company of a record taken from its collection case (``case_id``) when it has one.

    Shared by call logs and promises; the inheriting model defines ``case_id``.
    """

    _name = "rcm.case.document.mixin"
    _description = "Record Linked to a Collection Case"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
    )

    @api.depends("case_id")
    def _compute_partner_id(self):
        for record in self.filtered("case_id"):
            record.partner_id = record.case_id.partner_id

    @api.depends("case_id")
    def _compute_company_id(self):
        for record in self:
            record.company_id = record.case_id.company_id or record.company_id or self.env.company
