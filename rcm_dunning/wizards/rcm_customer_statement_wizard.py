# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class RcmCustomerStatementWizard(models.TransientModel):
    """Print (or email) the statement of one or more customers for a period."""

    _name = "rcm.customer.statement.wizard"
    _description = "Customer Statement"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: fields.Date.context_today(self) - timedelta(days=90),
    )
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise ValidationError(self.env._("The statement period ends before it starts."))

    def _get_data(self):
        self.ensure_one()
        return {
            "date_from": fields.Date.to_string(self.date_from),
            "date_to": fields.Date.to_string(self.date_to),
        }

    def action_print(self):
        """Button: the statements as one PDF."""
        self.ensure_one()
        return self.env.ref("rcm_dunning.action_report_rcm_customer_statement").report_action(
            self.partner_ids.commercial_partner_id, data=self._get_data()
        )
