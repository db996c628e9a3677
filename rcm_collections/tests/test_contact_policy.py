# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contact gateway and the company's contact policy (issue #12, point 1)."""

from datetime import date, timedelta

import psycopg2

from odoo import SUPERUSER_ID, Command, api
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import RcmCollectionsCommon

WEDNESDAY = date(2026, 4, 15)
SATURDAY = date(2026, 4, 18)


@tagged("post_install", "-at_install")
class TestContactPolicy(RcmCollectionsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Contact = cls.env["rcm.contact"].sudo()
        cls.manager.group_ids += cls.env.ref("base.group_partner_manager")
        cls.company.write(
            {"rcm_contact_min_days": 5, "rcm_contact_max_30d": 4, "rcm_contact_skip_non_working": True}
        )

    def _record(self, day, partner=None, origin="strategy", channel="email"):
        return self.Contact._rcm_record(
            [
                {
                    "partner_id": (partner or self.customer).id,
                    "company_id": self.company.id,
                    "date": day,
                    "channel": channel,
                    "origin": origin,
                    "summary": "test",
                }
            ]
        )

    def _reason(self, day, partner=None):
        partner = partner or self.customer
        return self.Contact._rcm_check_policy(partner, self.company, day)[partner.id]

    def test_min_days_between_contacts(self):
        self.assertFalse(self._reason(WEDNESDAY))
        self._record(WEDNESDAY - timedelta(days=2))
        self.assertIn("5 days", self._reason(WEDNESDAY))
        self.assertFalse(self._reason(WEDNESDAY + timedelta(days=5)), "5 days after: allowed again")
        self.company.rcm_contact_min_days = 2
        self.assertFalse(self._reason(WEDNESDAY))
        self._record(WEDNESDAY)
        self.company.rcm_contact_min_days = 0
        self.assertEqual(self._reason(WEDNESDAY), "Already contacted today", "never twice the same day")
        # a contact (the child's) counts for its commercial entity
        child = self.customer.child_ids[0]
        self.assertEqual(
            self.Contact._rcm_check_policy(child, self.company, WEDNESDAY)[child.id], self._reason(WEDNESDAY)
        )

    def test_max_contacts_per_30_days(self):
        self.company.rcm_contact_min_days = 1
        for days in (20, 15, 10, 5):
            self._record(WEDNESDAY - timedelta(days=days))
        self.assertIn("4 contacts", self._reason(WEDNESDAY))
        self.company.rcm_contact_max_30d = 5
        self.assertFalse(self._reason(WEDNESDAY))
        self.company.rcm_contact_max_30d = 4
        self.assertFalse(self._reason(WEDNESDAY + timedelta(days=13)), "the oldest left the 30 days")

    def test_non_working_days(self):
        self.assertTrue(
            self.company.resource_calendar_id, "account brings resource: companies have a schedule"
        )
        self.assertEqual(self._reason(SATURDAY), "Non-working day")
        self.company.rcm_contact_skip_non_working = False
        self.assertFalse(self._reason(SATURDAY))
        self.company.rcm_contact_skip_non_working = True
        # a public holiday of the company's schedule
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.company.resource_calendar_id.id,
                "company_id": self.company.id,
                "date_from": "2026-04-15 00:00:00",
                "date_to": "2026-04-15 23:59:59",
            }
        )
        self.assertEqual(self._reason(WEDNESDAY), "Non-working day")
        self.assertFalse(self._reason(WEDNESDAY + timedelta(days=1)))
        # without a schedule: Saturday and Sunday
        self.company.resource_calendar_id = False
        self.assertEqual(self._reason(SATURDAY), "Non-working day")
        self.assertFalse(self._reason(WEDNESDAY))

    def test_do_not_contact_managers_only(self):
        self.customer.with_user(self.manager).write(
            {"rcm_do_not_contact": True, "rcm_do_not_contact_reason": "Insolvency administrator"}
        )
        self.assertEqual(self._reason(WEDNESDAY), "Do not contact: Insolvency administrator")
        self.customer.with_user(self.manager).rcm_do_not_contact_until = WEDNESDAY - timedelta(days=1)
        self.assertFalse(self._reason(WEDNESDAY), "the until date passed")
        self.customer.with_user(self.manager).rcm_do_not_contact = False
        with self.assertRaises(ValidationError):
            self.customer.with_user(self.manager).write(
                {"rcm_do_not_contact": True, "rcm_do_not_contact_reason": " "}
            )
        self.collector.group_ids += self.env.ref("base.group_partner_manager")
        with self.assertRaises(AccessError):
            self.customer.with_user(self.collector).write(
                {"rcm_do_not_contact": True, "rcm_do_not_contact_reason": "Asked us"}
            )
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.collector).create(
                {"name": "Silent", "rcm_do_not_contact": True, "rcm_do_not_contact_reason": "x"}
            )
        self.assertFalse(self.customer.rcm_do_not_contact)
        # collectors see the do-not-contact as a banner, managers edit it
        views = self.env["res.partner"].with_user(self.collector).get_views([(False, "form")])
        arch = views["views"]["form"]["arch"]
        self.assertIn("Do not contact:", arch)
        self.assertNotIn('<group name="rcm_do_not_contact"', arch)
        views = self.env["res.partner"].with_user(self.manager).get_views([(False, "form")])
        self.assertIn('<group name="rcm_do_not_contact"', views["views"]["form"]["arch"])

    def test_contacts_written_by_rcm_only(self):
        contact = self._record(WEDNESDAY)
        self.assertEqual(contact.with_user(self.collector).read(["channel"])[0]["channel"], "email")
        for user in (self.collector, self.manager):
            with self.assertRaises(AccessError):
                self.env["rcm.contact"].with_user(user).create(
                    {
                        "partner_id": self.customer.id,
                        "company_id": self.company.id,
                        "date": WEDNESDAY,
                        "channel": "email",
                        "origin": "manual",
                    }
                )
            with self.assertRaises(AccessError):
                contact.with_user(user).write({"summary": "changed"})
            with self.assertRaises(AccessError):
                contact.with_user(user).unlink()

    def test_preferred_collections_contact(self):
        maria = self.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        jon = self.customer.child_ids - maria
        self.assertEqual(self.customer._rcm_get_invoice_contacts()[self.customer.id], jon.id)
        self.customer.rcm_collections_contact_id = maria
        self.assertEqual(self.customer._rcm_get_invoice_contacts()[self.customer.id], maria.id)
        with self.assertRaises(ValidationError):
            self.customer.rcm_collections_contact_id = self.customer_b

    def test_invoice_contacts_of_many_customers_at_once(self):
        """What a run asks for thousands of customers at once: the active preferred contact, else the
        active invoice address, else the customer itself."""
        maria = self.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        jon = self.customer.child_ids - maria
        self.customer.rcm_collections_contact_id = maria
        maria.active = False
        both = self.customer | self.customer_b
        self.assertEqual(
            both._rcm_get_invoice_contacts(),
            {self.customer.id: jon.id, self.customer_b.id: self.customer_b.id},
            "an archived preferred contact is skipped; no invoice address: the customer",
        )
        maria.active = True
        jon.active = False
        self.assertEqual(both._rcm_get_invoice_contacts()[self.customer.id], maria.id)
        self.customer.rcm_collections_contact_id = False
        self.assertEqual(both._rcm_get_invoice_contacts()[self.customer.id], self.customer.id)
        self.assertEqual(self.env["res.partner"]._rcm_get_invoice_contacts(), {})

    def _email_strategy(self):
        template = self.env.ref("rcm_collections.mail_template_rcm_reminder_friendly")
        return (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Two emails",
                    "step_ids": [
                        Command.create(
                            {
                                "sequence": 1,
                                "name": "First",
                                "trigger_days": 1,
                                "mail_template_id": template.id,
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 2,
                                "name": "Second",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 1,
                                "mail_template_id": template.id,
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 3,
                                "name": "Call",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 1,
                                "action": "call",
                                "automatic": False,
                            }
                        ),
                    ],
                }
            )
        )

    def test_strategy_steps_wait_for_the_policy(self):
        self._invoice(self.customer, 500, 10)
        case = self._case()
        case.strategy_id = self._email_strategy()
        first, second, call = case.strategy_id.step_ids.sorted("sequence")
        monday = self.today + timedelta(days=(7 - self.today.weekday()) % 7)
        self.Case._advance_cases(today=monday)
        self.assertEqual(case.step_id, first)
        contact = self.Contact.search([("case_id", "=", case.id)])
        self.assertEqual((contact.date, contact.channel, contact.origin), (monday, "email", "strategy"))
        message = self.env["mail.message"].browse(contact.res_id)
        self.assertEqual(
            (contact.res_model, message.model, message.res_id), ("mail.message", case._name, case.id)
        )
        # the next day the second email is due, but the policy asks 5 days: the case waits before it
        for offset in (1, 2, 3, 4):
            self.Case._advance_cases(today=monday + timedelta(days=offset))
            self.assertEqual(case.step_id, first, f"day {offset}: blocked")
        # Saturday (day 5) is no working day; Monday (day 7) it goes
        self.Case._advance_cases(today=monday + timedelta(days=5))
        self.assertEqual(case.step_id, first)
        self.Case._advance_cases(today=monday + timedelta(days=7))
        self.assertEqual(case.step_id, second)
        self.assertEqual(
            self.Contact.search([("case_id", "=", case.id)]).mapped("date"),
            [monday + timedelta(days=7), monday],
        )
        # a call activity is no contact: the policy does not hold it back
        self.Case._advance_cases(today=monday + timedelta(days=8))
        self.assertEqual(case.step_id, call)
        self.assertEqual(len(self.Contact.search([("case_id", "=", case.id)])), 2)

    def test_logged_calls_are_recorded_never_blocked(self):
        self._invoice(self.customer, 500, 10)
        case = self._case()
        case.strategy_id = self._email_strategy()
        self._record(WEDNESDAY - timedelta(days=1))  # contacted yesterday: emails wait
        call = (
            self.env["rcm.call.log"]
            .with_user(self.collector)
            .create({"case_id": case.id, "outcome": "no_answer", "date": "2026-04-15 10:00:00"})
        )
        contact = self.Contact.search([("res_model", "=", "rcm.call.log"), ("res_id", "=", call.id)])
        self.assertEqual((contact.origin, contact.channel, contact.date), ("manual", "call", WEDNESDAY))
        self.assertEqual(contact.user_id, self.collector)
        # a second call the same day is recorded too (never blocked), and calls do not count
        self.env["rcm.call.log"].with_user(self.collector).create(
            {"case_id": case.id, "outcome": "reached", "date": "2026-04-15 11:00:00"}
        )
        self.assertEqual(
            self.Contact.search_count([("origin", "=", "manual"), ("partner_id", "=", self.customer.id)]), 2
        )
        self.company.rcm_contact_min_days = 1
        self.assertFalse(self._reason(WEDNESDAY), "the calls do not hold the next email back")

    def test_filter_takes_the_customer_lock(self):
        allowed, reasons = self.Contact._rcm_filter_contactable(
            self.customer | self.customer_b, self.company, WEDNESDAY
        )
        self.assertEqual(allowed, self.customer | self.customer_b)
        self.assertFalse(reasons)
        self._record(WEDNESDAY, partner=self.customer_b)
        allowed, reasons = self.Contact._rcm_filter_contactable(
            self.customer | self.customer_b, self.company, WEDNESDAY
        )
        self.assertEqual(allowed, self.customer)
        self.assertEqual(reasons, {self.customer_b.id: "Already contacted today"})


