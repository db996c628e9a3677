# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import RcmDunningCommon

REPLY = """Return-Path: <billing@northwind.example.com>
From: Jon Berg <billing@northwind.example.com>
To: collections@company.example.com
Subject: Re: {subject}
Message-ID: <reply-{uid}@northwind.example.com>
In-Reply-To: {parent}
References: {parent}
Date: Mon, 23 Nov 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

We paid INV 0001 last week, please check your bank account.
"""


def _no_commit(*args, **kwargs):
    return 1.0


@tagged("post_install", "-at_install")
class TestCommunication(RcmDunningCommon):
    """Channels, failures and retries, replies landing in the case, strategy steps using levels."""

    def _retry_now(self, comms):
        comms.sudo().write({"next_retry_date": fields.Datetime.now() - timedelta(minutes=1)})
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Communication._cron_retry()

    def test_email_on_the_case_to_the_billing_contact(self):
        invoice = self._invoice(self.customer, 500, 10)
        comm = self._comm(run=self._run(deliver=False))
        case = self._case()
        self.assertEqual(comm.case_id, case)
        billing = self.customer.child_ids.filtered(lambda c: c.type == "invoice")
        self.assertEqual(comm.contact_id, billing)
        message = comm.mail_message_id
        self.assertEqual(
            (message.model, message.res_id), ("rcm.collection.case", case.id), "replies land in the case"
        )
        self.assertEqual(message.partner_ids, billing)
        self.assertIn("Friendly payment reminder", message.subject)
        self.assertIn(invoice.name, message.body)
        self.assertIn(f"/my/dunning/{comm.id}?access_token=", message.body, "the pay-online link")
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertEqual(mail.state, "outgoing", "handed to the mail queue")
        self.assertEqual(comm.state, "queued", "not sent before the mail server took it")
        self.assertFalse(invoice.rcm_dunning_level_id)
        self._deliver()
        self.assertEqual(comm.state, "sent")
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1)
        self.assertTrue(case.message_ids.filtered(lambda m: "Friendly Reminder sent" in (m.body or "")))

    def test_failed_email_is_visible_and_retried(self):
        invoice = self._invoice(self.customer_b, 300, 10)
        self.customer_b.email = False
        run = self._run()
        comm = self._comm(self.customer_b, run=run)
        self.assertEqual(comm.state, "failed")
        self.assertIn("has no email address", comm.error)
        self.assertEqual(comm.attempt_count, 1)
        self.assertTrue(comm.next_retry_date)
        self.assertEqual(run.failed_count, 1)
        self.assertTrue(comm.message_ids.filtered(lambda m: "Sending failed" in (m.body or "")))
        self.assertFalse(invoice.rcm_dunning_level_id, "the level is reached only once sent")
        # a retry is pending: the next days' runs do not send a second communication
        self.assertNotIn(self.customer_b.id, self._candidates(self.today + timedelta(days=1)))
        # still failing at the retry: attempt 2
        self._retry_now(comm)
        self.assertEqual((comm.state, comm.attempt_count), ("failed", 2))
        # fixed: the next retry sends it
        self.customer_b.email = "ap@contoso.example.com"
        self._retry_now(comm)
        self.assertEqual(comm.state, "queued")
        self._deliver()
        self.assertEqual(comm.state, "sent")
        self.assertFalse(comm.error)
        self.assertFalse(comm.next_retry_date)
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1)

    def test_retries_run_out_then_the_collector_is_warned(self):
        self._invoice(self.customer_b, 300, 10)
        self.customer_b.email = False
        self.policy.max_retries = 1
        comm = self._comm(self.customer_b, run=self._run())
        self._retry_now(comm)
        self.assertEqual((comm.state, comm.attempt_count), ("failed", 2))
        self.assertFalse(comm.next_retry_date, "no more automatic retry")
        activity = self._case(self.customer_b).activity_ids.filtered(lambda a: comm.name in (a.summary or ""))
        self.assertTrue(activity, "the collector is told")
        # the manual retry button still works
        self.customer_b.email = "ap@contoso.example.com"
        comm.action_retry()
        self._deliver()
        self.assertEqual(comm.state, "sent")

    def test_one_channel_fails_the_others_are_kept(self):
        invoice = self._invoice(self.customer, 400, 40)
        self._set_level(invoice, self.level_1, 20)  # second notice: letter + email
        with patch.object(type(self.Communication), "_send_email", side_effect=ConnectionError("SMTP down")):
            comm = self._comm(run=self._run())
        self.assertEqual(comm.state, "failed")
        self.assertIn("Email: ConnectionError: SMTP down", comm.error)
        self.assertTrue(comm.letter_done)
        self.assertFalse(comm.email_done)
        letter = comm.letter_attachment_id
        self.assertTrue(letter)
        self.assertTrue(comm.fee_invoice_id, "charges posted once: the letter is printed")
        comm.action_retry()
        self.assertEqual(comm.state, "sent", "delivered: its letter is printed")
        self.assertEqual(comm.letter_attachment_id, letter, "the letter is not rendered twice")
        self.assertEqual(comm.mail_message_id.attachment_ids, letter, "the letter goes with the email")
        self.assertEqual(len(self.Fee.search([("move_id", "=", invoice.id)])), 1)

    def test_an_error_for_one_customer_does_not_stop_the_run(self):
        self._invoice(self.customer, 400, 10)
        self._invoice(self.customer_b, 400, 10)
        original = type(self.Communication)._send_email

        def flaky(comm):
            if comm.partner_id == self.customer_b:
                raise ValueError("template broken")
            return original(comm)

        with patch.object(type(self.Communication), "_send_email", flaky):
            run = self._run()
        self.assertEqual(run.state, "done")
        self.assertEqual((run.sent_count, run.failed_count), (1, 1))
        self.assertIn("ValueError: template broken", self._comm(self.customer_b).error)

    def test_delivery_failure_comes_back_as_failed(self):
        self._invoice(self.customer, 500, 10)
        comm = self._comm(run=self._run(deliver=False))
        notification = (
            self.env["mail.notification"].sudo().search([("mail_message_id", "=", comm.mail_message_id.id)])
        )
        self.assertTrue(notification)
        notification.write(
            {
                "notification_status": "exception",
                "failure_type": "mail_smtp",
                "failure_reason": "550 No such user",
            }
        )
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Communication._cron_retry()
        self.assertEqual(comm.state, "failed")
        self.assertIn("550 No such user", comm.error)
        self.assertFalse(comm.email_done)
        self.assertTrue(comm.next_retry_date)

    def test_sms_and_call_channels(self):
        self.level_1.write({"channel_sms": True, "channel_call": True})
        self._invoice(self.customer, 500, 10)
        self.customer.phone = "+32 470 12 34 56"
        comm = self._comm(run=self._run(deliver=False))
        self.assertEqual(comm.state, "queued")
        self.assertTrue(comm.sms_done and comm.call_done and comm.email_done)
        sms = self.env["sms.sms"].sudo().search([("mail_message_id.res_id", "=", comm.case_id.id)])
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing", "queued in Odoo's SMS queue")
        self.assertEqual(comm.sms_message_id, sms.mail_message_id)
        self._deliver()
        self.assertEqual(comm.state, "sent")
        self.assertIn("/my/dunning/", sms.body)
        call = comm.case_id.activity_ids.filtered(lambda a: "Dunning call" in (a.summary or ""))
        self.assertEqual(call.activity_type_id, self.env.ref("mail.mail_activity_data_call"))

    def test_customer_reply_lands_in_the_case_and_pauses_it(self):
        self._invoice(self.customer, 500, 10)
        comm = self._comm(run=self._run())
        case = comm.case_id
        parent = comm.mail_message_id
        self.env["mail.thread"].message_process(
            "rcm.collection.case", REPLY.format(subject=parent.subject, uid=case.id, parent=parent.message_id)
        )
        reply = case.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(len(reply), 1, "the customer's reply is attached to the case")
        self.assertIn("We paid", reply.body)
        self.assertTrue(case.rcm_reply_pending)
        self.assertTrue(case._is_paused(), "the strategy pauses")
        self.assertNotIn(case, self.Case.search(self.Case._get_advance_domain(self.today)))
        self.assertTrue(case.activity_ids.filtered(lambda a: "Customer replied" in (a.summary or "")))
        self.assertNotIn(
            self.customer.id, self._candidates(self.today + timedelta(days=30)), "the dunning too"
        )
        # a collector answers the customer: collection resumes
        case.with_user(self.manager).message_post(
            body="We found your payment, thank you.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=comm.contact_id.ids,
        )
        self.assertFalse(case.rcm_reply_pending)
        self.assertFalse(case._is_paused())

    def test_email_step_needs_a_template_or_a_level(self):
        strategies = self.env["rcm.collection.strategy"].sudo()

        def create(**step):
            return strategies.create(
                {"name": "Check", "step_ids": [Command.create({"name": "Step", "trigger_days": 5, **step})]}
            )

        with self.assertRaisesRegex(ValidationError, "needs an email template"):
            create(action="email")
        with self.assertRaisesRegex(ValidationError, "only email, letter and SMS steps"):
            create(action="call", dunning_level_id=self.level_1.id)
        # the level's template serves; carrying the step out returns what it sent
        step = create(action="email", dunning_level_id=self.level_1.id).step_ids
        self._invoice(self.customer, 300, 10)
        case = self._case()
        sent = step._execute(case, today=self.today)
        self.assertEqual(sent, self._comm())
        self.assertEqual(sent.level_id, self.level_1)

    def test_strategy_steps_use_dunning_levels(self):
        strategy = (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Dunning letters",
                    "step_ids": [
                        Command.create(
                            {
                                "sequence": 1,
                                "name": "Second notice by letter",
                                "trigger_days": 5,
                                "action": "letter",
                                "dunning_level_id": self.level_2.id,
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 2,
                                "name": "Final demand by email",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 1,  # the contact policy holds it 5 days
                                "action": "email",  # no template of its own: the level's
                                "dunning_level_id": self.level_3.id,
                            }
                        ),
                    ],
                }
            )
        )
        invoice = self._invoice(self.customer, 600, 10)
        case = self._case()
        case.strategy_id = strategy
        self.Case._advance_cases(today=self.today)
        comm = self._comm()
        self.assertEqual(comm.origin, "strategy")
        self.assertEqual(comm.level_id, self.level_2)
        self.assertEqual(comm._get_channels(), ["letter"], "the step's channel only")
        self.assertTrue(comm.letter_attachment_id)
        self.assertFalse(comm.mail_message_id)
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_2)
        self.assertEqual(comm.fee_ids.kind, "fee", "the level's charges apply")
        self.Case._advance_cases(today=self.today + timedelta(days=1))
        self.assertEqual(self._comm(), comm, "not the day after: at least 5 days between contacts")
        self.Case._advance_cases(today=self.today + timedelta(days=self.company.rcm_contact_min_days))
        email = self._comm() - comm
        self.assertEqual(email.level_id, self.level_3)
        self.assertEqual(email._get_channels(), ["email"])
        self.assertEqual(email.mail_message_id.model, "rcm.collection.case")

    def test_payment_settles_the_communication(self):
        invoice = self._invoice(self.customer, 500, 10)
        comm = self._comm(run=self._run())
        self.assertFalse(comm.settled)
        self._pay(invoice)
        self.assertTrue(comm.settled)
        self.assertEqual(comm.date_settled, self.today)
