# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class RcmDunningCommunicationLine(models.Model):
    """An item listed by a dunning communication: an overdue invoice, or a credit that offsets them."""

    _name = "rcm.dunning.communication.line"
    _description = "Dunning Communication Item"
    _order = "communication_id, line_type desc, date_due, id"
    # a snapshot written once with its communication (which has the log fields): a run writes tens of
    # thousands of them, without four columns and two foreign keys per row
    _log_access = False

    communication_id = fields.Many2one(
        "rcm.dunning.communication", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="communication_id.company_id", store=True)
    company_currency_id = fields.Many2one(related="communication_id.currency_id", string="Company Currency")
    line_type = fields.Selection(
        [("overdue", "Overdue Item"), ("credit", "Credit")], required=True, default="overdue"
    )
    move_id = fields.Many2one(
        "account.move", string="Document", required=True, index=True, ondelete="cascade"
    )
    move_name = fields.Char(related="move_id.name", string="Number")
    invoice_date = fields.Date(related="move_id.invoice_date")
    currency_id = fields.Many2one("res.currency", string="Invoice Currency")
    amount_overdue = fields.Monetary(
        string="Overdue", currency_field="company_currency_id", help="Overdue residual, company currency."
    )
    amount_overdue_currency = fields.Monetary(
        string="Overdue in Currency", currency_field="currency_id", help="Overdue residual, invoice currency."
    )
    amount_excluded = fields.Monetary(
        string="Excluded", currency_field="company_currency_id", help="Promised, disputed or blocked part."
    )
    amount_collectible = fields.Monetary(
        string="Collectible",
        currency_field="company_currency_id",
        help="Overdue minus excluded (credits: negative).",
    )
    date_due = fields.Date(string="Due Date")
    days_overdue = fields.Integer()
    disputed = fields.Boolean(help="Partly under dispute: no charge on this item.")
    previous_level_id = fields.Many2one("rcm.dunning.level")
    level_id = fields.Many2one("rcm.dunning.level")
    escalated = fields.Boolean(help="The item reached a new level with this communication.")
