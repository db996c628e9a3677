# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestDeviations(RcmCollectionsCommon):
    """Flags that mean something: every live reason shown, cleared with its cause, acknowledged with a
    note until a new reason appears; the strategy's escalation switch obeyed for promises too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Promise = cls.env["rcm.promise"].sudo()
        cls.Strategy = cls.env["rcm.collection.strategy"].sudo()

    def _promise(self, invoices, amount, days=2, case=None):
        return self.Promise.create(
            {
                "case_id": (case or self._case()).id,
                "amount": amount,
                "promised_date": self.today + timedelta(days=days),
                "invoice_ids": [Command.set(invoices.ids)],
            }
        )

    def _flag(self, days=0):
        return self.Case._flag_deviations(today=self.today + timedelta(days=days))

    def _escalations(self, case):
        return case.activity_ids.filtered(lambda a: (a.summary or "").startswith("Escalation"))

    def _overdue_activity(self, case, days=2):
        return case.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=days),
            summary="Send the statement",
            user_id=self.collector.id,
        )

    def test_new_case_is_not_a_deviation(self):
        self._invoice(self.customer, 1000, 300)
        case = self._case()
        self.assertEqual(case.state, "new")
        for days in (0, 30, 90):
            self._flag(days)
            self.assertFalse(case.deviation, case.deviation_reason)
        self.assertEqual(case.state, "new", "never contacted, nothing missed: not escalated")
        self.assertFalse(self.Case._get_deviations(self.today + timedelta(days=90)).get(case.id))

    def test_partially_kept_promise_flags_and_clears_when_paid(self):
        invoice = self._invoice(self.customer, 1000, 20)
        self._invoice(self.customer, 400, 10)  # keeps the case open once the promise is settled
        promise = self._promise(invoice, 1000)
        self._pay(invoice, amount=300)
        promise._evaluate(today=self.today + timedelta(days=6))
        self.assertEqual(promise.state, "partially_kept")
        case = self._case()
        self._flag(6)
        self.assertTrue(case.deviation)
        self.assertIn("Promise partially kept", case.deviation_reason)
        self.assertIn("300.00", case.deviation_reason)
        self.assertIn("1,000.00", case.deviation_reason)
        self.assertEqual(case.state, "escalated", "no strategy: the default is to escalate")
        self.assertTrue(promise.escalated)
        self.assertEqual(len(self._escalations(case)), 1)
        self._flag(7)
        self.assertEqual(len(self._escalations(case)), 1, "the same cause escalates once")
        # the collector handles the escalation, the customer pays the rest: the causes are gone
        self._escalations(case).action_feedback(feedback="Called, paying today")
        self._pay(invoice)
        self._flag(8)
        self.assertEqual(case.state, "escalated")
        self.assertFalse(case.deviation, case.deviation_reason)
        self.assertFalse(case.deviation_reason)

    def test_broken_promise_clears_when_a_new_promise_is_taken(self):
        invoice = self._invoice(self.customer, 1000, 20)
        promise = self._promise(invoice, 1000, days=0)
        promise._evaluate(today=self.today + timedelta(days=4))
        self.assertEqual(promise.state, "broken")
        case = self._case()
        self._flag(4)
        self.assertIn("Broken promise", case.deviation_reason)
        new = self._promise(invoice, 1000, days=10)
        self._flag(4)
        self.assertFalse(case.deviation, "the customer promised again: the broken promise is superseded")
        new.action_cancel()
        self._flag(5)
        self.assertIn("Broken promise", case.deviation_reason, "a cancelled promise supersedes nothing")

    def _broken_promise_case(self, escalate):
        strategy = self.Strategy.create({"name": "Switch", "escalate_deviations": escalate})
        invoice = self._invoice(self.customer, 1000, 20)
        case = self._case()
        case.write({"strategy_id": strategy.id, "team_id": self.team_a.id})
        promise = self._promise(invoice, 1000, days=0, case=case)
        promise._evaluate(today=self.today + timedelta(days=4))
        self.assertEqual(promise.state, "broken")
        self._flag(4)
        self.assertTrue(case.deviation)
        self.assertIn("Broken promise", case.deviation_reason)
        return case, promise

    def test_broken_promise_escalates_when_the_strategy_says_so(self):
        case, promise = self._broken_promise_case(escalate=True)
        self.assertEqual(case.state, "escalated")
        self.assertEqual(len(self._escalations(case)), 1)
        self.assertTrue(promise.escalated)

    def test_broken_promise_does_not_escalate_when_the_strategy_says_not_to(self):
        case, promise = self._broken_promise_case(escalate=False)
        self.assertNotEqual(case.state, "escalated")
        self.assertFalse(self._escalations(case))
        self.assertFalse(promise.escalated)

    def test_all_live_reasons_are_shown_and_each_clears_with_its_cause(self):
        invoice = self._invoice(self.customer, 1000, 20)
        case = self._case()
        case.team_id = self.team_a
        activity = self._overdue_activity(case)
        promise = self._promise(invoice, 1000, days=0)
        promise._evaluate(today=self.today + timedelta(days=4))
        self._flag(4)
        self.assertIn("Overdue activities (missed SLA)", case.deviation_reason)
        self.assertIn("Broken promise", case.deviation_reason)
        self.assertEqual(
            self.Case._get_deviations(self.today + timedelta(days=4))[case.id][0],
            "Overdue activities (missed SLA)",
        )
        activity.action_feedback(feedback="Sent")
        # the escalation to-do is due today: not overdue yet
        self._flag(0)
        self.assertTrue(case.deviation)
        self.assertNotIn("Overdue activities", case.deviation_reason)
        self.assertIn("Broken promise", case.deviation_reason)

    def test_acknowledge_with_a_note_until_a_new_reason(self):
        invoice = self._invoice(self.customer, 1000, 20)
        case = self._case()
        case.write({"team_id": self.team_a.id, "user_id": self.collector.id})
        self._overdue_activity(case)
        self._flag()
        self.assertTrue(case.deviation)
        needs_attention = [("deviation", "=", True), ("deviation_acknowledged", "=", False)]
        self.assertIn(case, self.Case.search(needs_attention))
        as_collector = case.with_user(self.collector)
        action = as_collector.action_acknowledge_deviation()
        self.assertEqual(action["res_model"], "rcm.acknowledge.wizard")
        wizard = (
            self.env["rcm.acknowledge.wizard"].with_user(self.collector).with_context(**action["context"])
        )
        with self.assertRaises(UserError):
            wizard.create({}).action_confirm()
        self.assertFalse(case.deviation_acknowledged, "no note, nothing written")
        wizard.create({"note": "Customer on holiday, statement sent again"}).action_confirm()
        self.assertTrue(case.deviation, "still visible")
        self.assertTrue(case.deviation_acknowledged)
        self.assertEqual(case.deviation_ack_user_id, self.collector)
        self.assertEqual(case.deviation_ack_reason, case.deviation_reason)
        self.assertNotIn(case, self.Case.search(needs_attention))
        log = case.message_ids.filtered(lambda m: "Deviation acknowledged" in (m.body or ""))
        self.assertEqual(len(log), 1)
        self.assertIn("Customer on holiday", log.body)
        # the same reasons the next day: still acknowledged
        self._flag(1)
        self.assertTrue(case.deviation_acknowledged)
        # a new cause re-raises it
        promise = self._promise(invoice, 1000, days=0)
        promise._evaluate(today=self.today + timedelta(days=4))
        self._flag(4)
        self.assertTrue(case.deviation)
        self.assertFalse(case.deviation_acknowledged, "a new reason needs attention again")
        self.assertIn(case, self.Case.search(needs_attention))

    def test_acknowledge_needs_write_access_to_the_case(self):
        self._invoice(self.customer, 1000, 20)
        case = self._case()
        case.team_id = self.team_a
        self._overdue_activity(case)
        self._flag()
        with self.assertRaises(AccessError):
            case.with_user(self.collector_2).action_acknowledge_deviation()
        wizard = (
            self.env["rcm.acknowledge.wizard"]
            .with_user(self.collector_2)
            .create({"res_model": case._name, "res_ids": str(case.id), "note": "Not mine"})
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertFalse(case.deviation_acknowledged)
        with self.assertRaises(AccessError):
            case.with_user(self.collector).write({"deviation_acknowledged": True})
        unknown = (
            self.env["rcm.acknowledge.wizard"]
            .with_user(self.collector)
            .create({"res_model": "res.partner", "res_ids": str(self.customer.id), "note": "x"})
        )
        with self.assertRaises(UserError):
            unknown.action_confirm()
        self.assertFalse(case.deviation_acknowledged)

    def test_unflagged_case_has_nothing_to_acknowledge(self):
        self._invoice(self.customer, 1000, 20)
        with self.assertRaises(UserError):
            self._case().with_user(self.collector).action_acknowledge_deviation()


@tagged("post_install", "-at_install")
class TestDeviationTour(RcmCollectionsCommon, HttpCase):
    """In headless Chromium: a collector acknowledges a flagged case from its form."""

    def test_acknowledge_deviation_tour(self):
        self._invoice(self.customer, 1000, 20)
        case = self._case()
        case.write({"team_id": self.team_a.id, "user_id": self.collector.id})
        case.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.today - timedelta(days=2),
            summary="Send the statement",
            user_id=self.collector.id,
        )
        self.Case._flag_deviations(today=self.today)
        self.assertTrue(case.deviation)
        self.start_tour(
            f"/odoo/rcm.collection.case/{case.id}",
            "rcm_collections_acknowledge_deviation_tour",
            login="rcm_collector",
        )
        self.assertTrue(case.deviation_acknowledged)
        self.assertEqual(case.deviation_ack_user_id, self.collector)
        self.assertIn("customer on holiday", case.deviation_ack_note)
