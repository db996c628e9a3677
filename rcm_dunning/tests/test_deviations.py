# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.tests import tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestDeliveryDeviations(RcmDunningCommon):
    """A communication whose delivery failed flags the customer's case until resent or cancelled."""

    def _flag(self, days=0):
        return self.Case._flag_deviations(today=self.today + timedelta(days=days))

    def test_failed_delivery_flags_until_resent(self):
        self._invoice(self.customer_b, 300, 10)
        self.customer_b.email = False
        comm = self._comm(self.customer_b, run=self._run())
        self.assertEqual(comm.state, "failed")
        case = self._case(self.customer_b)
        self._flag()
        self.assertTrue(case.deviation)
        self.assertIn(f"Delivery failed: {comm.name}", case.deviation_reason)
        self.assertIn(case.id, self.Case._get_deviations(self.today))
        # fixed and sent again: the cause is gone
        self.customer_b.email = "ap@contoso.example.com"
        comm.action_send()
        self.assertIn(comm.state, ("queued", "sent"))
        self._flag()
        self.assertFalse(case.deviation, case.deviation_reason)

    def test_bounced_email_flags_until_cancelled(self):
        self._invoice(self.customer, 500, 10)
        comm = self._comm(run=self._run(deliver=False))
        self.assertEqual(comm.state, "queued")
        case = self._case()
        self._flag()
        self.assertFalse(case.deviation, "queued is not a failure")
        for mail in self.env["mail.mail"].sudo().search([("mail_message_id", "=", comm.mail_message_id.id)]):
            mail._postprocess_sent_message(
                success_pids=self.env["res.partner"],
                success_emails=[],
                failure_reason="550 No such user",
                failure_type="mail_bounce",
            )
        self.assertEqual(comm.state, "failed", "the mail server refused it")
        self._flag()
        self.assertIn(f"Delivery failed: {comm.name}", case.deviation_reason)
        comm.action_cancel()
        self.assertEqual(comm.state, "cancelled")
        self._flag()
        self.assertFalse(case.deviation, case.deviation_reason)
