# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import models

_logger = logging.getLogger(__name__)


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(
        self, success_pids, success_emails, failure_reason=False, failure_type=None
    ):
        """Extension: a dunning email accepted or refused by the mail server moves its communication at
        once (queued -> sent, or failed and retried), without waiting for the hourly cron."""
        message_ids = self.mail_message_id.ids
        res = super()._postprocess_sent_message(
            success_pids, success_emails, failure_reason=failure_reason, failure_type=failure_type
        )
        if message_ids:
            # sudo: the mail queue runs for any user; the delivery follow-up is the workflow's step
            comms = (
                self.env["rcm.dunning.communication"]
                .sudo()
                .search([("mail_message_id", "in", message_ids), ("state", "in", ("queued", "sent"))])
            )
            try:
                with self.env.cr.savepoint():
                    comms._sync_delivery()
            except Exception:  # never let the dunning follow-up break Odoo's mail queue
                _logger.exception("Dunning delivery follow-up failed; the hourly retry cron takes it up")
        return res
