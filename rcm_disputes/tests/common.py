# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.rcm_collections.tests.common import RcmCollectionsCommon


class RcmDisputesCommon(RcmCollectionsCommon):
    """RCM's collections fixture plus a salesperson owning the customer, reasons and a write-off setup."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # sudo: the test user is an accountant, not a collector; rights are tested with with_user()
        cls.Dispute = cls.env["rcm.dispute"].sudo()
        cls.Exclusion = cls.env["rcm.collection.exclusion"].sudo()
        cls.reason_pricing = cls.env.ref("rcm_disputes.rcm_dispute_reason_pricing")
        cls.reason_damaged = cls.env.ref("rcm_disputes.rcm_dispute_reason_damaged")
        cls.reason_short = cls.env.ref("rcm_disputes.rcm_dispute_reason_short_payment")
        cls.writeoff_account = cls.company_data["default_account_expense"]
        cls.company.write(
            {
                "rcm_dispute_writeoff_account_id": cls.writeoff_account.id,
                "rcm_dispute_writeoff_threshold": 500.0,
                "rcm_deduction_policy": "propose",
            }
        )
        cls.salesperson = new_test_user(
            cls.env,
            "rcm_sales",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.customer.user_id = cls.salesperson

    @classmethod
    def _dispute(cls, lines, reason=None, user=None, **values):
        """A dispute raised by ``user`` (the collector by default) on ``lines``: [(invoice, amount)]."""
        return (
            cls.Dispute.with_user(user or cls.collector)
            .create(
                {
                    "partner_id": lines[0][0].commercial_partner_id.id,
                    "reason_id": (reason or cls.reason_pricing).id,
                    "line_ids": [
                        Command.create({"move_id": inv.id, "amount": amount}) for inv, amount in lines
                    ],
                    **values,
                }
            )
            .sudo()
        )

    def _excluded(self, invoice):
        return sum(
            self.Exclusion.search([("move_id", "=", invoice.id), ("reason", "=", "dispute")]).mapped("amount")
        )

    @contextmanager
    def assertRaisesText(self, exception, regex):
        """assertRaises (which rolls the failed operation back) and a check of the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)
