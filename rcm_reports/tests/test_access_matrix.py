# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The access matrix of the README, walked for every role over real JSON-RPC.

``MATRIX`` is the specification: for each RCM model, the operations (r)ead, (w)rite, (c)reate and
(u)nlink each role may perform at all (model access; record rules narrow *which* records: collectors
see the cases of their teams, everyone stays in their companies, portal users see their own records).
The README's "Access matrix" table is this dictionary. The test logs in as each role, asks the server
``has_access`` for every model and operation, and reads for real (``search_read``): what the matrix
forbids must be refused by the server, what it allows must work.
"""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import RcmReportsCommon

ROLES = ("collector", "manager", "accountant", "salesperson", "portal")

#: model -> {role: operations}; a role not listed has no access at all.
MATRIX = {
    "rcm.partner.receivable": {"collector": "r", "manager": "rw"},
    "rcm.collection.exclusion": {"collector": "r", "manager": "rwcu"},
    "rcm.collection.case": {"collector": "rw", "manager": "rwcu"},
    "rcm.collection.strategy": {"collector": "r", "manager": "rwcu"},
    "rcm.collection.strategy.step": {"collector": "r", "manager": "rwcu"},
    "rcm.collection.team": {"collector": "r", "manager": "rwcu"},
    "rcm.collection.assignment.rule": {"collector": "r", "manager": "rwcu"},
    "rcm.promise": {"collector": "rwc", "manager": "rwcu"},
    "rcm.promise.instalment": {"collector": "rwcu", "manager": "rwcu"},
    "rcm.call.log": {"collector": "rwc", "manager": "rwcu"},
    "rcm.ledger.change": {"manager": "r"},
    "rcm.contact": {"collector": "r", "manager": "r"},
    "rcm.dispute": {
        "collector": "rwc",
        "manager": "rwcu",
        "accountant": "rw",
        "salesperson": "rw",
        "portal": "r",
    },
    "rcm.dispute.line": {
        "collector": "rwcu",
        "manager": "rwcu",
        "accountant": "rw",
        "salesperson": "rw",
        "portal": "r",
    },
    "rcm.dispute.reason": {
        "collector": "r",
        "manager": "rwcu",
        "accountant": "r",
        "salesperson": "r",
        "portal": "r",
    },
    "rcm.dispute.stage": {
        "collector": "r",
        "manager": "rwcu",
        "accountant": "r",
        "salesperson": "r",
        "portal": "r",
    },
    "rcm.dunning.policy": {"collector": "r", "manager": "rwcu"},
    "rcm.dunning.level": {"collector": "r", "manager": "rwcu"},
    "rcm.dunning.run": {"collector": "r", "manager": "rwcu"},
    "rcm.dunning.communication": {"collector": "rw", "manager": "rwu", "portal": "r"},
    "rcm.dunning.communication.line": {"collector": "r", "manager": "r", "portal": "r"},
    "rcm.dunning.fee": {"collector": "r", "manager": "r"},
    "rcm.dunning.block": {"collector": "rwc", "manager": "rwcu"},
    "rcm.aging.report": {"collector": "r", "manager": "r"},
    "rcm.collector.performance": {"collector": "r", "manager": "r"},
    "rcm.collection.target": {"collector": "r", "manager": "rwcu"},
    "rcm.alert": {"collector": "r", "manager": "rwu"},
    "rcm.cash.forecast": {"manager": "r"},
    "rcm.forecast.backtest": {"manager": "ru"},
}

OPERATIONS = {"r": "read", "w": "write", "c": "create", "u": "unlink"}


@tagged("post_install", "-at_install")
class TestAccessMatrix(RcmReportsCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = [Command.set(cls.company.ids)]
        cls.accountant = new_test_user(
            cls.env,
            "rcm_matrix_accountant",
            groups="account.group_account_manager",
            company_id=cls.company.id,
            company_ids=company,
        )
        sales_group = cls.env.ref("sales_team.group_sale_salesman", raise_if_not_found=False)
        cls.salesperson = new_test_user(
            cls.env,
            "rcm_matrix_salesperson",
            groups=sales_group.get_external_id()[sales_group.id] if sales_group else "base.group_user",
            company_id=cls.company.id,
            company_ids=company,
        )
        portal_partner = cls.env["res.partner"].create(
            {"name": "Matrix Portal", "parent_id": cls.customer.id}
        )
        cls.portal_user = new_test_user(
            cls.env,
            "rcm_matrix_portal",
            groups="base.group_portal",
            partner_id=portal_partner.id,
            company_id=cls.company.id,
            company_ids=company,
        )
        cls.logins = {
            "collector": cls.collector.login,
            "manager": cls.manager.login,
            "accountant": cls.accountant.login,
            "salesperson": cls.salesperson.login,
            "portal": cls.portal_user.login,
        }

    def _call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_matrix_over_json_rpc(self):
        self._invoice(self.customer, 1000, 40)
        mismatches = []
        for role in ROLES:
            self.authenticate(self.logins[role], self.logins[role])
            for model, rights in MATRIX.items():
                allowed = rights.get(role, "")
                for letter, operation in OPERATIONS.items():
                    try:
                        granted = self._call(model, "has_access", [[], operation])
                    except JsonRpcException as error:
                        granted = f"error {error}"
                    if granted is not (letter in allowed):
                        mismatches.append(f"{role} {operation} {model}: server says {granted}")
                try:
                    self._call(model, "search_read", [[]], {"fields": ["id"], "limit": 1})
                    read_ok = True
                except JsonRpcException as error:
                    read_ok = False
                    if "AccessError" not in str(error):
                        mismatches.append(f"{role} read {model}: unexpected {error}")
                if read_ok is not ("r" in allowed):
                    mismatches.append(f"{role} search_read {model}: {'allowed' if read_ok else 'refused'}")
        self.assertEqual(mismatches, [], "\n".join(mismatches))

    def test_matrix_covers_every_rcm_model(self):
        models = self.env["ir.model"].search([("model", "=like", "rcm.%"), ("transient", "=", False)])
        abstract = {name for name in models.mapped("model") if self.env[name]._abstract}
        missing = set(models.mapped("model")) - abstract - set(MATRIX)
        self.assertFalse(missing, f"models missing from the access matrix: {sorted(missing)}")

    def test_collector_sees_only_own_teams_cases(self):
        self._invoice(self.customer_b, 500, 40)
        case_b = self._case(self.customer_b)
        case_b.write({"team_id": self.team_b.id, "user_id": self.collector_2.id})
        self.authenticate(self.collector.login, self.collector.login)
        ids = [r["id"] for r in self._call("rcm.collection.case", "search_read", [[]], {"fields": ["id"]})]
        self.assertNotIn(case_b.id, ids)
        with self.assertRaises(JsonRpcException):
            self._call("rcm.collection.case", "read", [[case_b.id], ["name"]])

    def test_portal_cannot_read_internal_fields(self):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        internal = {
            "rcm.dispute": ["root_cause", "resolution_note", "approval_user_id"],
            "rcm.dunning.communication": ["error", "note", "attempt_count", "run_id"],
        }
        for model, names in internal.items():
            self._call(model, "search_read", [[]], {"fields": ["name"]})  # the customer's own records: fine
            for name in names:
                with self.subTest(model=model, field=name), self.assertRaises(JsonRpcException) as caught:
                    self._call(model, "search_read", [[]], {"fields": [name]})
                self.assertIn("AccessError", str(caught.exception))
