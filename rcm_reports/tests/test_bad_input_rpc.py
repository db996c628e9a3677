# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bad input over real JSON-RPC: each case is what a client could send; each must be refused with a
clear UserError / ValidationError / AccessError and leave nothing written.

``CASES`` lists them: (label, role, model, method, args, kwargs, expected exception, check). ``args``
and ``check`` are callables of the test (records are made in ``setUpClass``); ``check`` asserts the
data is as before. rcm_dunning's and rcm_disputes' own ``test_bad_input.py`` add the cases of their
flows (portal routes included).
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import RcmReportsCommon

TODAY = fields.Date.today()


def _date(days):
    return fields.Date.to_string(TODAY + timedelta(days=days))


CASES = [
    # --- collection cases: workflow fields -------------------------------------------------------------
    (
        "case state by collector",
        "collector",
        "rcm.collection.case",
        "write",
        lambda t: [[t.case.id], {"state": "resolved"}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.case.state, "promised"),
    ),
    (
        "case priority score by collector",
        "collector",
        "rcm.collection.case",
        "write",
        lambda t: [[t.case.id], {"priority_score": 100}],
        {},
        "AccessError",
        lambda t: t.assertLess(t.case.priority_score, 100),
    ),
    (
        "case closing date by collector",
        "collector",
        "rcm.collection.case",
        "write",
        lambda t: [[t.case.id], {"date_closed": _date(0)}],
        {},
        "AccessError",
        lambda t: t.assertFalse(t.case.date_closed),
    ),
    (
        "case state by manager",
        "manager",
        "rcm.collection.case",
        "write",
        lambda t: [[t.case.id], {"state": "on_hold"}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.case.state, "promised"),
    ),
    (
        "worked case deleted by manager",
        "manager",
        "rcm.collection.case",
        "unlink",
        lambda t: [[t.case.id]],
        {},
        "UserError",
        lambda t: t.assertTrue(t.case.exists()),
    ),
    (
        "case created by collector",
        "collector",
        "rcm.collection.case",
        "create",
        lambda t: [{"partner_id": t.customer_b.id}],
        {},
        "AccessError",
        lambda t: t.assertFalse(
            t.env["rcm.collection.case"].sudo().search([("partner_id", "=", t.customer_b.id)])
        ),
    ),
    # --- promises -------------------------------------------------------------------------------------
    (
        "promise state by collector",
        "collector",
        "rcm.promise",
        "write",
        lambda t: [[t.promise.id], {"state": "kept"}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.promise.state, "open"),
    ),
    (
        "promise paid amount by collector",
        "collector",
        "rcm.promise",
        "write",
        lambda t: [[t.promise.id], {"paid_amount": 400}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.promise.paid_amount, 0),
    ),
    (
        "promise taken-on date moved back",
        "collector",
        "rcm.promise",
        "write",
        lambda t: [[t.promise.id], {"date_taken": _date(-200)}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.promise.date_taken, TODAY),
    ),
    (
        "promise created as kept",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [t._promise_vals(state="kept")],
        {},
        "AccessError",
        lambda t: t._assert_promises(1),
    ),
    (
        "promise of 1e20 on 1,000 due",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [t._promise_vals(amount=1e20)],
        {},
        "ValidationError",
        lambda t: t._assert_promises(1),
    ),
    (
        "promise of a negative amount",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [t._promise_vals(amount=-50)],
        {},
        "ValidationError",
        lambda t: t._assert_promises(1),
    ),
    (
        "promise dated in the past",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [t._promise_vals(promised_date=_date(-3))],
        {},
        "ValidationError",
        lambda t: t._assert_promises(1),
    ),
    (
        "promise with negative grace days",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [t._promise_vals(grace_days=-2)],
        {},
        "ValidationError",
        lambda t: t._assert_promises(1),
    ),
    (
        "instalments not adding up",
        "collector",
        "rcm.promise",
        "create",
        lambda t: [
            t._promise_vals(amount=100, instalment_ids=[Command.create({"date": _date(3), "amount": 60})])
        ],
        {},
        "ValidationError",
        lambda t: t._assert_promises(1),
    ),
    (
        "instalment moved into the past",
        "collector",
        "rcm.promise.instalment",
        "write",
        lambda t: [[t.instalment.id], {"date": _date(-10)}],
        {},
        "ValidationError",
        lambda t: t.assertEqual(t.instalment.date, TODAY + timedelta(days=10)),
    ),
    (
        "instalment amount breaking the schedule",
        "collector",
        "rcm.promise.instalment",
        "write",
        lambda t: [[t.instalment.id], {"amount": 9999}],
        {},
        "ValidationError",
        lambda t: t.assertEqual(t.instalment.amount, 200),
    ),
    (
        "promise deleted by manager",
        "manager",
        "rcm.promise",
        "unlink",
        lambda t: [[t.promise.id]],
        {},
        "UserError",
        lambda t: t.assertTrue(t.promise.exists()),
    ),
    (
        "promise deleted by collector",
        "collector",
        "rcm.promise",
        "unlink",
        lambda t: [[t.promise.id]],
        {},
        "AccessError",
        lambda t: t.assertTrue(t.promise.exists()),
    ),
    # --- credit hold ----------------------------------------------------------------------------------
    (
        "hold lifted by writing the field (accountant)",
        "accountant",
        "res.partner",
        "write",
        lambda t: [[t.held.id], {"rcm_credit_hold": False}],
        {},
        "AccessError",
        lambda t: t.assertTrue(t.held.rcm_credit_hold),
    ),
    (
        "hold lifted by the button (accountant)",
        "accountant",
        "res.partner",
        "action_rcm_lift_credit_hold",
        lambda t: [[t.held.id]],
        {},
        "AccessError",
        lambda t: t.assertTrue(t.held.rcm_credit_hold),
    ),
    (
        "hold lifted by the button (collector)",
        "collector",
        "res.partner",
        "action_rcm_lift_credit_hold",
        lambda t: [[t.held.id]],
        {},
        "AccessError",
        lambda t: t.assertTrue(t.held.rcm_credit_hold),
    ),
    (
        "hold set without a reason",
        "admin",
        "res.partner",
        "write",
        lambda t: [[t.customer_b.id], {"rcm_credit_hold": True}],
        {},
        "ValidationError",
        lambda t: t.assertFalse(t.customer_b.rcm_credit_hold),
    ),
    (
        "negative credit limit",
        "admin",
        "res.partner",
        "write",
        lambda t: [[t.customer_b.id], {"credit_limit": -100}],
        {},
        "ValidationError",
        lambda t: t.assertEqual(t.customer_b.with_company(t.company).credit_limit, 0),
    ),
    (
        "posting for a held customer with the old bypass key",
        "collector",
        "account.move",
        "action_post",
        lambda t: [[t.held_draft.id]],
        {"context": {"rcm_credit_hold_checked": True}},
        "UserError",
        lambda t: t.assertEqual(t.held_draft.state, "draft"),
    ),
    # --- company settings -----------------------------------------------------------------------------
    (
        "negative promise grace days (company)",
        "admin",
        "res.company",
        "write",
        lambda t: [[t.company.id], {"rcm_promise_grace_days": -2}],
        {},
        "ValidationError",
        lambda t: t.assertGreaterEqual(t.company.rcm_promise_grace_days, 0),
    ),
    (
        "negative collection tolerance (company)",
        "admin",
        "res.company",
        "write",
        lambda t: [[t.company.id], {"rcm_overdue_tolerance": -5}],
        {},
        "ValidationError",
        lambda t: t.assertGreaterEqual(t.company.rcm_overdue_tolerance, 0),
    ),
    # --- backbone, exclusions, ledger changes, configuration ------------------------------------------
    (
        "risk override without a reason",
        "manager",
        "rcm.partner.receivable",
        "write",
        lambda t: [[t.row.id], {"risk_override": "critical"}],
        {},
        "ValidationError",
        lambda t: t.assertFalse(t.row.risk_override),
    ),
    (
        "backbone figures written by a manager",
        "manager",
        "rcm.partner.receivable",
        "write",
        lambda t: [[t.row.id], {"total_overdue": 0}],
        {},
        "AccessError",
        lambda t: t.assertAlmostEqual(t.row.total_overdue, 1000),
    ),
    (
        "exclusion created by a collector",
        "collector",
        "rcm.collection.exclusion",
        "create",
        lambda t: [{"move_id": t.invoice.id, "amount": 10, "reason": "other"}],
        {},
        "AccessError",
        lambda t: t.assertFalse(t.env["rcm.collection.exclusion"].sudo().search([("reason", "=", "other")])),
    ),
    (
        "strategy changed by a collector",
        "collector",
        "rcm.collection.strategy",
        "create",
        lambda t: [{"name": "Mine"}],
        {},
        "AccessError",
        lambda t: t.assertFalse(t.env["rcm.collection.strategy"].sudo().search([("name", "=", "Mine")])),
    ),
    # --- dunning markers on invoices -----------------------------------------------------------------
    (
        "dunning level of an invoice reset by an accountant",
        "accountant",
        "account.move",
        "write",
        lambda t: [[t.invoice.id], {"rcm_dunning_level_id": False, "rcm_dunning_date": False}],
        {},
        "AccessError",
        lambda t: t.assertEqual(t.invoice.rcm_dunning_date, TODAY - timedelta(days=3)),
    ),
    (
        "interest date of an invoice moved back by an accountant",
        "accountant",
        "account.move",
        "write",
        lambda t: [[t.invoice.id], {"rcm_dunning_interest_date": _date(-400)}],
        {},
        "AccessError",
        lambda t: t.assertFalse(t.invoice.rcm_dunning_interest_date),
    ),
    (
        "ledger changes retried by a collector",
        "collector",
        "rcm.ledger.change",
        "action_retry",
        lambda t: [[]],
        {},
        "AccessError",
        lambda t: None,
    ),
]


