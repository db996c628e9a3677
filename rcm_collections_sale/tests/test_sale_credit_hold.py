# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestSaleCreditHold(TransactionCase):
    """A salesperson cannot confirm the order of a customer on credit hold; a Collections Manager can."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesperson = new_test_user(
            cls.env, login="rcm.sale.salesperson", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.manager = new_test_user(
            cls.env,
            login="rcm.sale.manager",
            groups="sales_team.group_sale_salesman_all_leads,rcm_collections.group_rcm_manager",
        )
        cls.customer = cls.env["res.partner"].create({"name": "Held Customer Ltd", "is_company": True})
        cls.contact = cls.env["res.partner"].create(
            {"name": "Buyer at Held Customer", "parent_id": cls.customer.id}
        )
        cls.other = cls.env["res.partner"].create({"name": "Good Customer Ltd", "is_company": True})
        cls.product = cls.env["product.product"].create({"name": "Widget", "list_price": 100.0})

    def _order(self, partner, user):
        return (
            self.env["sale.order"]
            .with_user(user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 2})],
                }
            )
        )

    def test_salesperson_cannot_confirm_for_held_customer(self):
        self.customer._rcm_set_credit_hold("Three months overdue")
        order = self._order(self.contact, self.salesperson)  # quotations can still be prepared
        self.assertTrue(order.rcm_credit_hold)
        self.assertEqual(order.rcm_credit_hold_reason, "Three months overdue")
        with self.assertRaisesRegex(
            UserError, "Held Customer Ltd is on credit hold \\(Three months overdue\\)"
        ):
            order.action_confirm()
        self.assertEqual(order.state, "draft", "the order stays a quotation")
        # other customers are not affected
        other_order = self._order(self.other, self.salesperson)
        other_order.action_confirm()
        self.assertEqual(other_order.state, "sale")

    def test_manager_confirms_and_lifting_releases(self):
        self.customer._rcm_set_credit_hold("Broken promises")
        order = self._order(self.customer, self.salesperson)
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")
        second = self._order(self.customer, self.salesperson)
        with self.assertRaises(UserError):
            second.action_confirm()
        self.customer._rcm_lift_credit_hold("Paid in full")
        self.assertFalse(second.rcm_credit_hold)
        second.action_confirm()
        self.assertEqual(second.state, "sale")

    def test_form_shows_the_banner(self):
        arch = self.env["sale.order"].get_view(view_type="form")["arch"]
        self.assertIn('name="rcm_credit_hold_alert"', arch)
