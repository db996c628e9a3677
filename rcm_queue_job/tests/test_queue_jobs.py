# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.queue_job.tests.common import trap_jobs
from odoo.addons.rcm_collections.models.rcm_partner_receivable import RcmPartnerReceivable
from odoo.addons.rcm_dunning.tests.common import RcmDunningCommon

from ..hooks import CRON_CODES, _set_cron_codes


def _no_commit(*args, **kwargs):
    return 1.0


@tagged("post_install", "-at_install")
class TestQueueJobs(RcmDunningCommon):
    """The scheduled actions split RCM's work into jobs on named channels; a job is never enqueued
    twice, and its work is idempotent (a retried or a second job does nothing twice)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Change = cls.env["rcm.ledger.change"]
        cls.Contact = cls.env["rcm.contact"].sudo()
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Queue Customer {i}", "is_company": True, "email": f"ap{i}@queue.example.com"}
                for i in range(3)
            ]
        )

    def _invoices(self, partners, post_only=False):
        """One invoice 10 days overdue per partner; with ``post_only`` the ledger changes are left
        pending (no ``_follow_ledger``)."""
        for partner in partners:
            move = self._invoice(partner, 100, 10, post=False)
            move.action_post()
            if not post_only:
                self._follow_ledger()

    def _jobs(self, trap):
        return list(trap.enqueued_jobs)

    def _methods(self, trap):
        """The methods of the enqueued jobs (``assert_jobs_count(only=)`` compares the recordsets)."""
        return sorted(job.method_name for job in trap.enqueued_jobs)

    # ------------------------------------------------------------------
    def test_scheduled_actions_dispatch_jobs_and_uninstall_restores_them(self):
        for xmlid, (_direct, dispatch) in CRON_CODES.items():
            self.assertEqual(self.env.ref(xmlid).code, dispatch, xmlid)
        _set_cron_codes(self.env, queued=False)
        for xmlid, (direct, _dispatch) in CRON_CODES.items():
            self.assertEqual(self.env.ref(xmlid).code, direct, xmlid)

    def test_cron_methods_still_work_inline(self):
        """Called directly (tests, scripts, the simulation), the crons do the work at once."""
        self._invoices(self.partners[:1], post_only=True)
        with trap_jobs() as trap, patch.object(IrCron, "_commit_progress", _no_commit):
            self.Change._cron_process()
            self.Run._cron_run()
            trap.assert_jobs_count(0)
        self.assertFalse(self.Change.search([]))
        comm = self._comm(self.partners[0])
        self.assertEqual(comm.state, "queued", comm.error)

    # ------------------------------------------------------------------
    # Nightly refresh and ledger changes: root.rcm.refresh
    # ------------------------------------------------------------------
    def test_ledger_changes_split_per_batch_of_customers(self):
        self._invoices(self.partners, post_only=True)
        with trap_jobs() as trap:
            self.assertEqual(self.Change._rcm_queue_process(batch_size=2), 2)
            trap.assert_jobs_count(2, only=self.Change._rcm_job_process)
            jobs = self._jobs(trap)
            self.assertEqual({job.channel for job in jobs}, {"root.rcm.refresh"})
            first, second = (job.args[0] for job in jobs)
            self.assertEqual([key[0] for key in first + second], self.partners.ids, "oldest first")
            jobs[0].perform()
            self.assertEqual(self.Change.search([]).partner_id, self.partners[2], "only its customers")
            self.assertTrue(self._row(self.partners[0]))
            self.assertFalse(self._row(self.partners[2]))
            # a retried job finds nothing left to do
            self.assertEqual(jobs[0].perform(), (0, 0))
            jobs[1].perform()
        self.assertFalse(self.Change.search([]))
        self.assertAlmostEqual(self._row(self.partners[2]).total_overdue, 100)

    def test_identity_keys_dedupe_the_same_batch(self):
        self._invoices(self.partners, post_only=True)
        Job = self.env["queue.job"].sudo()
        before = Job.search_count([])
        self.Change._rcm_queue_process(batch_size=2)
        self.Change._rcm_queue_process(batch_size=2)  # the interval after a trigger
        jobs = Job.search([("id", ">", 0)], order="id desc", limit=Job.search_count([]) - before)
        self.assertEqual(len(jobs), 2, "one job per batch, whatever the number of dispatches")
        self.assertEqual(set(jobs.mapped("channel")), {"root.rcm.refresh"})
        self.assertEqual(len(set(jobs.mapped("identity_key"))), 2)
        # a batch whose job has run gets a new job when its customers change again
        jobs[0].state = "done"
        self.Change._rcm_queue_process(batch_size=2)
        self.assertEqual(Job.search_count([]) - before, 3)

    def test_refresh_split_and_a_failing_batch_leaves_the_others(self):
        self._invoices(self.partners)
        self.Receivable.search([("partner_id", "in", self.partners.ids)]).unlink()
        refresh = RcmPartnerReceivable._refresh

        def broken_for_first(model, companies=None, partner_ids=None, today=None):
            if partner_ids and self.partners[0].id in partner_ids:
                raise ValueError("broken customer")
            return refresh(model, companies=companies, partner_ids=partner_ids, today=today)

        with trap_jobs() as trap:
            batches = self.Receivable._rcm_queue_refresh_all(batch_size=2)
            trap.assert_jobs_count(batches, only=self.Receivable._rcm_job_refresh)
            jobs = self._jobs(trap)
            self.assertEqual({job.channel for job in jobs}, {"root.rcm.refresh"})
            self.assertTrue(set(self.partners.ids) <= {pid for job in jobs for pid in job.args[0]})
            with patch.object(RcmPartnerReceivable, "_refresh", broken_for_first):
                for job in jobs:
                    job.perform()
        failed = next(job for job in jobs if self.partners[0].id in job.args[0])
        others = self.partners.filtered(lambda p: p.id not in failed.args[0])
        self.assertTrue(others)
        for partner in others:
            self.assertAlmostEqual(self._row(partner).total_overdue, 100)
        self.assertFalse(self._row(self.partners[0]))
        self.assertIn(self.partners[0], self.Change.search([]).partner_id, "handed to the ledger changes")
        self._follow_ledger()
        self.assertAlmostEqual(self._row(self.partners[0]).total_overdue, 100)

    # ------------------------------------------------------------------
    # Strategy engine: root.rcm.strategy
    # ------------------------------------------------------------------
    def test_strategy_split_per_batch_then_flags(self):
        self.env["rcm.collection.strategy"].sudo().create(
            {
                "name": "Queue strategy",
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Call",
                            "trigger_type": "days_overdue",
                            "trigger_days": 5,
                            "action": "call",
                            "automatic": False,
                            "sla_days": 1,
                        }
                    )
                ],
            }
        )
        self._invoices(self.partners)
        self.Receivable._refresh(partner_ids=self.partners.ids)
        cases = self.Case.search([("partner_id", "in", self.partners.ids)])
        self.assertEqual(len(cases), 3)
        self.assertTrue(all(cases.mapped("strategy_id")))
        with trap_jobs() as trap:
            self.Case._rcm_queue_advance_strategies(batch_size=2)
            self.Case._rcm_queue_advance_strategies(batch_size=2)  # run twice: nothing twice
            self.assertEqual(self._methods(trap), ["_rcm_job_advance"] * 2 + ["_rcm_job_flag_deviations"])
            self.assertEqual({job.channel for job in trap.enqueued_jobs}, {"root.rcm.strategy"})
            flag = next(job for job in trap.enqueued_jobs if job.method_name == "_rcm_job_flag_deviations")
            self.assertEqual(len(flag.depends_on), 2, "flags once every batch is done")
            advance = [job for job in trap.enqueued_jobs if job.method_name == "_rcm_job_advance"]
            trap.perform_enqueued_jobs()
            self.assertEqual(cases.mapped("step_date"), [self.today] * 3)
            activities = len(cases.activity_ids)
            self.assertEqual(activities, 3)
            for job in advance:  # retried
                job.perform()
            self.assertEqual(len(cases.activity_ids), activities, "a case moves one step a day")

    # ------------------------------------------------------------------
    # Dunning delivery: root.rcm.delivery
    # ------------------------------------------------------------------
    def _dispatch_run(self, batch_size=2):
        self.env["ir.config_parameter"].sudo().set_param("rcm_dunning.batch_size", str(batch_size))
        with patch.object(IrCron, "_commit_progress", _no_commit):
            self.Run._rcm_queue_run()
        return self.Run.search([("origin", "=", "cron"), ("company_id", "=", self.company.id)])

    def _emails(self, partners):
        return self.env["mail.message"].search_count(
            [
                ("model", "=", "rcm.collection.case"),
                ("partner_ids", "in", partners.ids),
                ("message_type", "=", "comment"),
            ]
        )

    def test_delivery_split_per_batch_and_retry_sends_nothing_twice(self):
        self._invoices(self.partners)
        with trap_jobs() as trap:
            run = self._dispatch_run(batch_size=2)
            comms = run.communication_ids
            self.assertEqual(len(comms), 3)
            self.assertEqual(set(comms.mapped("state")), {"draft"}, "created by the run, sent by the jobs")
            self.assertFalse(self.Contact.search([("partner_id", "in", self.partners.ids)]))
            self.assertEqual(self._methods(trap), ["_rcm_job_deliver"] * 2)
            jobs = self._jobs(trap)
            self.assertEqual({job.channel for job in jobs}, {"root.rcm.delivery"})
            self.assertEqual(sorted(len(job.recordset) for job in jobs), [1, 2])
            self.assertEqual(jobs[0].recordset | jobs[1].recordset, comms)
            for job in jobs:
                job.perform()
            self.assertEqual(set(comms.mapped("state")), {"queued"})
            self.assertEqual(self._emails(self.partners), 3)
            contacts = self.Contact.search([("partner_id", "in", self.partners.ids)])
            self.assertEqual(len(contacts), 3)
            # the runner retries a job (a worker died after the commit) and a second job races for
            # the same communications: nothing is sent nor recorded twice
            for job in jobs + jobs:
                self.assertEqual(job.perform(), [])
            self.assertEqual(self._emails(self.partners), 3)
            self.assertEqual(self.Contact.search([("partner_id", "in", self.partners.ids)]), contacts)
            # the scheduler calls again the same day: no new run, no new job
            self._dispatch_run(batch_size=2)
            self.assertEqual(self._methods(trap), ["_rcm_job_deliver"] * 2)
        self.assertEqual(self._emails(self.partners), 3)

    def test_delivery_goes_through_the_contact_gateway_when_it_runs(self):
        self._invoices(self.partners[:2])
        with trap_jobs() as trap:
            run = self._dispatch_run(batch_size=10)
            first, second = (
                run.communication_ids.filtered(lambda c, p=p: c.partner_id == p) for p in self.partners[:2]
            )
            # a strategy email reached the first customer after the run selected it
            self.Contact.with_context(rcm_today=run.date)._rcm_record(
                [
                    {
                        "partner_id": self.partners[0].id,
                        "company_id": self.company.id,
                        "channel": "email",
                        "origin": "strategy",
                    }
                ]
            )
            trap.perform_enqueued_jobs()
        self.assertEqual(first.state, "cancelled", "the contact policy holds it: never twice a day")
        self.assertEqual(second.state, "queued")
        self.assertEqual(self._emails(self.partners[:1]), 0)
        self.assertEqual(self._emails(self.partners[1:2]), 1)

    def test_delivery_of_a_customer_contacted_elsewhere_is_tried_again(self):
        self._invoices(self.partners[:1])
        with trap_jobs() as trap:
            run = self._dispatch_run()
            job = self._jobs(trap)[0]
            # another transaction holds the customer's contact lock right now
            with patch.object(
                type(self.Contact),
                "_rcm_try_locks",
                lambda self, partners, company: dict.fromkeys(partners.ids, False),
            ):
                self.assertEqual(job.perform(), [])
            self.assertEqual(run.communication_ids.state, "draft")
            retry = [j for j in self._jobs(trap) if j is not job]
            self.assertEqual(len(retry), 1)
            self.assertTrue(retry[0].eta)
            retry[0].perform()
        self.assertEqual(run.communication_ids.state, "queued")
        self.assertEqual(self._emails(self.partners[:1]), 1)
