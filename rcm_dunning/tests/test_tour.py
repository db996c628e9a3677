# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestPortalTour(RcmDunningCommon, HttpCase):
    """In headless Chromium: a portal customer opens the statement and reaches the payment step."""

    def test_portal_statement_tour(self):
        maria = self.customer.child_ids.filtered(lambda c: c.name == "Maria Keller")
        new_test_user(
            self.env,
            "rcm_portal",
            groups="base.group_portal",
            partner_id=maria.id,
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self._invoice(self.customer, 500, 10)
        self._run()
        # online payment: a test provider, and invoices payable from the portal
        self.env["ir.config_parameter"].sudo().set_param("account_payment.enable_portal_payment", True)
        method = self.env.ref("payment.payment_method_unknown")
        self.env["payment.provider"].sudo().create(
            {
                "name": "RCM Test Provider",
                "code": "none",
                "state": "test",
                "is_published": True,
                "company_id": self.company.id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        method.active = True
        self.start_tour("/my", "rcm_dunning_portal_statement_tour", login="rcm_portal")
