# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class RcmCallLog(models.Model):
    _inherit = "rcm.call.log"

    @api.model_create_multi
    def create(self, vals_list):
        """Extension: logging a contact with the customer handles its pending reply."""
        calls = super().create(vals_list)
        calls.case_id._rcm_clear_reply_pending()
        return calls
