# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue #11 on the dunning: money from the ledger only, real delivery states, nothing lost."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_cron import IrCron

from ..hooks import uninstall_hook
from ..models.rcm_dunning_run import LOCK_KEY
from .common import RcmDunningCommon


def _no_commit(*args, **kwargs):
    return 1.0


@tagged("post_install", "-at_install")
class TestTrust(RcmDunningCommon, HttpCase):
    def _draft_run(self, date=None):
        """A run whose communications were created but not sent (an interrupted batch)."""
        run = self.Run.create({"company_id": self.company.id, "date": date or self.today})
        with patch.object(type(self.Communication), "_send", lambda self: self.browse()):
            run.action_start()
        return run

    def test_charges_come_from_the_ledger_not_from_the_items(self):
        invoice = self._invoice(self.customer, 1000, 45)
        self._set_level(invoice, self.level_1, 20)
        self.level_2.write({"fee_fixed": 0.0, "fee_percent": 10.0})
        comm = self._comm(run=self._draft_run())
        self.assertEqual(comm.state, "draft")
        # what a client used to write on the items before sending
        comm.line_ids.sudo().write({"amount_collectible": 1_000_000.0, "date_due": "2000-01-01"})
        comm.action_send()
        self.assertEqual(comm.fee_ids.kind, "fee")
        self.assertAlmostEqual(comm.fee_ids.base_amount, 1000.0, msg="the ledger's overdue amount")
        self.assertAlmostEqual(comm.fee_invoice_id.amount_total, 100.0, msg="10 % of 1 000, not of 1 000 000")

    def test_no_charge_for_an_item_paid_before_sending(self):
        invoice = self._invoice(self.customer, 800, 45)
        other = self._invoice(self.customer, 200, 45)
        self._set_level(invoice | other, self.level_1, 20)
        comm = self._comm(run=self._draft_run())
        self._pay(invoice)
        comm.action_send()
        self.assertEqual(comm.fee_ids.move_id, other, "the paid invoice bears no charge")

    def test_stale_draft_does_not_stop_the_dunning(self):
        self._invoice(self.customer, 500, 10)
        stale = self._comm(run=self._draft_run(self.today - timedelta(days=3)))
        self.assertEqual(stale.state, "draft")
        self.assertIn(self.customer.id, self._candidates(), "a draft of an earlier day blocks nobody")
        run = self._run()
        comm = self._comm(run=run)
        self.assertEqual(comm.state, "sent")
        self.assertEqual(stale.state, "cancelled")
        self.assertTrue(stale.message_ids.filtered(lambda m: "Superseded" in (m.body or "")))

    def test_sent_means_delivered(self):
        invoice = self._invoice(self.customer, 500, 40)
        self._set_level(invoice, self.level_1, 20)
        self.levels.write({"channel_letter": False})  # second notice by email only, fee 10
        comm = self._comm(run=self._run(deliver=False))
        self.assertEqual(comm.state, "queued")
        self.assertEqual(comm.fee_ids.state, "draft", "computed and announced, not posted")
        self.assertFalse(comm.fee_invoice_id)
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1, "the level waits for the delivery")
        self.assertNotIn(self.customer.id, self._candidates(self.today + timedelta(days=1)))
        # SMTP down for a day: flagged by the hourly cron
        comm.sudo().date_queued = fields.Datetime.now() - timedelta(hours=25)
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Communication._cron_retry()
        self.assertEqual((comm.state, comm.delivery_stuck), ("queued", True))
        self.assertIn(comm, self.Communication.search([("delivery_stuck", "=", True)]))
        # the mail server takes it: sent, level applied, charges posted once
        self._deliver()
        self.assertEqual((comm.state, comm.delivery_stuck), ("sent", False))
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_2)
        self.assertEqual(comm.fee_invoice_id.state, "posted")
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Communication._cron_retry()
        self.assertEqual(len(self.Fee.search([("move_id", "=", invoice.id)])), 1)
        self.assertEqual(comm.fee_invoice_id.amount_total, 10.0)

    @mute_logger("odoo.addons.rcm_dunning.models.mail_mail")
    def test_failing_follow_up_never_breaks_the_mail_queue(self):
        invoice = self._invoice(self.customer, 500, 40)
        self._set_level(invoice, self.level_1, 20)
        self.levels.write({"channel_letter": False})
        comm = self._comm(run=self._run(deliver=False))
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", comm.mail_message_id.id)])
        self.assertTrue(mail)
        Communication = type(self.env["rcm.dunning.communication"])
        with patch.object(Communication, "_sync_delivery", side_effect=ValueError("broken extension")):
            mail.write({"state": "sent"})
            mail._postprocess_sent_message(success_pids=mail.recipient_ids, success_emails=[])
        self.assertEqual(comm.state, "queued", "left for the hourly cron")
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Communication._cron_retry()
        self.assertEqual(comm.state, "sent")

    def test_bounced_email_fails_and_posts_nothing(self):
        invoice = self._invoice(self.customer, 500, 40)
        self._set_level(invoice, self.level_1, 20)
        self.levels.write({"channel_letter": False})
        comm = self._comm(run=self._run(deliver=False))
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", comm.mail_message_id.id)])
        mail._postprocess_sent_message(
            success_pids=self.env["res.partner"],
            success_emails=[],
            failure_type="mail_bounce",
            failure_reason="550 mailbox unavailable",
        )
        self.assertEqual(comm.state, "failed", "the mail server refused it: at once, no cron needed")
        self.assertIn("550 mailbox unavailable", comm.error)
        self.assertFalse(comm.fee_invoice_id)
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1, "no level applied")
        comm.action_cancel()
        self.assertEqual(comm.fee_ids.state, "cancelled", "never delivered: its charges are cancelled")

    def test_sent_communication_is_archived_not_deleted(self):
        invoice = self._invoice(self.customer, 500, 40)
        self._set_level(invoice, self.level_1, 20)
        comm = self._comm(run=self._run())
        comm.with_user(self.manager).write({"active": False, "note": "Customer asked for paper only"})
        self.assertFalse(comm.active)
        self.assertEqual(comm.note, "Customer asked for paper only")
        self.assertEqual(comm.state, "sent")

    def test_statement_over_http(self):
        invoice = self._invoice(self.customer, 500, 10)
        url = f"/report/html/rcm_dunning.report_customer_statement/{self.customer.id}"
        new_test_user(self.env, "rcm_employee", groups="base.group_user", company_id=self.company.id)
        self.authenticate("rcm_employee", "rcm_employee")
        refused = self.url_open(url)
        self.assertNotEqual(refused.status_code, 200)
        self.assertNotIn(invoice.name, refused.text)
        self.authenticate("rcm_collector", "rcm_collector")
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(invoice.name, page.text)
        tokens = self.url_open(f"{url}?pay_links=1")
        self.assertEqual(tokens.status_code, 200)
        self.assertNotIn("o_rcm_pay_now", tokens.text, "no tokenised pay links outside the portal")

    def test_statement_of_another_company_customer(self):
        other = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        foreign = self.env["res.partner"].create({"name": "Foreign", "company_id": other.id})
        with self.assertRaises(AccessError):
            self.env["report.rcm_dunning.report_customer_statement"].with_user(
                self.collector
            )._get_report_values(foreign.ids)

    def test_uninstall_hook_removes_block_exclusions_only(self):
        invoice = self._invoice(self.customer, 500, 10)
        block = self.env["rcm.dunning.block"].create(
            {"partner_id": self.customer.id, "scope": "invoices", "move_ids": [invoice.id], "reason": "Audit"}
        )
        Exclusion = self.env["rcm.collection.exclusion"].sudo()
        self.assertTrue(Exclusion.search([("source_ref", "=", f"rcm.dunning.block,{block.id}")]))
        manual = Exclusion.create({"move_id": invoice.id, "amount": 50, "reason": "dispute"})
        uninstall_hook(self.env)
        self.assertFalse(Exclusion.search([("source_ref", "=", f"rcm.dunning.block,{block.id}")]))
        self.assertTrue(manual.exists(), "other exclusions are kept")
        self.assertEqual((invoice.state, invoice.amount_residual), ("posted", 500.0), "accounting intact")
        data = self.env["ir.model.data"].sudo()
        own_models = ["rcm.dunning.level", "rcm.dunning.policy"]
        self.assertFalse(
            data.search([("module", "=", "rcm_dunning"), ("model", "in", own_models)]),
            "no xml id left for Odoo to delete row by row (the tables are dropped)",
        )


@tagged("post_install", "-at_install")
class TestTrustConcurrency(RcmDunningCommon):
    """Outside HttpCase: a cursor of the registry is a second database session here."""

    def test_two_schedulers_at_once(self):
        self._invoice(self.customer, 500, 10)
        with self.env.registry.cursor() as other:
            # the first scheduler is processing this company (it holds the lock)
            other.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_KEY, self.company.id))
            with (
                patch.object(IrCron, "_commit_progress", _no_commit),
                patch("odoo.addons.rcm_dunning.models.rcm_dunning_run._logger") as logger,
            ):
                self.Run._cron_run()
            self.assertTrue(any("steps aside" in call.args[0] for call in logger.info.call_args_list))
            self.assertFalse(self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)]))
            self.assertFalse(self._comm())
            other.rollback()
