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

    def _rcm_get_company_level(self, company):
        """The dunning level this step sends in ``company``: its own level in the level's company;
        in another company (a shared strategy; each company has its own copy of the shipped policy)
        the level of the same rank in the company's default policy (empty when it has none)."""
        self.ensure_one()
        # sudo: the step's level may be of another company (read to find its rank only)
        level = self.sudo().dunning_level_id
        if not level or level.company_id == company:
            return level.sudo(False)
        policy = self.env["rcm.dunning.policy"].sudo()._get_default_policy(company)
        levels = policy.level_ids.filtered("active").sorted(lambda lv: (lv.sequence, lv.id))
        rank = level._get_rank()
        return levels[rank - 1].sudo(False) if rank and len(levels) >= rank else levels.browse()

    def _rcm_timeline_detail(self):
        """Extension: a step sending a dunning level shows the level, its rank and its charges."""
        self.ensure_one()
        # sudo: a shared strategy names the level of the shipped policy's company; its name and charges
        # are shown to the users of every company (read only)
        level = self.sudo().dunning_level_id
        if not level or self.action not in ACTION_CHANNELS:
            return super()._rcm_timeline_detail()
        if level.fee_fixed or level.fee_percent:
            fee = self.env._(
                "fee %s",
                level.currency_id.format(level.fee_fixed) if level.fee_fixed else f"{level.fee_percent}%",
            )
        else:
            fee = self.env._("no fee")
        extras = [fee]
        if level.charge_interest:
            extras.append(self.env._("interest"))
        if level.charge_compensation:
            extras.append(self.env._("recovery compensation"))
        return self.env._(
            "%(level)s, dunning level %(rank)s, %(charges)s",
            level=level.name,
            rank=level._get_rank(),
            charges=", ".join(extras),
        )

    def _rcm_contact_channel(self):
        """Extension: an automatic step sending a dunning level contacts the customer on its channel
        (letters included)."""
        self.ensure_one()
        if self.dunning_level_id and self.automatic and self.action in ACTION_CHANNELS:
            return ACTION_CHANNELS[self.action]
        return super()._rcm_contact_channel()

    def _rcm_prepare_contact_values(self, cases, result):
        """Extension: a step sending a dunning level records one contact per communication sent (the
        customers without anything collectible got none and were not contacted)."""
        self.ensure_one()
        if not self.dunning_level_id:
            return super()._rcm_prepare_contact_values(cases, result)
        communications = result if result and result._name == "rcm.dunning.communication" else []
        return [
            comm._rcm_prepare_contact_values(origin="strategy")
            for comm in communications
            if comm.state in ("queued", "sent", "failed")
        ]

    def _execute_dunning(self, cases):
        """Send the dunning level's communication on the step's channel to the cases' customers.

        The strategy leads the cadence, the dunning run is the engine behind it: the communications the
        strategy steps send in a company on a day belong to that day's strategy run
        (``rcm.dunning.run._get_strategy_run``), so the Dunning menu shows them with their letters and
        charges."""
        self.ensure_one()
        today = self.env.context.get("rcm_today") or fields.Date.context_today(self)
        communications = self.env["rcm.dunning.communication"]
        for company, company_cases in cases.grouped("company_id").items():
            level = self._rcm_get_company_level(company)
            if not level:
                continue
            sent = communications._create_for_cases(
                company_cases, level, channels=[ACTION_CHANNELS[self.action]], today=today
            )
            if sent:
                run = self.env["rcm.dunning.run"]._get_strategy_run(company, today)
                sent._rcm_workflow_write({"run_id": run.id})
            communications |= sent
        return communications

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
