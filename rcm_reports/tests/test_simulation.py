# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The simulated desk: a generated ledger replayed day by day with every cron, checked by invariants.

``TestSimulatedQuarter`` runs the CI size (``RCM_SIM_CUSTOMERS`` x ``RCM_SIM_DAYS``, see
``CI_CUSTOMERS``/``CI_DAYS``) and asserts no violation; ``TestInvariantsCatchBreaks`` runs a short
simulation, then breaks each invariant on purpose in the real database (an engine going around the
contact gateway, a disputed item in a sent letter, a contact with nothing to collect, a case without
collector, an OdooBot activity, a flag without reason, a charge posted twice) and asserts that the
next snapshot reports exactly that.
"""

import logging
import os
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.base.models.ir_cron import IrCron
from odoo.addons.rcm_reports.models.rcm_simulation import _load_engine

_logger = logging.getLogger(__name__)

# CI replays 30 customers x 60 days (261 s on the 2-core VM, the run's log line "simulation summary"
# gives the time); RCM_SIM_CUSTOMERS / RCM_SIM_DAYS run any size.
CI_CUSTOMERS = 30
CI_DAYS = 60


class SimulationCase(TransactionCase):
    @classmethod
    def _simulate(cls, customers, days, seed=1):
        result = cls.env["rcm.simulation"]._rcm_sim_run(seed=seed, customers=customers, days=days)
        _logger.info("simulation summary %s", result["summary"])
        _logger.info("simulation timings %s", {k: round(v, 1) for k, v in result["state"]["timings"].items()})
        for error in result["state"]["errors"]:
            _logger.info("simulation engine refused %s", error)
        return result


@tagged("post_install", "-at_install")
class TestSimulatedQuarter(SimulationCase):
    def test_simulated_desk_keeps_every_invariant(self):
        customers = int(os.environ.get("RCM_SIM_CUSTOMERS") or CI_CUSTOMERS)
        days = int(os.environ.get("RCM_SIM_DAYS") or CI_DAYS)
        result = self._simulate(customers, days)
        summary = result["summary"]
        self.assertEqual(summary["days"], days)
        self.assertGreater(summary["contacts"], 0, "the desk contacted nobody")
        self.assertGreater(summary["collected"], 0)
        self.assertFalse([str(v) for v in result["violations"]])


@tagged("post_install", "-at_install")
class TestInvariantsCatchBreaks(SimulationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = _load_engine()
        cls.result = cls._simulate(customers=8, days=8, seed=2)
        cls.state = cls.result["state"]
        cls.day = cls.state["ledger"].end
        cls.Sim = cls.env["rcm.simulation"].sudo()
        cls.Case = cls.env["rcm.collection.case"].sudo()

    def setUp(self):
        super().setUp()
        frozen = freeze_time(datetime.combine(self.day, datetime.min.time()).replace(hour=12))
        frozen.start()
        self.addCleanup(frozen.stop)
        # outside a cron, _commit_progress would commit
        self.startPatcher(patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0))
        self.baseline = self._violations()

    def _violations(self):
        return self.engine.check_all(self.Sim._rcm_sim_snapshot(self.state, self.day))

    def _new(self, invariant):
        """The violations of ``invariant`` reported now and not before the break."""
        before = {str(v) for v in self.baseline}
        return [v for v in self._violations() if v.invariant == invariant and str(v) not in before]

    def _open_case(self, collectible=True):
        cases = self.Case.search(
            [("partner_id", "in", list(self.state["customer_of"])), ("state", "!=", "resolved")], order="id"
        )
        if collectible:
            cases = cases.filtered(lambda c: c.collectible_overdue > 0)
        self.assertTrue(cases, "the short simulation left no open case to break")
        return cases[0]

    def _send_around_the_gateway(self, case):
        """A strategy email sent to ``case``'s customer by an engine that neither asks nor tells the
        contact gateway (its hook and its record are bypassed)."""
        step = (
            self.env["rcm.collection.strategy.step"]
            .sudo()
            .search([("action", "=", "email"), ("automatic", "=", True)], limit=1)
        )
        self.assertTrue(step, "no automatic email step shipped")
        patcher = (
            patch.object(type(self.env["rcm.contact"]), "_rcm_record", lambda self, vals_list: self.browse())
            if "rcm.contact" in self.env
            else patch.object(IrCron, "_commit_progress", lambda *args, **kwargs: 1.0)
        )
        with patcher:
            step._execute(case, today=self.day)
        self.Sim._rcm_sim_deliver()

    def _email_without_checks(self, case):
        """The strategy's reminder email posted on ``case`` as an email step without a dunning level
        does, by an engine that checks neither the gateway nor what is collectible."""
        case.message_post_with_source(
            self.env.ref("rcm_collections.mail_template_rcm_reminder_friendly"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.Sim._rcm_sim_deliver()

    def _dispute_all(self, partner):
        moves = self.Sim._rcm_sim_open_overdue(self.state, self.state["customer_of"][partner.id], self.day)
        self.assertTrue(moves)
        disputed = {}
        for line in (
            self.env["rcm.dispute.line"]
            .sudo()
            .search([("move_id", "in", [m.id for m in moves]), ("dispute_id.is_closed", "=", False)])
        ):
            disputed[line.move_id.id] = disputed.get(line.move_id.id, 0.0) + line.amount
        lines = [(m, m.amount_residual - disputed.get(m.id, 0.0)) for m in moves]
        self.env["rcm.dispute"].sudo().create(
            {
                "partner_id": partner.id,
                "reason_id": self.env.ref("rcm_disputes.rcm_dispute_reason_pricing").id,
                "line_ids": [
                    Command.create({"move_id": m.id, "amount": amount}) for m, amount in lines if amount > 0
                ],
            }
        )
        self.Sim._rcm_sim_follow_ledger()
        return moves

    def test_a_two_contacts_the_same_day(self):
        case = self._open_case()
        self._send_around_the_gateway(case)
        self._send_around_the_gateway(case)
        found = self._new("a")
        self.assertIn(
            "contacted twice the same day", [v.message for v in found if v.partner == case.partner_id.id]
        )

    def test_b_disputed_item_in_a_document(self):
        case = self._open_case()
        self._send_around_the_gateway(case)
        # the customer disputes what the email lists as overdue: the sent email now presents it
        moves = self._dispute_all(case.partner_id)
        found = self._new("b")
        found = [v for v in found if v.message.startswith("excluded amount presented as overdue")]
        self.assertTrue({v.refs[1] for v in found} <= {m.id for m in moves})

    def test_c_contact_with_nothing_collectible(self):
        case = self._open_case()
        self._dispute_all(case.partner_id)
        # (the shipped dunning-level steps send nothing to a customer with nothing collectible)
        self._email_without_checks(case)
        found = self._new("c")
        self.assertEqual({v.partner for v in found}, {case.partner_id.id})

    def test_d_case_without_collector(self):
        case = self._open_case(collectible=False)
        case._rcm_workflow_write({"user_id": False, "team_id": False})
        found = self._new("d")
        self.assertEqual([v.refs for v in found], [(case.id,)])

    def test_d_activity_of_odoobot(self):
        case = self._open_case(collectible=False)
        activity = case.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.env.ref("base.user_root").id, summary="Call"
        )
        found = self._new("d")
        self.assertEqual([v.refs for v in found], [(activity.id, case.id)])

    def test_e_flag_without_reason(self):
        case = self._open_case(collectible=False)
        case._rcm_workflow_write({"deviation": True, "deviation_reason": False})
        found = self._new("e")
        self.assertEqual([(v.refs, v.message) for v in found], [((case.id,), "flag without a reason")])

    def test_e_flag_whose_reason_is_gone(self):
        case = self._open_case(collectible=False)
        case.activity_ids.unlink()
        case._rcm_workflow_write({"deviation": True, "deviation_reason": "3 overdue activities (missed SLA)"})
        found = self._new("e")
        self.assertEqual([v.refs for v in found], [(case.id,)])
        self.assertIn("reason is gone", found[0].message)

    def test_f_fee_charged_twice(self):
        case = self._open_case()
        move = self.Sim._rcm_sim_open_overdue(
            self.state, self.state["customer_of"][case.partner_id.id], self.day
        )[0]
        comm = self.env["rcm.dunning.communication"].sudo().search([], limit=1)
        if not comm:
            self._send_around_the_gateway(case)
            comm = self.env["rcm.dunning.communication"].sudo().search([], limit=1)
        self.assertTrue(comm, "no dunning communication to charge")
        # the unique index is the guard: an engine that lost it (dropped in this test's transaction)
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS rcm_dunning_fee_item_level_kind_uniq"))
        Fee = self.env["rcm.dunning.fee"]
        # rcm_dunning may store the charge's currency (the items' currency)
        currency = SQL(", currency_id") if Fee._fields["currency_id"].store else SQL("")
        currency_value = (
            SQL(", %s", comm.company_id.currency_id.id) if Fee._fields["currency_id"].store else SQL("")
        )
        for _i in range(2):
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO rcm_dunning_fee (communication_id, partner_id, company_id, move_id, level_id,
                                                 kind, amount, state%s)
                    VALUES (%s, %s, %s, %s, %s, 'fee', 10, 'posted'%s)
                    """,
                    currency,
                    comm.id,
                    case.partner_id.id,
                    comm.company_id.id,
                    move.id,
                    comm.level_id.id,
                    currency_value,
                )
            )
        self.env["rcm.dunning.fee"].invalidate_model()
        found = self._new("f")
        self.assertEqual(len(found), 1)
        self.assertIn("fee charged 2 times", found[0].message)
