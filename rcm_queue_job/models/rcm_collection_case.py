# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.queue_job.delay import group

from ..identity import batch_identity


class RcmCollectionCase(models.Model):
    _inherit = "rcm.collection.case"

    @api.model
    def _rcm_queue_advance_strategies(self, batch_size=500):
        """Scheduled action with queue_job: the strategy engine as one job per batch of due cases on
        ``root.rcm.strategy`` (``_rcm_job_advance``), then, once every batch is done, one job flagging
        the deviations (``_rcm_job_flag_deviations``). Returns the number of batches dispatched."""
        today = fields.Date.context_today(self)
        cases = self.search(self._get_advance_domain(today), order="id")
        batches = [cases[i : i + batch_size] for i in range(0, len(cases), batch_size)]
        jobs = [
            batch.delayable(
                description=self.env._("Collections: advance %s cases", len(batch)),
                identity_key=batch_identity("strategy", today, batch.company_id.ids, batch.ids),
            )._rcm_job_advance(today)
            for batch in batches
        ]
        flag = self.delayable(
            description=self.env._("Collections: flag deviations"),
            identity_key=batch_identity("strategy-flag", today, [], []),
        )._rcm_job_flag_deviations(today)
        if jobs:
            group(*jobs).on_done(flag).delay()
        else:
            flag.delay()
        return len(batches)

    def _rcm_job_advance(self, today):
        """Job: carry out the due step of these cases (``_advance_cases``).

        Idempotent: a case moves at most one step a day (an advanced case carries today's step date
        and is no candidate any more) and cases locked by a concurrent job are skipped."""
        return self._advance_cases(today=today, cases=self.exists()).ids

    @api.model
    def _rcm_job_flag_deviations(self, today):
        """Job: flag the deviations of every open case (``_flag_deviations``), after the strategy
        jobs of the day."""
        self._flag_deviations(today)
        return True