@tagged("post_install", "-at_install")
class TestConcurrentContacts(RcmCollectionsCommon):
    """Two transactions (separate cursors) contacting the same customer at the same moment."""

    def _new_env(self):
        env = api.Environment(self.registry.cursor(), SUPERUSER_ID, {})
        self.addCleanup(env.cr.close)
        return env

    def test_two_transactions_contact_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            company.rcm_contact_skip_non_working = False
            partner = env["res.partner"].create({"name": "RCM Concurrent Contact", "is_company": True})
            partner_id, company_id = partner.id, company.id
            cr.commit()

        def cleanup():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["rcm.contact"].search([("partner_id", "=", partner_id)]).unlink()
                env["res.partner"].browse(partner_id).unlink()
                env.ref("base.main_company").rcm_contact_skip_non_working = True

        self.addCleanup(cleanup)

        def attempt(env):
            env = env(context={"allowed_company_ids": [company_id]})
            partner = env["res.partner"].browse(partner_id)
            company = env["res.company"].browse(company_id)
            allowed, reasons = env["rcm.contact"]._rcm_filter_contactable(partner, company, WEDNESDAY)
            if allowed:
                env["rcm.contact"]._rcm_record(
                    [
                        {
                            "partner_id": partner_id,
                            "company_id": company_id,
                            "date": WEDNESDAY,
                            "channel": "email",
                            "origin": "strategy",
                        }
                    ]
                )
            return bool(allowed), reasons.get(partner_id)

        env1, env2 = self._new_env(), self._new_env()
        env2.cr.execute("SELECT 1")  # the second engine's snapshot is taken before the first commits
        self.assertEqual(attempt(env1), (True, None))
        self.assertEqual(attempt(env2), (False, "Being contacted by another process"))
        env1.cr.commit()
        env2.cr.commit()
        env3 = self._new_env()
        self.assertEqual(attempt(env3), (False, "Already contacted today"))
        env3.cr.rollback()
        # a snapshot older than the committed contact does not see it: recording fails, nothing twice
        env4, env5 = self._new_env(), self._new_env()
        env4.cr.execute("SELECT 1")
        with env5.cr.savepoint():
            env5["rcm.contact"]._rcm_record(
                [
                    {
                        "partner_id": partner_id,
                        "company_id": company_id,
                        "date": WEDNESDAY + timedelta(days=7),
                        "channel": "email",
                        "origin": "dunning",
                    }
                ]
            )
        env5.cr.commit()
        env4 = env4(context={"allowed_company_ids": [company_id]})
        with self.assertRaises(psycopg2.Error), mute_logger("odoo.sql_db"):
            env4["rcm.contact"]._rcm_record(
                [
                    {
                        "partner_id": partner_id,
                        "company_id": company_id,
                        "date": WEDNESDAY + timedelta(days=7),
                        "channel": "letter",
                        "origin": "strategy",
                    }
                ]
            )
            env4.flush_all()
        env4.cr.rollback()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(env["rcm.contact"].search_count([("partner_id", "=", partner_id)]), 2)


@tagged("post_install", "-at_install")
class TestContactPolicyRpc(RcmCollectionsCommon, HttpCase):
    """Over real JSON-RPC: a collector cannot set a customer's do-not-contact, nobody writes contacts."""

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_collector_cannot_set_do_not_contact(self):
        self.collector.group_ids += self.env.ref("base.group_partner_manager")
        self.authenticate(self.collector.login, self.collector.login)
        values = {"rcm_do_not_contact": True, "rcm_do_not_contact_reason": "Asked us"}
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call("res.partner", "write", [self.customer.ids, values])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self._call(
                "rcm.contact",
                "create",
                [
                    {
                        "partner_id": self.customer.id,
                        "company_id": self.company.id,
                        "date": "2026-04-15",
                        "channel": "email",
                        "origin": "manual",
                    }
                ],
            )
        # what a collector may edit on the customer stays editable
        self._call("res.partner", "write", [self.customer.ids, {"rcm_preferred_channel": "email"}])
        self.assertFalse(self.customer.rcm_do_not_contact)
        self.assertEqual(self.customer.rcm_preferred_channel, "email")
