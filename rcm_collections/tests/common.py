# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class RcmCollectionsCommon(AccountTestInvoicingCommon):
    """A company with a chart of accounts, customers with contacts, collectors in two teams."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company = cls.company_data["company"]
        cls.company.rcm_overdue_tolerance = 1.0
        cls.Receivable = cls.env["rcm.partner.receivable"].sudo()
        cls.Case = cls.env["rcm.collection.case"].sudo()
        # Strategies shipped as data would match the test cases: archive them, tests bring their own.
        cls.env["rcm.collection.strategy"].sudo().search([]).active = False
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Northwind Logistics",
                "is_company": True,
                "email": "ap@northwind.example.com",
                "child_ids": [
                    Command.create(
                        {"name": "Maria Keller", "email": "maria@northwind.example.com", "phone": "+49 1"}
                    ),
                    Command.create(
                        {"name": "Jon Berg", "type": "invoice", "email": "billing@northwind.example.com"}
                    ),
                ],
            }
        )
        cls.customer_b = cls.env["res.partner"].create({"name": "Contoso Retail", "is_company": True})
        cls.collector = new_test_user(
            cls.env,
            "rcm_collector",
            groups="rcm_collections.group_rcm_collector,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.collector_2 = new_test_user(
            cls.env,
            "rcm_collector_2",
            groups="rcm_collections.group_rcm_collector,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.manager = new_test_user(
            cls.env,
            "rcm_manager",
            groups="rcm_collections.group_rcm_manager,account.group_account_invoice",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.team_a = (
            cls.env["rcm.collection.team"]
            .sudo()
            .create(
                {
                    "name": "Team A",
                    "leader_id": cls.manager.id,
                    "member_ids": [Command.set(cls.collector.ids)],
                }
            )
        )
        cls.team_b = (
            cls.env["rcm.collection.team"]
            .sudo()
            .create({"name": "Team B", "member_ids": [Command.set(cls.collector_2.ids)]})
        )

    @classmethod
    def _invoice(
        cls, partner, amount, days_overdue, currency=None, post=True, move_type="out_invoice", lines=1
    ):
        """A posted customer invoice of ``amount`` whose due date is ``days_overdue`` days ago."""
        due = cls.today - timedelta(days=days_overdue)
        invoice_date = min(due, cls.today) - timedelta(days=30) if days_overdue >= 0 else cls.today
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": f"Service {i}", "price_unit": amount / lines, "quantity": 1, "tax_ids": []}
                    )
                    for i in range(lines)
                ],
            }
        )
        if post:
            move.action_post()
            cls._follow_ledger()
        return move

    @classmethod
    def _follow_ledger(cls):
        """Process the recorded ledger changes now, as the triggered cron does within seconds."""
        while cls.env["rcm.ledger.change"]._rcm_process_pending(limit=1000)[0]:
            pass

    @classmethod
    def _pay(cls, invoices, amount=None, date=None, **kwargs):
        """Register a payment through Odoo's wizard (partial when ``amount`` is below the residual)."""
        values = {"payment_date": date or cls.today}
        if amount is not None:
            values.update(amount=amount, payment_difference_handling="open")
        values.update(kwargs)
        payments = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"group_payment": True, **values})
            ._create_payments()
        )
        cls._follow_ledger()
        return payments

    def _row(self, partner=None):
        return self.Receivable.search(
            [("partner_id", "=", (partner or self.customer).id), ("company_id", "=", self.company.id)]
        )

    def _case(self, partner=None, open_only=True):
        domain = [("partner_id", "=", (partner or self.customer).id), ("company_id", "=", self.company.id)]
        if open_only:
            domain.append(("state", "!=", "resolved"))
        return self.Case.search(domain)
