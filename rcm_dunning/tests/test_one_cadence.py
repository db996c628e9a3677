# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One cadence (issue #12, point 1): the strategy leads, the dunning run is the engine behind it, and
every contact goes through the contact gateway."""

from datetime import timedelta
from itertools import pairwise
from unittest.mock import patch

from odoo import Command
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestOneCadence(RcmDunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contact = cls.env["rcm.contact"].sudo()
        cls.company.write({"rcm_contact_min_days": 5, "rcm_contact_max_30d": 4})

    def _strategy(self, **step):
        values = {"sequence": 1, "name": "Reminder", "trigger_days": 1, "action": "email"}
        values.update(step)
        return (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create({"name": "One step", "step_ids": [Command.create(values)]})
        )

    def _contacts(self, partner=None):
        return self.Contact.search([("partner_id", "=", (partner or self.customer).id)], order="date, id")

    def test_strategy_step_then_run_same_day_contacts_once(self):
        self._invoice(self.customer, 500, 10)
        case = self._case()
        case.strategy_id = self._strategy(
            mail_template_id=self.env.ref("rcm_collections.mail_template_rcm_reminder_friendly").id
        )
        self.Case._advance_cases(today=self.today)
        self.assertEqual(len(self._contacts()), 1)
        self.assertIn(self.customer.id, self._candidates(), "the dunning level triggers on its own")
        self.assertEqual(
            self.Run._rcm_get_contact_reasons(self.company, self.today, list(self._candidates().values())),
            {self.customer.id: "Already contacted today"},
            "the preview tells why the run leaves the customer out",
        )
        preview = self.env["rcm.dunning.preview.wizard"]._open_for(self.company, self.today)
        line = self.env["rcm.dunning.preview.wizard"].browse(preview["res_id"]).line_ids
        self.assertEqual(line.held_reason, "Already contacted today", "the preview shows why")
        self.assertEqual(line.wizard_id.customer_count, 0, "held customers are not counted as dunned")
        run = self._run()
        self.assertFalse(self._comm(run=run), "the run does not dun a customer contacted today")
        self.assertEqual(len(self._contacts()), 1)
        # five days later the policy lets the run dun the customer
        run = self._run(self.today + timedelta(days=5))
        self.assertEqual(len(self._comm(run=run)), 1)
        contacts = self._contacts()
        self.assertEqual(contacts.mapped("origin"), ["strategy", "dunning"])
        self.assertEqual(contacts[1].res_model, "rcm.dunning.communication")

    def test_run_then_strategy_step_same_day(self):
        self._invoice(self.customer, 500, 10)
        case = self._case()
        run = self._run()
        self.assertEqual(len(self._comm(run=run)), 1)
        case.strategy_id = self._strategy(action="letter", dunning_level_id=self.level_2.id)
        self.Case._advance_cases(today=self.today)
        self.assertFalse(case.step_id, "the step waits for the policy")
        self.assertEqual(len(self._comm()), 1)
        self.Case._advance_cases(today=self.today + timedelta(days=5))
        self.assertTrue(case.step_id)
        self.assertEqual(self._contacts().mapped("origin"), ["dunning", "strategy"])

    def test_do_not_contact_blocks_run_and_steps(self):
        self._invoice(self.customer, 500, 10)
        self.customer.sudo().write({"rcm_do_not_contact": True, "rcm_do_not_contact_reason": "Lawyer"})
        run = self._run()
        self.assertFalse(self._comm(run=run))
        case = self._case()
        case.strategy_id = self._strategy(dunning_level_id=self.level_1.id)
        self.Case._advance_cases(today=self.today)
        self.assertFalse(case.step_id)
        self.assertFalse(self._contacts())

    def test_run_leaves_strategy_led_customers_to_their_strategy(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 300, 10)
        case = self._case()
        case.strategy_id = self._strategy(trigger_days=30, dunning_level_id=self.level_1.id)
        candidates = self._candidates()
        self.assertNotIn(self.customer.id, candidates, "its strategy sends the dunning levels")
        self.assertIn(self.customer_b.id, candidates)
        self.assertIn(self.customer.id, self._candidates(forced=True), "the strategy's own sending")

    def test_strategy_communications_belong_to_the_day_run(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 300, 10)
        strategy = self._strategy(action="letter", dunning_level_id=self.level_2.id)
        (self._case() | self._case(self.customer_b)).strategy_id = strategy
        self.Case._advance_cases(today=self.today)
        comms = self._comm() | self._comm(self.customer_b)
        self.assertEqual(len(comms), 2)
        run = comms.run_id
        self.assertEqual(len(run), 1)
        self.assertEqual((run.origin, run.state, run.date), ("strategy", "done", self.today))
        self.assertEqual(run.communication_count, 2)
        self.assertAlmostEqual(run.fee_total, 20.0, msg="the letters and their fees show on the run")
        contacts = self.Contact.search([("res_model", "=", "rcm.dunning.communication")])
        self.assertEqual(set(contacts.mapped("res_id")), set(comms.ids))
        self.assertEqual(set(contacts.mapped("channel")), {"letter"})
        self.assertEqual(set(contacts.mapped("origin")), {"strategy"})

    def test_shipped_cadence_timeline(self):
        standard = self.env.ref("rcm_collections.rcm_strategy_standard")
        lines = [step._rcm_timeline_label(day) for day, step in standard._get_timeline()]
        self.assertEqual(
            lines[0], "Day 1 – Email – Friendly reminder (Friendly Reminder, dunning level 1, no fee)"
        )
        self.assertEqual(lines[1], "Day 8 – Phone Call – Collection call")
        self.assertTrue(
            lines[2].startswith("Day 15 – Email – Second notice (Second Notice, dunning level 2, fee")
        )
        self.assertTrue(
            lines[3].startswith("Day 29 – Letter – Final demand letter (Final Demand, dunning level 3")
        )
        self.assertIn('name="timeline_step"', str(standard.timeline_html))
        # every shipped strategy: contacts (email, letter) through dunning levels only, far enough apart
        for xmlid in ("rcm_strategy_standard", "rcm_strategy_low_risk", "rcm_strategy_high_risk"):
            strategy = self.env.ref(f"rcm_collections.{xmlid}")
            contacts = [
                (day, step)
                for day, step in strategy._get_timeline()
                if step.action in ("email", "letter", "sms")
            ]
            self.assertTrue(contacts)
            for _day, step in contacts:
                self.assertTrue(step.dunning_level_id, f"{strategy.name}: {step.name} sends a dunning level")
            days = [day for day, _step in contacts]
            gaps = [b - a for a, b in pairwise(days)]
            self.assertTrue(all(gap >= self.company.rcm_contact_min_days for gap in gaps), (xmlid, days))

    def test_shipped_data_fresh_customer_40_days_overdue(self):
        """Fresh customers overdue 40 days on the shipped strategies, both engines run every day for
        45 days: exactly the planned contacts, letters and fees only through the dunning levels."""
        for name in ("high_risk", "low_risk", "standard"):
            self.env.ref(f"rcm_collections.rcm_strategy_{name}").sudo().active = True
        standard = self.env.ref("rcm_collections.rcm_strategy_standard")
        gentle = self.env.ref("rcm_collections.rcm_strategy_low_risk")
        fresh, firm = self.env["res.partner"].create(
            [
                {"name": "Fresh Customer", "is_company": True, "email": "ap@fresh.example.com"},
                {"name": "Standard Customer", "is_company": True, "email": "ap@standard.example.com"},
            ]
        )
        invoices = self._invoice(fresh, 1000, 40) | self._invoice(firm, 2000, 40)
        cases = self._case(fresh) | self._case(firm)
        self.assertEqual(cases[0].strategy_id, gentle, "a fresh low-risk customer: Low Risk - Gentle")
        cases[1].strategy_id = standard  # the catch-all, as for a medium-risk customer
        # (day of the contact, dunning level rank, channel): the first step at once (40 days overdue),
        # the next ones on their own timing (see the strategies' Cadence tab)
        plans = {
            fresh: [(0, 1, "email"), (20, 2, "email")],
            firm: [(0, 1, "email"), (14, 2, "email"), (28, 3, "letter")],
        }
        with patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0):
            for offset in range(46):
                today = self.today + timedelta(days=offset)
                self.Case._advance_cases(today=today, cases=cases)
                self._run(today)
        for customer, plan in plans.items():
            contacts = self._contacts(customer)
            planned_days = [day for day, _rank, _channel in plan]
            self.assertEqual([(c.date - self.today).days for c in contacts], planned_days, customer.name)
            comms = self._comm(customer).sorted("date")
            self.assertEqual(set(comms.mapped("origin")), {"strategy"}, "the dunning run never contacted it")
            sent = [
                (
                    (c.date - self.today).days,
                    c.level_id._get_rank(),
                    "letter" if c.channel_letter else "email",
                )
                for c in comms
            ]
            self.assertEqual(sent, plan)
            for comm in comms:
                self.assertEqual(bool(comm.fee_ids), comm.level_id._has_charges(), "fees by the levels only")
            self.assertEqual(set(comms.run_id.mapped("origin")), {"strategy"})
            invoice = invoices.filtered(lambda m, c=customer: m.partner_id == c)
            self.assertEqual(invoice.rcm_dunning_level_id, comms[-1].level_id)
        self.assertFalse(self.Communication.search([("origin", "=", "run")]), "no letter outside the cadence")

    def test_statement_send_goes_through_the_gateway(self):
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 300, 10)
        self.Contact._rcm_record(
            [
                {
                    "partner_id": self.customer_b.id,
                    "company_id": self.company.id,
                    "date": self.today - timedelta(days=1),
                    "channel": "email",
                    "origin": "strategy",
                }
            ]
        )
        statement = self.env["report.rcm_dunning.report_customer_statement"].with_user(self.collector)
        sent, reasons = statement._rcm_send_statements(
            self.customer | self.customer_b, self.company, self.today - timedelta(days=90), self.today
        )
        self.assertEqual(sent, self.customer)
        self.assertIn("5 days", reasons[self.customer_b.id])
        contact = self._contacts().filtered(lambda c: c.channel == "statement")
        self.assertEqual((contact.origin, contact.user_id), ("dunning", self.collector))
        message = self.env["mail.message"].browse(contact.res_id)
        self.assertEqual(message.partner_ids, self.customer.child_ids.filtered(lambda c: c.type == "invoice"))
        self.assertTrue(message.attachment_ids)
        # the same day again: already contacted
        sent, reasons = statement._rcm_send_statements(
            self.customer, self.company, self.today - timedelta(days=90), self.today
        )
        self.assertFalse(sent)
        self.assertEqual(reasons[self.customer.id], "Already contacted today")

    def test_preferred_channel_replaces_the_written_ones(self):
        """A customer who prefers letters gets the strategy's email step as a letter (the level offers
        letters); a preferred channel the level does not offer changes nothing; the run's communication
        keeps only the preferred written channel, and its call."""
        self.levels.write({"channel_email": True, "channel_letter": True, "channel_call": False})
        self.level_2.channel_call = True
        self._invoice(self.customer, 500, 10)
        self._invoice(self.customer_b, 300, 10)
        self.customer.sudo().rcm_preferred_channel = "letter"
        self.customer_b.sudo().rcm_preferred_channel = "sms"
        strategy = self._strategy(dunning_level_id=self.level_1.id)
        for partner in (self.customer, self.customer_b):
            self._case(partner).strategy_id = strategy
        self.Case._advance_cases(today=self.today)
        self.assertEqual(self._comm()._get_channels(), ["letter"], "the email step goes by letter")
        self.assertEqual(self._comm(self.customer_b)._get_channels(), ["email"], "no SMS in this level")
        values = self.env["rcm.dunning.communication"]._rcm_get_channel_values(self.customer, self.level_2)
        self.assertEqual(
            [key for key, on in values.items() if on], ["channel_letter", "channel_call"], "the call stays"
        )
        self.customer.sudo().rcm_preferred_channel = False
        values = self.env["rcm.dunning.communication"]._rcm_get_channel_values(self.customer, self.level_2)
        self.assertEqual(
            [key for key, on in values.items() if on], ["channel_letter", "channel_email", "channel_call"]
        )
