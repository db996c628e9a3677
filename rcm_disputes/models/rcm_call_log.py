# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class RcmCallLog(models.Model):
    _inherit = "rcm.call.log"

    def _apply_outcome(self):
        """A call whose outcome is a dispute leaves the case's collector a to-do to raise it (the
        invoices and amounts are picked on the dispute form, from the case)."""
        res = super()._apply_outcome()
        if self.outcome == "dispute" and self.case_id:
            self.case_id.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Raise the dispute announced on the call"),
                note=self.notes,
                user_id=(self.case_id.user_id or self.user_id).id,
            )
        return res
