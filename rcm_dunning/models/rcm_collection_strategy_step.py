# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTION_CHANNELS = {"email": "email", "letter": "letter", "sms": "sms"}


class RcmCollectionStrategyStep(models.Model):
    _inherit = "rcm.collection.strategy.step"

    dunning_level_id = fields.Many2one(
        "rcm.dunning.level",
        ondelete="restrict",
        help="Email, letter and SMS steps send this dunning level's communication (its template, its "
        "letter, its charges) to the case's customer instead of their own template.",
    )

    def _requires_mail_template(self):
        """Extension: a step sending a dunning level's email uses the level's template."""
        return super()._requires_mail_template() and not self.dunning_level_id

    @api.constrains(
        "action", "mail_template_id", "escalate_to", "escalate_user_id", "automatic", "dunning_level_id"
    )
    def _check_action(self):
        """Extension: only email, letter and SMS steps can use a dunning level."""
        for step in self:
            if step.dunning_level_id and step.action not in ACTION_CHANNELS:
                raise ValidationError(
                    self.env._("Step %s: only email, letter and SMS steps use a dunning level.", step.name)
                )
        return super()._check_action()

    def _execute_dunning(self, cases):
        """Send the dunning level's communication on the step's channel to the cases' customers."""
        self.ensure_one()
        today = self.env.context.get("rcm_today") or fields.Date.context_today(self)
        return self.env["rcm.dunning.communication"]._create_for_cases(
            cases, self.dunning_level_id, channels=[ACTION_CHANNELS[self.action]], today=today
        )

    def _execute_email(self, cases):
        """Extension: with a dunning level, send its email (items, pay link, letter) instead."""
        if self.dunning_level_id:
            return self._execute_dunning(cases)
        return super()._execute_email(cases)

    def _execute_letter(self, cases):
        """Extension: with a dunning level, render its PDF letter instead of a to-do."""
        if self.dunning_level_id:
            return self._execute_dunning(cases)
        return super()._execute_letter(cases)

    def _execute_sms(self, cases):
        """Extension: with a dunning level, send its SMS."""
        if self.dunning_level_id:
            return self._execute_dunning(cases)
        return super()._execute_sms(cases)
