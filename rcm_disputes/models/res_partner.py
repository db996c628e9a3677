# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    rcm_dispute_task_force_ids = fields.Many2many(
        "res.users",
        "rcm_partner_dispute_task_force_rel",
        "partner_id",
        "user_id",
        string="Dispute Task Force",
        domain="[('share', '=', False)]",
        groups="rcm_collections.group_rcm_collector",
        # not copied: copying a partner is done by users outside collections too (account's payment
        # register duplicates contacts), who cannot read this field
        copy=False,
        help="Users who follow every dispute of this problem account.",
    )
