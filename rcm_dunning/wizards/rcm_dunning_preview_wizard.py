# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class RcmDunningPreviewWizard(models.TransientModel):
    """What a dunning run would send, computed by the run's selection, without sending anything."""

    _name = "rcm.dunning.preview.wizard"
    _description = "Dunning Run Preview"

    run_id = fields.Many2one("rcm.dunning.run", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, readonly=True)
    line_ids = fields.One2many(
        "rcm.dunning.preview.wizard.line", "wizard_id", string="Customers", readonly=True
    )
    customer_count = fields.Integer(compute="_compute_totals", string="Customers to Dun")
    amount_due = fields.Monetary(compute="_compute_totals", string="Total Due")

    @api.depends("line_ids.amount_due", "line_ids.held_reason")
    def _compute_totals(self):
        for wizard in self:
            lines = wizard.line_ids.filtered(lambda line: not line.held_reason)
            wizard.customer_count = len(lines)
            wizard.amount_due = sum(lines.mapped("amount_due"))

    @api.constrains("company_id", "run_id")
    def _check_company(self):
        for wizard in self:
            wizard._check_company_allowed(wizard.company_id)
            if wizard.run_id and wizard.run_id.company_id != wizard.company_id:
                raise ValidationError(self.env._("The dunning run is of another company."))

    @api.model
    def _check_company_allowed(self, company):
        """The company of a preview is one of the user's (the preview reads its ledger in SQL)."""
        if company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You cannot preview the dunning of %s: not one of your companies.", company.name)
            )

    @api.model
    def _open_for(self, company, date, run=None):
        """Compute the candidates and open the preview."""
        self._check_company_allowed(company)
        self.env["rcm.dunning.block"]._sync_company(company)
        rows = self.env["rcm.dunning.run"]._compute_candidates(company, date)
        held = self.env["rcm.dunning.run"]._rcm_get_contact_reasons(company, date, rows)
        levels = self.env["rcm.dunning.level"].browse({row["level_id"] for row in rows})
        wizard = self.create(
            {
                "run_id": run.id if run else False,
                "company_id": company.id,
                "date": date,
                "line_ids": [
                    fields.Command.create(
                        {
                            "partner_id": row["partner_id"],
                            "level_id": row["level_id"],
                            "channels": ", ".join(levels.browse(row["level_id"])._get_channels()),
                            "item_count": len(row["items"]),
                            "escalated_count": sum(1 for item in row["items"] if item["escalates"]),
                            "amount_overdue": row["collectible"],
                            "amount_credit": row["credit"],
                            "amount_due": row["net"],
                            "held_reason": held.get(row["partner_id"], False),
                        }
                    )
                    for row in rows
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dunning Preview"),
            "res_model": self._name,
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.model
    def _action_preview_today(self):
        """Menu: preview today's run of the current company."""
        return self._open_for(self.env.company, fields.Date.context_today(self))

    def action_run(self):
        """Button: start the run now (creates it when the preview was opened from the menu)."""
        self.ensure_one()
        self._check_company_allowed(self.company_id)
        run = self.run_id or self.env["rcm.dunning.run"].create(
            {"company_id": self.company_id.id, "date": self.date}
        )
        run.action_start()
        return {
            "type": "ir.actions.act_window",
            "res_model": "rcm.dunning.run",
            "res_id": run.id,
            "view_mode": "form",
            "target": "current",
        }


class RcmDunningPreviewWizardLine(models.TransientModel):
    _name = "rcm.dunning.preview.wizard.line"
    _description = "Dunning Run Preview Line"
    _order = "amount_due desc, id"

    wizard_id = fields.Many2one("rcm.dunning.preview.wizard", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    level_id = fields.Many2one("rcm.dunning.level", readonly=True)
    channels = fields.Char(readonly=True)
    item_count = fields.Integer(string="Items", readonly=True)
    escalated_count = fields.Integer(string="Items Escalating", readonly=True)
    amount_overdue = fields.Monetary(string="Collectible Overdue", readonly=True)
    amount_credit = fields.Monetary(string="Credits", readonly=True)
    amount_due = fields.Monetary(string="Net Due", readonly=True)
    held_reason = fields.Char(
        string="Held By Contact Policy",
        readonly=True,
        help="Why the contact policy keeps the run from contacting this customer today (not dunned).",
    )
