# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import RcmDisputesCommon


@tagged("post_install", "-at_install")
class TestDispute(RcmDisputesCommon):
    """Raising disputes: defaults, validation, the effect on collections, the SLA and security."""

    def test_defaults_followers_and_exclusion(self):
        invoice = self._invoice(self.customer, 1000, 40)
        invoice.invoice_user_id = self.salesperson
        dispute = self._dispute([(invoice, 400)], reason=self.reason_damaged, customer_ref="CLM-1")
        self.assertTrue(dispute.name.startswith("DSP/"))
        self.assertEqual(dispute.kind, "dispute")
        self.assertEqual(dispute.state, "new")
        self.assertEqual(dispute.owner_id, self.salesperson, "the salesperson of the invoice owns it")
        self.assertEqual(dispute.date_due, self.today + timedelta(days=self.reason_damaged.sla_days))
        self.assertEqual(dispute.amount_disputed, 400)
        self.assertIn(self.salesperson.partner_id, dispute.message_partner_ids)
        self.assertEqual(dispute.activity_ids.user_id, self.salesperson, "the owner has a to-do")
        self.assertEqual(self._excluded(invoice), 400)
        self.assertEqual(invoice.rcm_disputed_amount, 400)
        self.assertEqual(invoice.rcm_dispute_count, 1)
        self.assertEqual(dispute.case_id, self._case())

    def test_owner_falls_back_to_customer_salesperson_and_task_force(self):
        invoice = self._invoice(self.customer, 1000, 10)
        invoice.invoice_user_id = False
        self.customer.sudo().rcm_dispute_task_force_ids = self.collector_2 | self.manager
        dispute = self._dispute([(invoice, 100)])
        self.assertEqual(dispute.owner_id, self.salesperson)
        self.assertEqual(dispute.task_force_ids, self.collector_2 | self.manager)
        self.assertLessEqual(
            (self.collector_2 | self.manager).partner_id,
            dispute.message_partner_ids,
            "the task force follows",
        )

    def test_amount_above_residual_rejected(self):
        invoice = self._invoice(self.customer, 1000, 10)
        with self.assertRaisesText(ValidationError, "exceeds what is still open"):
            self._dispute([(invoice, 1000.01)])
        self._dispute([(invoice, 600)])
        with self.assertRaisesText(ValidationError, "open disputes on invoice .* claim"):
            self._dispute([(invoice, 500)])
        self._pay(invoice, 700)
        self.assertAlmostEqual(invoice.amount_residual, 300)
        with self.assertRaisesText(ValidationError, r"claim \$\s901\.00, more than .* \(\$\s300\.00\)"):
            self._dispute([(invoice, 301)])

    def test_bad_inputs_raise_clear_errors_and_write_nothing(self):
        invoice = self._invoice(self.customer, 1000, 10)
        other = self._invoice(self.customer_b, 500, 10)
        paid = self._invoice(self.customer, 200, 10)
        self._pay(paid)
        draft = self._invoice(self.customer, 300, 10, post=False)
        refund = self._invoice(self.customer, 50, 10, move_type="out_refund")
        disputes, exclusions = self.Dispute.search_count([]), self.Exclusion.search_count([])
        cases = [
            ([(invoice, 0)], "must be positive"),
            ([(invoice, -10)], "must be positive"),
            ([(invoice, 100), (other, 100)], "is billed to Contoso Retail, not to Northwind Logistics"),
            ([(invoice, 100), (paid, 50)], "already paid or closed"),
            ([(draft, 100)], "Only posted customer invoices"),
            ([(refund, 10)], "Only posted customer invoices"),
        ]
        for lines, message in cases:
            with self.subTest(message=message), self.assertRaisesText(ValidationError, message):
                self._dispute(lines)
        with self.assertRaisesText(ValidationError, "at least one invoice"):
            self.Dispute.with_user(self.collector).create(
                {"partner_id": self.customer.id, "reason_id": self.reason_pricing.id}
            )
        self.assertEqual(self.Dispute.search_count([]), disputes, "no dispute was left behind")
        self.assertEqual(self.Exclusion.search_count([]), exclusions, "nothing was excluded from collection")
        self.assertFalse(invoice.rcm_disputed_amount)

    def test_disputed_amount_leaves_case_overdue_until_closed(self):
        disputed = self._invoice(self.customer, 1000, 40)
        self._invoice(self.customer, 500, 20)
        case = self._case()
        self.assertEqual((case.total_overdue, case.collectible_overdue), (1500, 1500))
        dispute = self._dispute([(disputed, 1000)])
        self.assertEqual(case.amount_disputed, 1000)
        self.assertEqual(case.collectible_overdue, 500, "the disputed amount is out of the overdue figure")
        self.assertEqual(case.total_overdue, 1500)
        self.assertEqual(self._row().excluded_amount, 1000, "the customer 360 view shows it")
        self.assertEqual(disputed.rcm_exclusion_reasons, "Dispute", "the invoice shows it")
        self.assertIn(dispute, case.rcm_dispute_ids)
        self.assertEqual(case.rcm_dispute_count, 1)
        self.assertIn(dispute, self._row().rcm_dispute_ids)
        dispute._rcm_decide("reject", "Goods delivered as ordered")
        self.assertEqual(dispute.state, "rejected")
        self.assertEqual(dispute.resolution, "rejected")
        self.assertEqual(case.amount_disputed, 0)
        self.assertEqual(case.collectible_overdue, 1500, "back in the collection flow")
        self.assertFalse(self._excluded(disputed))
        self.assertEqual(case.rcm_dispute_count, 0)
        self.assertIn("Goods delivered as ordered", dispute.message_ids[0].body)

    def test_fully_disputed_case_is_disputed(self):
        invoice = self._invoice(self.customer, 1000, 40)
        case = self._case()
        dispute = self._dispute([(invoice, 1000)])
        self.assertEqual(case.state, "disputed")
        self.assertTrue(case._is_paused())
        dispute._rcm_decide("reject", "Not founded")
        self.assertEqual(case.state, "in_progress")
        self.assertFalse(case._is_paused())

    def _strategy(self):
        return (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Test strategy",
                    "step_ids": [
                        Command.create(
                            {
                                "sequence": 1,
                                "name": "First",
                                "trigger_type": "days_overdue",
                                "trigger_days": 5,
                                "action": "wait",
                            }
                        ),
                        Command.create(
                            {
                                "sequence": 2,
                                "name": "Second",
                                "trigger_type": "days_since_previous",
                                "trigger_days": 3,
                                "action": "wait",
                            }
                        ),
                    ],
                }
            )
        )

    def test_strategy_pauses_for_disputed_invoices_and_resumes_at_the_right_step(self):
        strategy = self._strategy()
        first, second = strategy.step_ids.sorted("sequence")
        invoice = self._invoice(self.customer, 1000, 10)
        case = self._case()
        self.assertEqual(case.strategy_id, strategy)
        self.assertEqual(self.Case._advance_cases(today=self.today), case)
        self.assertEqual(case.step_id, first)
        dispute = self._dispute([(invoice, 1000)])
        later = self.today + timedelta(days=5)
        self.assertFalse(self.Case._advance_cases(today=later), "the strategy waits while disputed")
        self.assertEqual(case.step_id, first)
        dispute._rcm_decide("reject", "Not founded")
        self.assertEqual(self.Case._advance_cases(today=later), case)
        self.assertEqual(case.step_id, second, "it goes on from where it stopped, not from the start")

    def test_strategy_ignores_disputed_invoice_but_chases_the_others(self):
        self._strategy()
        disputed = self._invoice(self.customer, 1000, 40)
        self._invoice(self.customer, 300, 3)
        case = self._case()
        self._dispute([(disputed, 1000)])
        self.assertEqual(case.oldest_due_date, self.today - timedelta(days=3))
        self.assertFalse(self.Case._advance_cases(today=self.today), "the 40-day invoice does not count")
        self.assertEqual(self.Case._advance_cases(today=self.today + timedelta(days=2)), case)

    def test_raise_from_invoice_and_case(self):
        invoice = self._invoice(self.customer, 1000, 10)
        action = invoice.with_user(self.collector).action_rcm_raise_dispute()
        with Form(self.Dispute.with_user(self.collector).with_context(action["context"])) as form:
            form.reason_id = self.reason_pricing
            form.description = "Price list of 2025 applies"
        dispute = form.record
        self.assertEqual(dispute.partner_id, self.customer)
        self.assertEqual(dispute.line_ids.move_id, invoice)
        self.assertEqual(dispute.amount_disputed, 1000, "the open amount of the invoice by default")
        case = self._case()
        action = case.with_user(self.collector).action_rcm_raise_dispute()
        other = self._invoice(self.customer, 200, 5)
        with Form(self.Dispute.with_user(self.collector).with_context(action["context"])) as form:
            form.reason_id = self.reason_damaged
            with form.line_ids.new() as line:
                line.move_id = other
                line.amount = 150
        self.assertEqual(form.record.partner_id, self.customer)
        self.assertEqual(form.record.amount_disputed, 150)
        self.assertEqual(case.rcm_dispute_count, 2)

    def test_stages_move_by_hand_only_while_working(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 100)])
        investigating = self.env.ref("rcm_disputes.rcm_dispute_stage_investigating")
        dispute.with_user(self.collector).stage_id = investigating
        self.assertEqual(dispute.state, "open")
        with self.assertRaisesText(UserError, "by hand"):
            dispute.with_user(self.collector).stage_id = self.env.ref(
                "rcm_disputes.rcm_dispute_stage_resolved"
            )
        # a custom working stage is allowed
        waiting = (
            self.env["rcm.dispute.stage"].sudo().create({"name": "Waiting for customer", "state": "open"})
        )
        dispute.stage_id = waiting
        self.assertEqual(self._excluded(invoice), 100, "still out of collection")
        self.assertEqual(
            self.Dispute.with_context(default_kind="deduction")
            ._read_group_stage_ids(self.env["rcm.dispute.stage"], [])
            .mapped("state")[:1],
            ["draft"],
            "the kanban of deductions starts with To Review",
        )

    def test_closed_dispute_is_frozen(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 100)])
        dispute._rcm_decide("reject", "No")
        with self.assertRaisesText(UserError, "is closed"):
            dispute.line_ids.amount = 50
        with self.assertRaisesText(UserError, "cannot reject"):
            dispute._rcm_decide("reject", "again")
        invoice.button_draft()
        self.assertEqual(invoice.state, "draft", "a closed dispute does not hold the invoice")
        invoice.action_post()
        dispute.with_user(self.collector).action_reopen()
        self.assertEqual(dispute.state, "open")
        self.assertEqual(self._excluded(invoice), 100, "excluded again")
        with self.assertRaisesText(UserError, "is under dispute"):
            invoice.button_draft()

    def test_sla_cron_flags_once_and_clears(self):
        invoice = self._invoice(self.customer, 1000, 10)
        invoice.invoice_user_id = self.salesperson
        dispute = self._dispute([(invoice, 100)])
        dispute.date_due = self.today - timedelta(days=1)
        self.assertEqual(self.Dispute._cron_check_sla(), dispute)
        self.assertTrue(dispute.sla_overdue)
        sla_type = self.env.ref("rcm_disputes.mail_activity_type_rcm_dispute_sla")
        sla = dispute.activity_ids.filtered(lambda a: a.activity_type_id == sla_type)
        self.assertEqual(len(sla), 1)
        self.assertEqual(sla.user_id, self.salesperson)
        self.assertFalse(self.Dispute._cron_check_sla(), "a second run does nothing")
        self.assertEqual(len(dispute.activity_ids.filtered(lambda a: a.activity_type_id == sla_type)), 1)
        dispute.date_due = self.today + timedelta(days=3)
        self.Dispute._cron_check_sla()
        self.assertFalse(dispute.sla_overdue, "postponed: no longer overdue")

    def test_security_owner_salesperson_and_companies(self):
        invoice = self._invoice(self.customer, 1000, 10)
        invoice.invoice_user_id = self.salesperson
        mine = self._dispute([(invoice, 100)])
        other = self._dispute([(self._invoice(self.customer_b, 500, 10), 50)])
        as_sales = self.Dispute.with_user(self.salesperson)
        self.assertEqual(as_sales.search([]), mine, "a salesperson sees the disputes they own")
        with self.assertRaises(AccessError):
            other.with_user(self.salesperson).read(["name"])
        mine.with_user(self.salesperson).write({"root_cause": "pricing", "stage_id": mine.stage_id.id})
        with self.assertRaises(AccessError):
            mine.with_user(self.salesperson).action_credit_note()
        # multi-company: a dispute of another company stays there
        company_2 = self.setup_other_company(name="RCM Company 2")["company"]
        invoice_2 = self._invoice_in(company_2, 800)
        dispute_2 = self.Dispute.with_company(company_2).create(
            {
                "partner_id": self.customer.id,
                "reason_id": self.reason_pricing.id,
                "line_ids": [Command.create({"move_id": invoice_2.id, "amount": 80})],
            }
        )
        self.assertEqual(dispute_2.company_id, company_2, "the company of the invoice")
        self.assertNotIn(dispute_2, self.Dispute.with_user(self.collector).search([]))
        with self.assertRaises(AccessError):
            dispute_2.with_user(self.collector).read(["name"])
        both = self.Dispute.with_context(allowed_company_ids=(self.company | company_2).ids)
        with self.assertRaisesText(UserError, "compan"):
            both.create(
                {
                    "partner_id": self.customer.id,
                    "reason_id": self.reason_pricing.id,
                    "line_ids": [
                        Command.create({"move_id": invoice.id, "amount": 10}),
                        Command.create({"move_id": invoice_2.id, "amount": 10}),
                    ],
                }
            )

    def _invoice_in(self, company, amount):
        move = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": self.today - timedelta(days=40),
                    "invoice_date_due": self.today - timedelta(days=10),
                    "invoice_line_ids": [
                        Command.create({"name": "Service", "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        move.action_post()
        return move

    def test_manager_and_collector_rights(self):
        invoice = self._invoice(self.customer, 1000, 10)
        dispute = self._dispute([(invoice, 100)])
        self.assertEqual(self.Dispute.with_user(self.collector_2).search([("id", "=", dispute.id)]), dispute)
        with self.assertRaises(AccessError):
            dispute.with_user(self.collector).unlink()
        user = new_test_user(self.env, "rcm_nobody", groups="base.group_user")
        self.assertFalse(self.Dispute.with_user(user).search([]))

    def test_raising_a_dispute_completes_the_strategy_activity(self):
        invoice = self._invoice(self.customer, 1000, 10)
        case = self._case()
        strategy = (
            self.env["rcm.collection.strategy"]
            .sudo()
            .create(
                {
                    "name": "Calls",
                    "step_ids": [
                        Command.create(
                            {
                                "name": "Ask why",
                                "trigger_type": "days_overdue",
                                "trigger_days": 1,
                                "action": "call",
                                "automatic": False,
                            }
                        )
                    ],
                }
            )
        )
        case.strategy_id = strategy
        self.Case._advance_cases(today=self.today)
        self.assertTrue(case.activity_ids.filtered(lambda a: a.summary == "Ask why"))
        self._dispute([(invoice, 100)])
        self.assertFalse(
            case.activity_ids.filtered(lambda a: a.summary == "Ask why"), "the dispute is the answer"
        )

    def test_call_with_dispute_outcome_leaves_a_todo(self):
        self._invoice(self.customer, 1000, 10)
        case = self._case()
        case.user_id = self.collector
        self.env["rcm.call.log"].with_user(self.collector).create(
            {"case_id": case.id, "outcome": "dispute", "notes": "Says the price is wrong"}
        )
        todo = case.activity_ids.filtered(lambda a: a.summary == "Raise the dispute announced on the call")
        self.assertEqual(todo.user_id, self.collector)
