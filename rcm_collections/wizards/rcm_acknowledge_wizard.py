# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class RcmAcknowledgeWizard(models.TransientModel):
    """Acknowledge (or dismiss) a flag or an alert with a note.

    The target records decide who may: the wizard only passes the note to their
    ``_rcm_acknowledge(note, mode)``, which checks the user's rights, writes and logs it. Any model
    defining that method can be acknowledged (cases here, alerts in rcm_reports); others are refused."""

    _name = "rcm.acknowledge.wizard"
    _description = "Acknowledge a Flag or an Alert"

    res_model = fields.Char(required=True, readonly=True)
    res_ids = fields.Char(required=True, readonly=True, help="Comma-separated ids of the records.")
    mode = fields.Selection(
        [("acknowledge", "Acknowledge"), ("dismiss", "Dismiss")], default="acknowledge", required=True
    )
    note = fields.Text(help="What you did or why: kept on the record's history.")
    summary = fields.Text(compute="_compute_summary", string="Flagged")

    def _get_records(self):
        self.ensure_one()
        if self.res_model not in self.env or not hasattr(self.env[self.res_model], "_rcm_acknowledge"):
            raise UserError(self.env._("These records cannot be acknowledged."))
        try:
            ids = [int(value) for value in (self.res_ids or "").split(",") if value.strip()]
        except ValueError as error:
            raise UserError(self.env._("The records to acknowledge are not valid.")) from error
        records = self.env[self.res_model].browse(ids).exists()
        if not records:
            raise UserError(self.env._("Nothing to acknowledge: the records do not exist any more."))
        return records

    @api.depends("res_model", "res_ids")
    def _compute_summary(self):
        for wizard in self:
            try:
                records = wizard._get_records()
            except UserError:
                wizard.summary = False
                continue
            field = "deviation_reason" if "deviation_reason" in records._fields else "name"
            wizard.summary = "\n".join(
                f"{record.display_name}: {record[field] or ''}" for record in records[:20]
            )

    def action_confirm(self):
        """Acknowledge or dismiss the records with the note."""
        self.ensure_one()
        self._get_records()._rcm_acknowledge(self.note, mode=self.mode)
        return {"type": "ir.actions.act_window_close"}
