# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.rcm_dunning.models.rcm_dunning_run import LOCK_KEY
from odoo.addons.rcm_dunning.tools import bulk

from .common import RcmDunningCommon


def _no_commit(*args, **kwargs):
    return 1.0


@tagged("post_install", "-at_install")
class TestRun(RcmDunningCommon):
    """Runs are idempotent, resumable, exclusive, and previewable."""

    def _customers(self, count):
        partners = self.env["res.partner"].create(
            [
                {"name": f"Batch Customer {i}", "is_company": True, "email": f"ap{i}@batch.example.com"}
                for i in range(count)
            ]
        )
        for partner in partners:
            self._invoice(partner, 100, 10)
        return partners

    def _email_count(self):
        return self.env["mail.message"].search_count(
            [
                ("model", "=", "rcm.collection.case"),
                ("message_type", "=", "comment"),
                ("subtype_id.internal", "=", False),
            ]
        )

    def test_same_day_rerun_sends_nothing(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 300, 30)
        first = self._run()
        self.assertEqual(first.sent_count, 2)
        emails = self._email_count()
        self.assertEqual(emails, 2, "one email per customer, posted on its case")
        second = self._run()
        self.assertEqual(second.state, "done")
        self.assertEqual(second.communication_count, 0, "nothing twice on the same day")
        self.assertEqual(self._email_count(), emails)
        # the daily cron runs once a day, whatever the manual runs did
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run()
            self.Run._cron_run()
        cron_runs = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)])
        self.assertEqual(len(cron_runs), 1)
        self.assertEqual(cron_runs.communication_count, 0)
        self.assertEqual(self._email_count(), emails)

    def test_levels_progress_over_days(self):
        invoice = self._invoice(self.customer, 500, 10)
        self._run()
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1)
        self.assertFalse(self._candidates(self.today + timedelta(days=13)), "second notice 14 days later")
        run = self._run(self.today + timedelta(days=14))
        self.assertEqual(self._comm(run=run).level_id, self.level_2)
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_2)
        self._run(self.today + timedelta(days=28))
        self._run(self.today + timedelta(days=38))
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_4)
        later = self._candidates(self.today + timedelta(days=90))[self.customer.id]
        item = next(item for item in later["items"] if item["move_id"] == invoice.id)
        self.assertFalse(item["escalates"], "the last level is the last")
        self.assertFalse(item["next_level_id"])
        # the charges invoices are receivables too: they are dunned from the first level (no charge on them)
        fee_items = [item for item in later["items"] if item["is_fee"]]
        self.assertTrue(fee_items)
        comms = self._comm()
        self.assertEqual(comms.level_id, self.levels)
        self.assertEqual(len(comms), 4)

    def test_interrupted_run_resumes_without_duplicates(self):
        partners = self._customers(3)
        calls = []

        def interrupted(cron, processed=0, remaining=None, deactivate=False):
            calls.append((processed, remaining))
            return 0.0  # time is up after the first committed batch

        with patch.object(IrCron, "_commit_progress", interrupted):
            self.Run._cron_run(batch_size=1)
        run = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)])
        self.assertEqual(run.state, "running", "interrupted: still running")
        self.assertEqual(calls, [(1, 2)], "one customer done, two to go")
        self.assertEqual(run.communication_count, 1)
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run(batch_size=1)
            self.Run._cron_run(batch_size=1)
        self.assertEqual(run.state, "done")
        comms = self.Communication.search([("partner_id", "in", partners.ids)])
        self.assertEqual(comms.partner_id, partners)
        self.assertEqual(len(comms), 3, "each customer exactly once")
        self.assertEqual(comms.run_id, run, "resumed in the same run")
        self.assertEqual(set(comms.mapped("state")), {"queued"}, "handed to the mail queue")
        self._deliver()
        self.assertEqual(set(comms.mapped("state")), {"sent"})

    def test_crash_in_a_batch_leaves_no_half_sent_customer(self):
        partners = self._customers(2)
        original = type(self.Communication)._send_email
        calls = []

        def crash_on_second(comm):
            calls.append(comm.partner_id)
            if len(calls) == 2:
                raise KeyboardInterrupt("worker killed")
            return original(comm)

        with patch.object(IrCron, "_commit_progress", _no_commit):
            with patch.object(type(self.Communication), "_send_email", crash_on_second):
                with self.assertRaises(KeyboardInterrupt), self.env.cr.savepoint():
                    self.Run._cron_run(batch_size=1)
        # the savepoint played the crashed transaction: nothing of it remains; the cron starts over
        self.assertFalse(self.Communication.search([("partner_id", "in", partners.ids)]))
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run(batch_size=1)
        self.assertEqual(len(self.Communication.search([("partner_id", "in", partners.ids)])), 2)

    def test_concurrent_run_refused(self):
        self._invoice(self.customer, 500, 10)
        with self.env.registry.cursor() as other_cr:
            # another transaction processes this company's dunning right now
            other_cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_KEY, self.company.id))
            run = self.Run.create({"company_id": self.company.id})
            with self.assertRaisesRegex(UserError, "being processed"):
                run.action_start()
            self.assertEqual(run.state, "draft")
            with patch.object(IrCron, "_commit_progress", _no_commit):
                self.Run._cron_run()
            cron_run = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)])
            self.assertFalse(cron_run, "the scheduler steps aside, starts nothing")
            self.assertFalse(self._comm())
            other_cr.rollback()
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run()
        cron_run = self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)])
        self.assertEqual(cron_run.state, "done")
        self.assertEqual(len(self._comm()), 1)
        # one running run per company
        running = self.Run.create({"company_id": self.company.id})
        running.sudo().state = "running"
        with self.assertRaisesRegex(UserError, "still running"):
            self.Run.create({"company_id": self.company.id}).action_start()

    def test_stale_running_run_is_closed(self):
        stale = self.Run.create({"company_id": self.company.id, "date": self.today - timedelta(days=1)})
        stale.sudo().state = "running"
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run()
        self.assertEqual(stale.state, "failed")

    def test_preview_sends_nothing(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 50, 2)  # not yet
        run = self.Run.create({"company_id": self.company.id})
        action = run.action_preview()
        wizard = self.env["rcm.dunning.preview.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.line_ids.partner_id, self.customer)
        self.assertEqual(wizard.line_ids.level_id, self.level_1)
        self.assertEqual(wizard.line_ids.item_count, 1)
        self.assertAlmostEqual(wizard.amount_due, 500)
        self.assertFalse(self._comm(), "a preview sends nothing")
        self.assertEqual(run.state, "draft")
        with patch.object(IrCron, "_commit_progress", _no_commit):
            wizard.action_run()
        self.assertEqual(run.state, "done")
        self.assertEqual(self._comm().run_id, run)

    def test_big_manual_run_goes_to_background(self):
        self._customers(3)
        self.env["ir.config_parameter"].sudo().set_param("rcm_dunning.batch_size", "2")
        run = self.Run.create({"company_id": self.company.id})
        run.action_start()
        self.assertEqual(run.state, "running", "handed over to the scheduled action")
        self.assertFalse(run.communication_ids)
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._cron_run()
        self.assertEqual(run.state, "done")
        self.assertEqual(run.communication_count, 3)

    def test_demo_generate(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 700, 45)
        runs = self.Run._demo_generate(companies=self.company, history=False)
        self.assertEqual(runs.state, "done")
        self.assertEqual(runs.communication_ids.partner_id, self.customer | self.customer_b)
        # with a month of history, customers stand at different levels
        self._invoice(self.customer, 900, 40)
        history = self.Run._demo_generate(companies=self.company, today=self.today + timedelta(days=30))
        self.assertEqual(len(history), 3)
        self.assertEqual(set(history.mapped("state")), {"done"})
        self.assertIn(self.level_3, history.communication_ids.level_id)

    def test_run_writes_what_the_orm_would(self):
        """The run inserts its communications and items set-based (tools/bulk.py): what it writes is
        what the ORM computes, and the records behave as if created by ``create``."""
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer, 120.55, 20)
        self._invoice(self.customer_b, 300, 30)
        refund = self._invoice(self.customer_b, 40.1, 0, move_type="out_refund")
        case = self._case()
        case.user_id = self.collector
        run = self.Run.sudo().create({"company_id": self.company.id, "date": self.today, "state": "running"})
        with patch.object(type(self.Communication), "_send", lambda self: None):
            run._process(commit=False)
        comms = run.communication_ids
        self.assertEqual(len(comms), 2, "the run's one2many sees the inserted rows")
        self.assertEqual(len(set(comms.mapped("name"))), 2)
        self.assertTrue(all(name.startswith("DUN/") for name in comms.mapped("name")))
        stored = comms.read(["item_count", "amount_overdue", "amount_credit", "amount_due", "user_id"])
        comms.invalidate_recordset()
        comms._compute_amounts()
        comms._compute_user_id()
        for values, comm in zip(stored, comms, strict=True):
            self.assertEqual(values["item_count"], comm.item_count)
            self.assertAlmostEqual(values["amount_overdue"], comm.amount_overdue, places=2)
            self.assertAlmostEqual(values["amount_credit"], comm.amount_credit, places=2)
            self.assertAlmostEqual(values["amount_due"], comm.amount_due, places=2)
            self.assertEqual(values["user_id"] and values["user_id"][0], comm.user_id.id)
            self.assertEqual(comm.line_ids.company_id, comm.company_id)
            self.assertEqual(comm.state, "draft", "defaults applied")
        mine = comms.filtered(lambda c: c.partner_id == self.customer)
        self.assertEqual(mine.item_count, 2)
        self.assertAlmostEqual(mine.amount_due, 620.55, places=2)
        self.assertEqual(mine.user_id, self.collector, "the collector of the case")
        other = comms - mine
        self.assertAlmostEqual(other.amount_credit, 40.1, places=2)
        self.assertEqual(other.line_ids.filtered(lambda line: line.line_type == "credit").move_id, refund)

    def test_bulk_insert_falls_back_to_create(self):
        """Values that are not plain column values (e.g. relational commands added by an extension) go
        through ``create``."""
        self.assertTrue(bulk.can_insert(self.Communication, [{"name": "X", "amount_due": 1.0}]))
        self.assertFalse(bulk.can_insert(self.Communication, [{"name": "X", "fee_ids": []}]))
        self.assertFalse(bulk.can_insert(self.Communication, [{"channels": "email"}]), "not stored")
        self._invoice(self.customer, 500, 10)
        row = self._candidates()[self.customer.id]
        values = self.Communication._prepare_values_from_candidate(
            row, self.company, self.today, level=self.level_1, origin="strategy"
        )
        values["message_follower_ids"] = []
        comm = self.Communication._create_with_lines([values])
        self.assertEqual(comm.item_count, 1)
        self.assertAlmostEqual(comm.amount_due, 500, places=2)
