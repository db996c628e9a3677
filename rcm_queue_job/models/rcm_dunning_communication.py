# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import models

from ..identity import batch_identity

_logger = logging.getLogger(__name__)

# seconds before a delivery job tries again the customers another transaction was contacting
BUSY_RETRY_SECONDS = 60


class RcmDunningCommunication(models.Model):
    _inherit = "rcm.dunning.communication"

    def _send(self):
        """Within the scheduled dunning run (``rcm.dunning.run._rcm_queue_run``), the draft
        communications of a run are not sent here: one delivery job per batch is enqueued instead.
        Anything else is sent at once, as without queue_job."""
        if not self.env.context.get("rcm_queue_job_deliver"):
            return super()._send()
        deferred = self.filtered(lambda c: c.state == "draft" and c.run_id)
        for run in deferred.run_id:
            batch = deferred.filtered(lambda c, run=run: c.run_id == run)
            batch.with_delay(
                description=self.env._(
                    "Dunning: deliver %(count)s communications of %(run)s", count=len(batch), run=run.name
                ),
                identity_key=batch_identity("delivery", run.date, run.company_id.ids, batch.ids),
            )._rcm_job_deliver()
        rest = (self - deferred).with_context(rcm_queue_job_deliver=False)
        return super(RcmDunningCommunication, rest)._send() if rest else self.browse()

    def _rcm_job_deliver(self):
        """Job: send these draft communications of a dunning run and record them as contacts.

        Never twice: only drafts are sent (a retried or a second job finds them queued or sent), each
        customer is taken through the contact gateway first (``rcm.contact._rcm_filter_contactable``:
        policy and a per-customer transaction lock), ``_send`` locks the rows it sends and skips those
        another transaction holds, and the contacts' unique index fails a transaction that would
        contact a customer twice on a day. A customer the contact policy blocks since the run selected
        it (another contact meanwhile) is not sent: its communication is cancelled with the reason.
        A customer another transaction is contacting right now is tried again by a later job.
        Returns the communications handed over (queued or sent)."""
        comms = self.exists().filtered(lambda c: c.state == "draft").with_context(rcm_queue_job_deliver=False)
        contact = self.env["rcm.contact"]
        handed = self.browse()
        busy = self.browse()
        for run in comms.run_id:
            run_comms = comms.filtered(lambda c, run=run: c.run_id == run)
            policy = contact._rcm_check_policy(run_comms.partner_id, run.company_id, run.date)
            held = run_comms.filtered(lambda c, policy=policy: policy.get(c.partner_id.id))
            for comm in held:
                comm._rcm_cancel(self.env._("Not sent: %s", policy[comm.partner_id.id]))
            todo = run_comms - held
            allowed, _reasons = contact._rcm_filter_contactable(todo.partner_id, run.company_id, run.date)
            busy |= todo.filtered(lambda c, allowed=allowed: c.partner_id not in allowed)
            todo = todo.filtered(lambda c, allowed=allowed: c.partner_id in allowed)
            handed |= todo._send()
            run._rcm_record_contacts(todo)
        if busy:
            _logger.info(
                "Dunning delivery: %d customers being contacted elsewhere, tried again later", len(busy)
            )
            busy.with_delay(
                eta=BUSY_RETRY_SECONDS,
                identity_key=batch_identity("delivery-busy", busy[0].date, busy.company_id.ids, busy.ids),
            )._rcm_job_deliver()
        return handed.ids
