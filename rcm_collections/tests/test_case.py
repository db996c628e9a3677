# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import RcmCollectionsCommon


@tagged("post_install", "-at_install")
class TestCase(RcmCollectionsCommon):
    """Cases open and resolve themselves with the ledger; teams, collectors and security."""

    def test_case_opens_when_overdue_and_resolves_when_paid(self):
        not_due = self._invoice(self.customer, 500, -5)
        self.assertFalse(self._case(), "nothing overdue: no case")
        overdue = self._invoice(self.customer, 1000, 12)
        case = self._case()
        self.assertEqual(len(case), 1)
        self.assertEqual(case.state, "new")
        self.assertAlmostEqual(case.total_overdue, 1000)
        self.assertAlmostEqual(case.total_due, 1500)
        self.assertGreater(case.priority_score, 0)
        self._invoice(self.customer, 200, 3)
        self.assertEqual(self._case(), case, "one open case per customer and company")
        self.assertAlmostEqual(case.total_overdue, 1200)
        self._pay(
            overdue
            | self.env["account.move"].search(
                [("partner_id", "=", self.customer.id), ("amount_total", "=", 200)]
            )
        )
        self.assertEqual(case.state, "resolved")
        self.assertEqual(case.date_closed, self.today)
        self.assertTrue(case.message_ids, "history stays on the resolved case")
        self.assertFalse(self._case())
        # a new overdue invoice opens a new case; the resolved one stays
        self._invoice(self.customer, 300, 2)
        new_case = self._case()
        self.assertTrue(new_case)
        self.assertNotEqual(new_case, case)
        self.assertEqual(len(self._case(open_only=False)), 2)
        self.assertTrue(not_due)

    def test_below_tolerance_opens_no_case(self):
        self.company.rcm_overdue_tolerance = 50
        self._invoice(self.customer, 40, 10)
        self.assertFalse(self._case())

    def test_priority_orders_the_queue(self):
        self._invoice(self.customer, 20000, 90)
        self._invoice(self.customer_b, 100, 2)
        cases = self.Case.search([("partner_id", "in", (self.customer | self.customer_b).ids)])
        self.assertEqual(cases[0].partner_id, self.customer, "bigger and older comes first")
        self.assertGreater(cases[0].priority_score, cases[1].priority_score)

    def test_a_fresh_install_gives_every_new_case_an_owner(self):
        """The shipped catch-all rule gives the main company's new cases to the shipped team: its leader
        owns them until collectors join the team, then the collectors share them round robin."""
        rule = self.env.ref("rcm_collections.rcm_collection_assignment_rule_default").sudo()
        team = self.env.ref("rcm_collections.rcm_collection_team_default").sudo()
        main = self.env.ref("base.main_company")
        self.assertEqual(rule.team_id, team)
        self.assertEqual(team.company_id, main)
        self.assertEqual(team.leader_id, self.env.ref("base.user_admin"))
        self.assertEqual(rule.partner_domain, "[]")
        Case = self.env["rcm.collection.case"].sudo().with_company(main)
        customers = self.env["res.partner"].create(
            [{"name": f"Fresh {i}", "is_company": True} for i in range(3)]
        )
        first = Case.create({"partner_id": customers[0].id, "company_id": main.id})
        first._assign_team_and_collector()
        self.assertEqual((first.team_id, first.user_id), (team, team.leader_id))
        team.member_ids = self.collector | self.collector_2
        others = Case.create([{"partner_id": p.id, "company_id": main.id} for p in customers[1:]])
        others._assign_team_and_collector()
        self.assertEqual(others.team_id, team)
        self.assertEqual(set(others.user_id), {self.collector, self.collector_2})

    def test_assignment_rules_round_robin_and_balanced(self):
        team = (
            self.env["rcm.collection.team"]
            .sudo()
            .create(
                {
                    "name": "Big accounts",
                    "member_ids": [Command.set((self.collector | self.collector_2).ids)],
                    "assignment_method": "round_robin",
                }
            )
        )
        self.env["rcm.collection.assignment.rule"].sudo().create(
            {"name": "Everyone", "team_id": team.id, "partner_domain": "[('is_company', '=', True)]"}
        )
        partners = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "is_company": True} for i in range(4)]
        )
        for partner in partners:
            self._invoice(partner, 100, 10)
        cases = self.Case.search([("partner_id", "in", partners.ids)], order="id")
        self.assertEqual(cases.team_id, team)
        self.assertEqual(
            [case.user_id.id for case in cases],
            [self.collector.id, self.collector_2.id, self.collector.id, self.collector_2.id],
        )
        # balanced: the collector with fewer open cases gets the next one
        team.assignment_method = "balanced"
        cases[0].user_id = self.collector_2
        partner = self.env["res.partner"].create({"name": "Customer balanced", "is_company": True})
        self._invoice(partner, 100, 10)
        self.assertEqual(self._case(partner).user_id, self.collector)

    def test_manager_reapplies_rules_and_strategies(self):
        self._invoice(self.customer, 100, 10)
        case = self._case()
        case.write({"team_id": self.team_b.id, "user_id": self.collector_2.id})
        self.env["rcm.collection.assignment.rule"].sudo().create(
            {
                "name": "Team A takes all",
                "team_id": self.team_a.id,
                "partner_domain": "[('is_company', '=', True)]",
            }
        )
        with self.assertRaises(AccessError):
            case.with_user(self.collector).action_rcm_reapply_rules()
        case.with_user(self.manager).action_rcm_reapply_rules()
        self.assertEqual((case.team_id, case.user_id), (self.team_a, self.collector))
        self.assertIn("re-applied", case.message_ids[0].body)

    def test_collector_cannot_read_other_teams_case(self):
        self._invoice(self.customer, 1000, 10)
        self._invoice(self.customer_b, 1000, 10)
        case_a, case_b = self._case(), self._case(self.customer_b)
        case_a.write({"team_id": self.team_a.id, "user_id": self.collector.id})
        case_b.write({"team_id": self.team_b.id, "user_id": self.collector_2.id})
        as_collector = self.env["rcm.collection.case"].with_user(self.collector)
        self.assertEqual(
            as_collector.search([("id", "in", (case_a | case_b).ids)]), case_a.with_user(self.collector)
        )
        with self.assertRaises(AccessError):
            case_b.with_user(self.collector).read(["name"])
        # managers see every case
        as_manager = self.env["rcm.collection.case"].with_user(self.manager)
        self.assertEqual(len(as_manager.search([("id", "in", (case_a | case_b).ids)])), 2)

    def test_multi_company_rule(self):
        other = self.setup_other_company()["company"]
        case = self.Case.create({"partner_id": self.customer.id, "company_id": other.id})
        self.assertFalse(
            self.env["rcm.collection.case"].with_user(self.manager).search([("id", "=", case.id)])
        )
