# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Holes of issue #11 in rcm_collections, each reproduced: access, workflow fields, bad values, the
ledger never blocked, nothing lost."""

from datetime import timedelta
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestTrust(RcmCollectionsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env,
            "rcm_plain_accountant",
            groups="account.group_account_manager,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.Change = cls.env["rcm.ledger.change"].sudo()

    def _promise(self, invoices, amount, days=5, **values):
        return (
            self.env["rcm.promise"]
            .sudo()
            .create(
                {
                    "case_id": self._case(invoices.commercial_partner_id[:1]).id,
                    "amount": amount,
                    "promised_date": self.today + timedelta(days=days),
                    "invoice_ids": [Command.set(invoices.ids)],
                    **values,
                }
            )
        )

    # ------------------------------------------------------------------
    # Credit hold
    # ------------------------------------------------------------------
    def test_credit_hold_context_key_is_no_bypass(self):
        self.customer._rcm_set_credit_hold("Six months overdue")
        draft = self._invoice(self.customer, 100, -10, post=False)
        with self.assertRaisesRegex(UserError, "credit hold"):
            draft.with_user(self.collector).with_context(rcm_credit_hold_checked=True).action_post()
        self.assertEqual(draft.state, "draft")

    def test_credit_hold_fields_and_lift_need_manager(self):
        self.customer._rcm_set_credit_hold("Six months overdue")
        for user in (self.accountant, self.collector):
            with self.assertRaises(AccessError):
                self.customer.with_user(user).write({"rcm_credit_hold": False})
            with self.assertRaises(AccessError):
                self.customer.with_user(user).action_rcm_lift_credit_hold()
            self.assertTrue(self.customer.rcm_credit_hold)
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.accountant).write(
                {"rcm_credit_hold": True, "rcm_credit_hold_reason": "x"}
            )
        self.customer.with_user(self.manager).action_rcm_lift_credit_hold()
        self.assertFalse(self.customer.rcm_credit_hold)
        # a partner form save that does not touch the hold still works for an accountant
        self.customer.with_user(self.accountant).write({"phone": "+49 2"})

    def test_credit_hold_needs_reason_and_credit_limit_positive(self):
        with self.assertRaises(ValidationError):
            self.customer.sudo().write({"rcm_credit_hold": True})
        self.assertFalse(self.customer.rcm_credit_hold)
        with self.assertRaises(ValidationError):
            self.customer.sudo().write({"credit_limit": -100})

    # ------------------------------------------------------------------
    # Workflow fields
    # ------------------------------------------------------------------
    def test_case_and_promise_workflow_fields_not_writable(self):
        invoice = self._invoice(self.customer, 1000, 20)
        case = self._case()
        for vals in ({"state": "resolved"}, {"date_closed": self.today}):
            with self.assertRaises(AccessError):
                case.with_user(self.collector).write(vals)
            with self.assertRaises(AccessError):
                case.with_user(self.manager).write(vals)
        self.assertEqual(case.state, "new")
        self.assertFalse(case.date_closed)
        promise = self._promise(invoice, 500)
        for vals in (
            {"state": "kept"},
            {"paid_amount": 500},
            {"date_taken": self.today - timedelta(days=90)},
        ):
            with self.assertRaises(AccessError):
                promise.with_user(self.collector).write(vals)
        self.assertEqual(promise.state, "open")
        with self.assertRaises(AccessError):
            self.env["rcm.promise"].with_user(self.collector).create(
                {
                    "case_id": case.id,
                    "amount": 100,
                    "promised_date": self.today + timedelta(days=3),
                    "state": "kept",
                }
            )
        # a default_<field> context key is no way around it either
        sneaky = (
            self.env["rcm.promise"]
            .with_user(self.collector)
            .with_context(default_state="kept", default_paid_amount=100)
            .create({"case_id": case.id, "amount": 100, "promised_date": self.today + timedelta(days=3)})
        )
        self.assertEqual((sneaky.state, sneaky.paid_amount), ("open", 0))
        # the buttons still work for the collector
        case.with_user(self.collector).action_put_on_hold()
        self.assertEqual(case.state, "on_hold")
        case.with_user(self.collector).action_resume()
        self.assertEqual(case.state, "in_progress")
        promise.with_user(self.collector).action_cancel()
        self.assertEqual(promise.state, "cancelled")

    # ------------------------------------------------------------------
    # Bad values cannot be saved
    # ------------------------------------------------------------------
    def test_bad_promise_values(self):
        invoice = self._invoice(self.customer, 100, 20)
        with self.assertRaises(ValidationError):
            self._promise(invoice, 1e20)
        with self.assertRaises(ValidationError):
            self._promise(invoice, 50, grace_days=-2)
        with self.assertRaises(ValidationError):
            self.company.rcm_promise_grace_days = -2
        promise = self._promise(
            invoice,
            100,
            days=20,
            instalment_ids=[
                Command.create({"date": self.today + timedelta(days=10), "amount": 50}),
                Command.create({"date": self.today + timedelta(days=20), "amount": 50}),
            ],
        )
        instalment = promise.instalment_ids[0]
        with self.assertRaises(ValidationError):
            instalment.with_user(self.collector).write({"amount": 5000})
        with self.assertRaises(ValidationError):
            instalment.with_user(self.collector).write({"date": self.today - timedelta(days=5)})
        self.assertEqual(instalment.amount, 50)
        self.assertEqual(instalment.company_id, self.company)

    def test_instalments_follow_promise_access(self):
        invoice = self._invoice(self.customer, 100, 20)
        case = self._case()
        case.team_id = self.team_b
        case.user_id = self.collector_2
        promise = self._promise(
            invoice,
            100,
            days=20,
            instalment_ids=[Command.create({"date": self.today + timedelta(days=20), "amount": 100})],
        )
        promise.user_id = self.collector_2
        Instalment = self.env["rcm.promise.instalment"]
        self.assertFalse(Instalment.with_user(self.collector).search([("promise_id", "=", promise.id)]))
        self.assertTrue(Instalment.with_user(self.collector_2).search([("promise_id", "=", promise.id)]))

    def test_strategy_steps_are_company_bound(self):
        other = self.env["res.company"].create({"name": "Other RCM Co"})
        strategy = (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Other company strategy",
                    "company_id": other.id,
                    "step_ids": [
                        Command.create(
                            {
                                "name": "Call",
                                "action": "call",
                                "trigger_type": "days_overdue",
                                "trigger_days": 5,
                            }
                        )
                    ],
                }
            )
        )
        self.assertEqual(strategy.step_ids.company_id, other)
        Step = self.env["rcm.collection.strategy.step"]
        self.assertFalse(Step.with_user(self.manager).search([("id", "in", strategy.step_ids.ids)]))

    # ------------------------------------------------------------------
    # Nothing lost
    # ------------------------------------------------------------------
    def test_promises_and_worked_cases_are_not_deleted(self):
        invoice = self._invoice(self.customer, 1000, 20)
        case = self._case()
        promise = self._promise(invoice, 400)
        self.assertTrue(self.env["rcm.collection.exclusion"].sudo().search([("move_id", "=", invoice.id)]))
        with self.assertRaises(UserError):
            promise.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            case.with_user(self.manager).unlink()
        self.assertTrue(promise.exists() and case.exists())

    def test_exclusions_go_with_their_source(self):
        invoice = self._invoice(self.customer, 1000, 20)
        promise = self._promise(invoice, 400)
        Exclusion = self.env["rcm.collection.exclusion"].sudo()
        self.assertTrue(Exclusion.search([("move_id", "=", invoice.id)]))
        # deleted outside the ORM (a cascade, an uninstalled addon): the autovacuum removes it
        self.env.flush_all()
        self.env.cr.execute(SQL("DELETE FROM rcm_promise WHERE id = %s", promise.id))
        self.env.invalidate_all()
        Exclusion._gc_orphan_exclusions()
        self.assertFalse(Exclusion.search([("move_id", "=", invoice.id)]))
        self.assertAlmostEqual(self._row().excluded_amount, 0)

    # ------------------------------------------------------------------
    # The ledger is never blocked by RCM
    # ------------------------------------------------------------------
    def test_accounting_records_changes_only(self):
        invoice = self._invoice(self.customer, 1000, 20, post=False)
        invoice.action_post()
        changes = self.Change.search([("move_id", "=", invoice.id)])
        self.assertEqual(changes.mapped("kind"), ["post"])
        self.assertEqual(changes.partner_id, self.customer)
        self.assertFalse(self._row(), "nothing of RCM was written inside the accounting transaction")
        cron = self.env.ref("rcm_collections.ir_cron_rcm_ledger_changes")
        self.assertTrue(self.env["ir.cron.trigger"].sudo().search([("cron_id", "=", cron.id)]))
        self._follow_ledger()
        self.assertAlmostEqual(self._row().total_overdue, 1000)
        self.assertFalse(self.Change.search([("move_id", "=", invoice.id)]))
        # reconciliation and unreconciliation are recorded the same way
        payment = self._pay(invoice, amount=400)
        self.assertAlmostEqual(self._row().total_overdue, 600)
        invoice.line_ids.remove_move_reconcile()
        self.assertEqual(self.Change.search([]).mapped("kind"), ["unreconcile"] * 2)
        self._follow_ledger()
        self.assertAlmostEqual(self._row().total_overdue, 1000)
        self.assertTrue(payment)

    def test_poisoned_customer_is_isolated_and_retried(self):
        invoice_a = self._invoice(self.customer, 1000, 20)
        promise = self._promise(invoice_a, 1000)
        # a record broken outside the ORM (e.g. by an old version or a script)
        self.env.flush_all()
        self.env.cr.execute(SQL("UPDATE rcm_promise SET grace_days = -3 WHERE id = %s", promise.id))
        self.env.invalidate_all()
        invoice_b = self._invoice(self.customer_b, 500, 20)
        # paying the poisoned customer's invoice posts as without RCM
        payments = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice_a.ids)
            .create({"amount": 300, "payment_difference_handling": "open"})
            ._create_payments()
        )
        self.assertEqual(payments.state, "in_process")
        self.assertEqual(invoice_a.payment_state, "partial")
        self._pay(invoice_b, amount=200)  # processes every pending change
        self.assertAlmostEqual(self._row(self.customer_b).total_overdue, 300, msg="the others are refreshed")
        failed = self.Change.search([("partner_id", "=", self.customer.id)])
        self.assertTrue(failed)
        self.assertEqual(set(failed.mapped("attempts")), {1})
        self.assertIn("Grace days", failed[0].error)
        self.assertTrue(all(failed.mapped("retry_at")))
        # repaired, it is processed at the next attempt
        self.env.cr.execute(SQL("UPDATE rcm_promise SET grace_days = 0 WHERE id = %s", promise.id))
        self.env.invalidate_all()
        failed.with_user(self.manager).action_retry()
        with self.assertRaises(AccessError):
            failed.with_user(self.collector).action_retry()
        self._follow_ledger()
        self.assertFalse(self.Change.search([("partner_id", "=", self.customer.id)]))
        self.assertAlmostEqual(self._row().total_overdue, 700)

    @mute_logger(
        "odoo.addons.rcm_collections.models.rcm_ledger_change",
        "odoo.addons.rcm_collections.models.rcm_partner_receivable",
    )
    def test_poisoned_nightly_refresh_does_not_stop_others(self):
        self._invoice(self.customer, 1000, 20)
        self._invoice(self.customer_b, 500, 20)
        self.env.flush_all()
        # a negative credit limit written outside the ORM, and figures the nightly run must restore
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET credit_limit = jsonb_build_object(%s::text, -5) WHERE id = %s",
                str(self.company.id),
                self.customer.id,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE rcm_partner_receivable SET total_overdue = 0 WHERE partner_id = ANY(%s)",
                [self.customer.id, self.customer_b.id],
            )
        )
        self.env.invalidate_all()
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.env["rcm.partner.receivable"].sudo()._cron_refresh_all(batch_size=10)
        self._follow_ledger()
        self.assertAlmostEqual(self._row(self.customer_b).total_overdue, 500, msg="the others are refreshed")
        failed = self.Change.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(set(failed.mapped("attempts")), {1}, "the failing customer is reported for a retry")
        self.assertIn("Credit limit", failed[0].error)

    @mute_logger("odoo.addons.rcm_collections.models.rcm_ledger_change")
    def test_poisoned_promise_cron_does_not_stop_others(self):
        invoice_a = self._invoice(self.customer, 1000, 20)
        invoice_b = self._invoice(self.customer_b, 500, 20)
        bad = self._promise(invoice_a, 1000, days=1)
        good = self._promise(invoice_b, 500, days=1)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE rcm_promise SET grace_days = -3, promised_date = %s WHERE id = %s", self.today, bad.id
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE rcm_promise SET grace_days = 0, promised_date = %s WHERE id = %s",
                self.today - timedelta(days=2),
                good.id,
            )
        )
        self.env.invalidate_all()
        with patch("odoo.addons.base.models.ir_cron.IrCron._commit_progress", return_value=1.0):
            self.env["rcm.promise"].sudo()._cron_evaluate_promises()
        self.assertEqual(good.state, "broken")
        self.assertEqual(bad.state, "open")
        self._follow_ledger()
        failed = self.Change.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(set(failed.mapped("attempts")), {1}, "reported in Ledger Changes")
