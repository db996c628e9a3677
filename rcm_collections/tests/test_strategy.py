# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestStrategy(RcmCollectionsCommon):
    """The strategy engine: one step per trigger, idempotent, manual steps as activities, deviations."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("rcm_collections.mail_template_rcm_reminder_friendly")
        cls.strategy = (
            cls.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Test strategy",
                    "step_ids": [
                        Command.create(
                            {
                                "sequence": 1,
                                "name": "Reminder",
                                "trigger_type": "days_overdue",
                                "trigger_days": 5,
                                "action": "email",
                                "mail_template_id": cls.template.id,
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 2,
                                "name": "Call",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 3,
                                "action": "call",
                                "automatic": False,
                                "sla_days": 1,
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 3,
                                "name": "Hold",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 2,
                                "action": "credit_hold",
                            }
                        ),
                    ],
                }
            )
        )
        cls.step_mail, cls.step_call, cls.step_hold = cls.strategy.step_ids.sorted("sequence")

    def _advance(self, days=0):
        return self.Case._advance_cases(today=self.today + timedelta(days=days))

    def test_one_step_per_trigger_and_rerun_is_noop(self):
        self._invoice(self.customer, 1000, 3)
        case = self._case()
        self.assertEqual(case.strategy_id, self.strategy)
        self.assertFalse(self._advance(), "3 days overdue: the 5-day reminder is not due")
        self.assertFalse(case.step_id)
        advanced = self._advance(days=2)
        self.assertEqual(advanced, case)
        self.assertEqual(case.step_id, self.step_mail)
        self.assertEqual(case.state, "in_progress")
        mails = case.message_ids.filtered(
            lambda m: m.message_type == "comment" and "reminder" in (m.subject or "")
        )
        self.assertEqual(len(mails), 1, "the reminder was sent once, to the invoice contact")
        self.assertIn(self.customer.child_ids.filtered(lambda c: c.type == "invoice"), mails.partner_ids)
        # the same day again: nothing
        self.assertFalse(self._advance(days=2))
        self.assertEqual(len(case.message_ids.filtered(lambda m: m.message_type == "comment")), 1)
        # 3 days after the reminder the manual call becomes an activity for the collector
        self.assertFalse(self._advance(days=4))
        self.assertEqual(self._advance(days=5), case)
        self.assertEqual(case.step_id, self.step_call)
        activity = case.activity_ids.filtered(lambda a: a.summary == "Call")
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, self.today + timedelta(days=6))
        # then the automatic credit hold
        self.assertEqual(self._advance(days=7), case)
        self.assertTrue(self.customer.rcm_credit_hold)
        self.assertFalse(self._advance(days=30), "end of the strategy")

    def test_promised_or_disputed_invoices_pause_the_strategy(self):
        invoice = self._invoice(self.customer, 1000, 10)
        case = self._case()
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 1000, "dispute")
        self.assertEqual(case.state, "disputed")
        self.assertFalse(self._advance(), "all overdue is disputed: the strategy waits")
        self.env["rcm.collection.exclusion"].sudo()._set_exclusion(invoice, invoice, 0, "dispute")
        self.assertEqual(case.state, "in_progress", "back in the normal flow")
        self.assertEqual(self._advance(), case)

    def test_deviation_overdue_activity_escalates(self):
        self._invoice(self.customer, 1000, 10)
        case = self._case()
        case.team_id = self.team_a
        self._advance()
        self._advance(days=3)
        self.assertEqual(case.step_id, self.step_call)
        self.Case._flag_deviations(today=self.today + timedelta(days=3))
        self.assertFalse(case.deviation)
        # the call's SLA (1 day) passes
        self.Case._flag_deviations(today=self.today + timedelta(days=10))
        self.assertTrue(case.deviation)
        self.assertEqual(case.state, "escalated")
        escalation = case.activity_ids.filtered(lambda a: a.summary.startswith("Escalation"))
        self.assertEqual(escalation.user_id, self.manager, "the team leader receives the escalation")
        # flagging again does not escalate twice
        self.Case._flag_deviations(today=self.today + timedelta(days=10))
        self.assertEqual(len(case.activity_ids.filtered(lambda a: a.summary.startswith("Escalation"))), 1)

    def test_logging_a_call_completes_the_strategy_call(self):
        self._invoice(self.customer, 1000, 10)
        case = self._case()
        case.write({"team_id": self.team_a.id, "user_id": self.collector.id})
        self._advance()
        self._advance(days=3)
        self.assertTrue(case.activity_ids.filtered(lambda a: a.summary == "Call"))
        self.env["rcm.call.log"].with_user(self.collector).create(
            {"case_id": case.id, "outcome": "no_answer", "notes": "Voicemail left"}
        )
        self.assertFalse(
            case.activity_ids.filtered(lambda a: a.summary == "Call"), "the call was the work asked"
        )
        self.assertIn("Voicemail left", case.message_ids.filtered(lambda m: m.mail_activity_type_id)[:1].body)
        # the SLA of the call passes: no deviation, the collector did the work
        self.Case._flag_deviations(today=self.today + timedelta(days=10))
        self.assertFalse(case.deviation, case.deviation_reason)

    def test_unowned_work_goes_to_a_human(self):
        self._invoice(self.customer, 1000, 10)
        case = self._case()
        case.write({"team_id": False, "user_id": False})
        root = self.env.ref("base.user_root")
        cron_cases = self.Case.with_user(root)
        cron_cases._advance_cases(today=self.today)
        cron_cases._advance_cases(today=self.today + timedelta(days=3))
        activity = case.activity_ids.filtered(lambda a: a.summary == "Call")
        self.assertTrue(activity)
        self.assertNotEqual(activity.user_id, root, "never the scheduler's user")
        self.assertTrue(activity.user_id.has_group("rcm_collections.group_rcm_manager"))
        # with a collections manager set for the company, the work goes to them
        self.company.rcm_collections_manager_id = self.collector_2
        self.assertEqual(case._get_responsible_user(), self.collector_2)
        self.assertEqual(case._get_escalation_user(), self.collector_2)

    def test_strategy_follows_the_customer(self):
        self.strategy.risk_class_low = True
        tough = self.Case.env["rcm.collection.strategy"].create(
            {
                "name": "Tough",
                "sequence": 50,
                "risk_class_high": True,
                "risk_class_critical": True,
                "step_ids": [
                    Command.create(
                        {
                            "sequence": 1,
                            "name": "Firm call",
                            "trigger_type": "days_overdue",
                            "trigger_days": 1,
                            "action": "call",
                            "automatic": False,
                            "sla_days": 2,
                        }
                    ),
                    Command.create(
                        {
                            "sequence": 2,
                            "name": "Final hold",
                            "trigger_type": "days_since_previous",
                            "trigger_days": 2,
                            "action": "credit_hold",
                        }
                    ),
                ],
            }
        )
        self._invoice(self.customer, 1000, 10)
        case = self._case()
        self.assertEqual((case.strategy_id, case.risk_class), (self.strategy, "low"))
        self._advance()
        self.assertEqual(case.step_id, self.step_mail)
        # the customer turns critical: the next strategy run re-routes the case, keeping its place
        self._row().write({"risk_override": "critical", "risk_override_reason": "Insolvency filed"})
        self.Receivable._refresh(partner_ids=self.customer.ids)
        self.assertEqual(case.risk_class, "critical")
        self._advance(days=1)
        self.assertEqual(case.strategy_id, tough)
        self.assertEqual(case.step_id, tough.step_ids.sorted("sequence")[0], "one step done: at the first")
        bodies = case.message_ids.mapped("body")
        self.assertTrue(any("Strategy changed from Test strategy to Tough" in body for body in bodies))
        # the next step of the new strategy follows its own timing
        self.assertEqual(self._advance(days=3), case)
        self.assertEqual(case.step_id.name, "Final hold")

    def test_step_validation(self):
        with self.assertRaises(ValidationError):
            self.strategy.sudo().write(
                {
                    "step_ids": [
                        Command.create(
                            {
                                "name": "No days",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 0,
                                "action": "wait",
                            }
                        )
                    ]
                }
            )
        with self.assertRaises(ValidationError):
            self.strategy.sudo().write(
                {
                    "step_ids": [
                        Command.create({"name": "Mail", "trigger_type": "days_overdue", "action": "email"})
                    ]
                }
            )

    def test_strategy_criteria(self):
        vip = self.env["res.partner.category"].create({"name": "VIP"})
        vip_strategy = (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create({"name": "VIP", "sequence": 1, "partner_category_ids": [Command.set(vip.ids)]})
        )
        self.customer.category_id = vip
        self._invoice(self.customer, 100, 10)
        self._invoice(self.customer_b, 100, 10)
        self.assertEqual(self._case().strategy_id, vip_strategy)
        self.assertEqual(self._case(self.customer_b).strategy_id, self.strategy)
