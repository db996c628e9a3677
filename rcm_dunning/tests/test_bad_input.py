# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input as an RPC client sends it: every call fails with a clear error and writes nothing."""

from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestBadInput(RcmDunningCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.maria = cls.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        cls.portal_user = new_test_user(
            cls.env,
            "rcm_bad_portal",
            groups="base.group_portal",
            partner_id=cls.maria.id,
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.invoice = cls._invoice(cls.customer, 500, 40)
        cls._set_level(cls.invoice, cls.level_1, 20)  # second notice: a fee of 10
        cls.invoice_b = cls._invoice(cls.customer_b, 300, 10)
        # customer: delivered with its fee invoice; customer_b: a draft the run did not send yet
        run = cls.Run.create({"company_id": cls.company.id})
        with patch.object(type(cls.Communication), "_send", lambda self: self.browse()):
            run.action_start()
        cls.draft = run.communication_ids.filtered(lambda c: c.partner_id == cls.customer_b)
        cls.sent = run.communication_ids.filtered(lambda c: c.partner_id == cls.customer)
        cls.sent._send()
        cls.fee = cls.sent.fee_ids

    def _snapshot(self, records, names):
        records.invalidate_recordset()
        return [tuple(rec[name] for name in names) for rec in records]

    # ---- communications and items over RPC --------------------------------------------------
    def test_01_collector_creates_a_communication(self):
        count = self.Communication.search_count([])
        with self.assertRaises(AccessError):
            self.Communication.with_user(self.collector).create(
                {
                    "partner_id": self.customer.id,
                    "policy_id": self.policy.id,
                    "level_id": self.level_3.id,
                    "date": self.today,
                }
            )
        self.assertEqual(self.Communication.search_count([]), count)

    def test_02_collector_creates_an_item(self):
        Line = self.env["rcm.dunning.communication.line"]
        count = Line.search_count([])
        with self.assertRaises(AccessError):
            Line.with_user(self.collector).create(
                {
                    "communication_id": self.draft.id,
                    "move_id": self.invoice_b.id,
                    "amount_collectible": 1e9,
                    "escalated": True,
                    "level_id": self.level_3.id,
                }
            )
        self.assertEqual(Line.search_count([]), count)

    def test_03_collector_writes_the_state(self):
        with self.assertRaises(AccessError):
            self.draft.with_user(self.collector).write({"state": "sent"})
        self.assertEqual(self._snapshot(self.draft, ["state"]), [("draft",)])

    def test_04_collector_writes_the_charges_invoice(self):
        with self.assertRaises(AccessError):
            self.draft.with_user(self.collector).write({"fee_invoice_id": self.invoice.id})
        self.assertFalse(self._snapshot(self.draft, ["fee_invoice_id"])[0][0])

    def test_05_collector_writes_the_dates_and_retries(self):
        before = self._snapshot(self.draft, ["date_sent", "attempt_count", "next_retry_date", "date"])
        for vals in (
            {"date_sent": "2026-01-01 00:00:00"},
            {"attempt_count": 0, "next_retry_date": False},
            {"date": "2020-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.draft.with_user(self.collector).write(vals)
        self.assertEqual(
            self._snapshot(self.draft, ["date_sent", "attempt_count", "next_retry_date", "date"]), before
        )

    def test_06_manager_writes_items_through_the_communication(self):
        line = self.draft.line_ids[:1]
        before = self._snapshot(line, ["amount_collectible"])
        with self.assertRaises(AccessError):
            self.draft.with_user(self.manager).write(
                {"line_ids": [Command.update(line.id, {"amount_collectible": 1e9})]}
            )
        self.assertEqual(self._snapshot(line, ["amount_collectible"]), before)

    def test_07_manager_writes_an_item(self):
        line = self.draft.line_ids[:1]
        before = self._snapshot(line, ["amount_collectible", "escalated", "level_id"])
        with self.assertRaises(AccessError):
            line.with_user(self.manager).write({"amount_collectible": 1e9, "level_id": self.level_3.id})
        self.assertEqual(self._snapshot(line, ["amount_collectible", "escalated", "level_id"]), before)

    def test_08_manager_creates_or_changes_a_charge(self):
        count = self.Fee.search_count([])
        with self.assertRaises(AccessError):
            self.Fee.with_user(self.manager).create(
                {
                    "communication_id": self.draft.id,
                    "move_id": self.invoice_b.id,
                    "level_id": self.level_3.id,
                    "kind": "fee",
                    "amount": 1e6,
                }
            )
        self.assertEqual(self.Fee.search_count([]), count)
        with self.assertRaises(AccessError):
            self.fee.with_user(self.manager).write({"amount": 0.01, "state": "cancelled"})
        self.assertEqual(self._snapshot(self.fee, ["amount", "state"]), [(10.0, "posted")])

    def test_09_manager_deletes_a_sent_communication_or_its_charge(self):
        with self.assertRaises(UserError):
            self.sent.with_user(self.manager).unlink()
        with self.assertRaises(UserError):
            self.fee.sudo().unlink()
        self.assertTrue(self.sent.exists() and self.fee.exists())
        self.assertEqual(self.fee.state, "posted")

    def test_10_collector_sends_to_another_customers_contact(self):
        stranger = self.env["res.partner"].create({"name": "Stranger", "parent_id": self.customer.id})
        other = self.env["res.partner"].create({"name": "Other", "email": "x@example.com"})
        with self.assertRaises(ValidationError):
            self.draft.with_user(self.collector).write({"contact_id": other.id})
        self.assertNotEqual(self._snapshot(self.draft, ["contact_id"])[0][0], other)
        with self.assertRaises(UserError):  # sent: the recipient stays
            self.sent.with_user(self.collector).write({"contact_id": stranger.id})
        self.assertNotEqual(self._snapshot(self.sent, ["contact_id"])[0][0], stranger)

    def test_11_collector_sends_a_sent_communication_again(self):
        invoices = self.Fee.search_count([("state", "=", "posted")])
        with self.assertRaises(UserError):
            self.sent.with_user(self.collector).action_send()
        with self.assertRaises(UserError):
            self.sent.with_user(self.collector).action_cancel()
        self.assertEqual(self._snapshot(self.sent, ["state"]), [("sent",)])
        self.assertEqual(self.Fee.search_count([("state", "=", "posted")]), invoices)

    # ---- configuration ---------------------------------------------------------------------
    def test_12_level_fee_percentage_150(self):
        with self.assertRaises(ValidationError):
            self.level_2.with_user(self.manager).write({"fee_percent": 150})
        self.assertEqual(self._snapshot(self.level_2, ["fee_percent"]), [(0.0,)])

    def test_13_level_fixed_fee_1e20(self):
        before = self._snapshot(self.level_2, ["fee_fixed"])
        with self.assertRaises(ValidationError):
            self.level_2.with_user(self.manager).write({"fee_fixed": 1e20})
        self.assertEqual(self._snapshot(self.level_2, ["fee_fixed"]), before)

    def test_14_two_levels_with_the_same_sequence(self):
        count = len(self.policy.level_ids)
        with self.assertRaises(ValidationError):
            self.env["rcm.dunning.level"].with_user(self.manager).create(
                {"policy_id": self.policy.id, "name": "Twin", "sequence": self.level_2.sequence}
            )
        self.policy.invalidate_recordset()
        self.assertEqual(len(self.policy.level_ids), count)
        with self.assertRaises(ValidationError):
            self.level_3.with_user(self.manager).write({"sequence": self.level_2.sequence})
        self.assertNotEqual(self._snapshot(self.level_3, ["sequence"])[0][0], self.level_2.sequence)

    def test_15_manager_writes_a_run_state(self):
        run = self.draft.run_id
        with self.assertRaises(AccessError):
            run.with_user(self.manager).write({"state": "draft"})
        with self.assertRaises(AccessError):
            self.Run.with_user(self.manager).create({"company_id": self.company.id, "state": "done"})
        self.assertEqual(self._snapshot(run, ["state"]), [("done",)])
        self.assertFalse(self.Run.search([("state", "=", "done"), ("id", "!=", run.id)]))

    def test_16_preview_wizard_of_a_foreign_company(self):
        other = self.env["res.company"].create({"name": "Not Mine Ltd"})
        Wizard = self.env["rcm.dunning.preview.wizard"]
        count = Wizard.search_count([])
        with self.assertRaises(AccessError):
            Wizard.with_user(self.collector).create({"company_id": other.id, "date": self.today})
        with self.assertRaises(AccessError):
            Wizard.with_user(self.collector)._open_for(other, self.today)
        self.assertEqual(Wizard.search_count([]), count)
        self.assertFalse(self.Run.search([("company_id", "=", other.id)]))

    def test_17_statement_of_a_customer_by_a_plain_employee(self):
        employee = new_test_user(self.env, "rcm_bad_employee", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(employee)._render_qweb_html(
                "rcm_dunning.report_customer_statement", self.customer.ids
            )

    # ---- portal routes ---------------------------------------------------------------------
    @mute_logger("odoo.http")
    def test_18_portal_impossible_dates(self):
        self.authenticate("rcm_bad_portal", "rcm_bad_portal")
        for query in (
            "date_from=2026-02-30",
            "date_to=99999-01-01",
            "date_from=0001-01-01",
            "date_from=yesterday",
            "date_from=2026-03-01&date_to=2026-01-01",
        ):
            for route in ("/my/statement", "/my/statement/pdf"):
                with self.subTest(route=route, query=query):
                    response = self.url_open(f"{route}?{query}")
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("date" if "yesterday" in query or "-30" in query else "", response.text)