@tagged("post_install", "-at_install")
class TestBadInputRpc(RcmReportsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = [Command.set(cls.company.ids)]
        cls.accountant = new_test_user(
            cls.env,
            "rcm_bad_accountant",
            groups="account.group_account_manager,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=company,
        )
        cls.admin_user = new_test_user(
            cls.env,
            "rcm_bad_admin",
            groups="base.group_system,base.group_partner_manager,account.group_account_manager,"
            "rcm_collections.group_rcm_manager",
            company_id=cls.company.id,
            company_ids=company,
        )
        cls.invoice = cls._invoice(cls.customer, 1000, 20)
        cls.case = cls._case_of(cls.customer)
        cls.promise = (
            cls.env["rcm.promise"]
            .sudo()
            .create(
                {
                    "case_id": cls.case.id,
                    "amount": 400,
                    "promised_date": TODAY + timedelta(days=20),
                    "invoice_ids": [Command.set(cls.invoice.ids)],
                    "instalment_ids": [
                        Command.create({"date": TODAY + timedelta(days=10), "amount": 200}),
                        Command.create({"date": TODAY + timedelta(days=20), "amount": 200}),
                    ],
                }
            )
        )
        cls.instalment = cls.promise.instalment_ids.sorted("date")[0]
        cls.invoice.sudo().rcm_dunning_date = TODAY - timedelta(days=3)
        cls.held = cls.env["res.partner"].create({"name": "Held Customer", "is_company": True})
        cls.held._rcm_set_credit_hold("Legal action")
        cls.held_draft = cls._invoice(cls.held, 100, -10, post=False)
        cls.row = cls.Receivable.search(
            [("partner_id", "=", cls.customer.id), ("company_id", "=", cls.company.id)]
        )
        cls.logins = {
            "collector": cls.collector.login,
            "manager": cls.manager.login,
            "accountant": cls.accountant.login,
            "admin": cls.admin_user.login,
        }

    @classmethod
    def _case_of(cls, partner):
        return cls.Case.search([("partner_id", "=", partner.id), ("state", "!=", "resolved")])

    def _promise_vals(self, **values):
        return {
            "case_id": self.case.id,
            "amount": 100,
            "promised_date": _date(5),
            "invoice_ids": [Command.set(self.invoice.ids)],
            **values,
        }

    def _assert_promises(self, count):
        self.assertEqual(
            self.env["rcm.promise"].sudo().search_count([("partner_id", "=", self.customer.id)]), count
        )

    def test_bad_inputs_are_refused_over_json_rpc(self):
        self.assertGreaterEqual(len(CASES), 30)
        problems = []
        for label, role, model, method, args, kwargs, expected, check in CASES:
            with self.subTest(label):
                self.authenticate(self.logins[role], self.logins[role])
                try:
                    self.make_jsonrpc_request(
                        "/web/dataset/call_kw",
                        {"model": model, "method": method, "args": args(self), "kwargs": kwargs},
                    )
                    problems.append(f"{label}: accepted")
                except JsonRpcException as error:
                    if f"odoo.exceptions.{expected}" not in str(error):
                        problems.append(f"{label}: {error} instead of {expected}")
                self.env.invalidate_all()
                check(self)
        self.assertEqual(problems, [], "\n".join(problems))
