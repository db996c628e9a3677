# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from .common import RcmDunningCommon


@tagged("post_install", "-at_install")
class TestRunSnapshot(RcmDunningCommon):
    """A run writes the items each communication claims with the communication (one JSON snapshot);
    the line rows are materialized from it, unchanged, when lines are first read."""

    def _line_rows(self, comms):
        return self.env.execute_query(
            SQL(
                "SELECT COUNT(*) FROM rcm_dunning_communication_line WHERE communication_id = ANY(%s)",
                comms.ids,
            )
        )[0][0]

    def _pending(self, comms):
        return self.env.execute_query(
            SQL(
                """SELECT COUNT(*) FROM rcm_dunning_communication
                    WHERE id = ANY(%s) AND item_snapshot IS NOT NULL""",
                comms.ids,
            )
        )[0][0]

    def _draft_run(self):
        run = self.Run.sudo().create({"company_id": self.company.id, "date": self.today, "state": "running"})
        with patch.object(type(self.Communication), "_send", lambda self: None):
            run._process(commit=False)
        return run

    def test_run_writes_no_line_rows_and_lines_come_from_the_claim(self):
        old = self._invoice(self.customer, 500, 30)
        young = self._invoice(self.customer, 120.55, 10)
        refund = self._invoice(self.customer, 40.1, 0, move_type="out_refund")
        comm = self._draft_run().communication_ids
        self.assertEqual(self._line_rows(comm), 0, "the run inserts no line row")
        self.assertEqual(self._pending(comm), 1, "its items are a snapshot on the communication")
        self.assertEqual(comm.item_count, 2)
        self.assertAlmostEqual(comm.amount_due, 620.55 - 40.1, places=2)
        # first read: the lines are materialized, with what the run claimed
        lines = comm.line_ids
        self.assertEqual(self._line_rows(comm), 3)
        self.assertEqual(self._pending(comm), 0, "the snapshot is cleared once materialized")
        self.assertEqual(lines.filtered(lambda line: line.line_type == "overdue").move_id, old | young)
        self.assertEqual(lines.filtered(lambda line: line.line_type == "credit").move_id, refund)
        line_old = lines.filtered(lambda line: line.move_id == old)
        self.assertAlmostEqual(line_old.amount_collectible, 500, places=2)
        self.assertEqual(line_old.days_overdue, 30)
        self.assertEqual(line_old.level_id, self.level_1)
        self.assertTrue(line_old.escalated)
        self.assertEqual(line_old.company_id, self.company)
        self.assertEqual(comm._get_overdue_lines().move_id.ids, [old.id, young.id], "oldest due first")
        # read again, searched, counted: never twice
        comm.invalidate_recordset(["line_ids"])
        self.assertEqual(len(comm.line_ids), 3)
        self.assertEqual(self.env["rcm.dunning.communication.line"]._rcm_materialize(), 0)
        self.assertEqual(self._line_rows(comm), 3)

    def test_claim_is_fixed_at_the_run(self):
        """Paying or changing an invoice after the run changes nothing of what the communication
        claims, before its lines are read as after it was sent."""
        invoice = self._invoice(self.customer, 500, 10)
        other = self._invoice(self.customer, 200, 10)
        comm = self._draft_run().communication_ids
        self.assertEqual(self._pending(comm), 1)
        self._pay(invoice, amount=300)
        line = comm.line_ids.filtered(lambda line: line.move_id == invoice)
        self.assertAlmostEqual(line.amount_collectible, 500, places=2, msg="what the run claimed")
        self.assertAlmostEqual(comm.amount_overdue, 700, places=2)
        comm.action_send()
        self._deliver()
        self.assertEqual(comm.state, "sent")
        self._pay(other)
        self._pay(invoice)
        other.button_draft()
        self._follow_ledger()
        comm.invalidate_recordset()
        self.assertEqual(
            comm.line_ids.move_id, invoice | other, "the sent communication lists what it claimed"
        )
        self.assertEqual(
            sorted(comm.line_ids.mapped("amount_collectible")), [200.0, 500.0], "with the claimed amounts"
        )
        self.assertAlmostEqual(comm.amount_due, 700, places=2)

    def test_a_sent_run_settles_from_its_materialized_lines(self):
        """The payment processing finds the sent communications by their lines (settled once paid)."""
        invoice = self._invoice(self.customer, 500, 10)
        comm = self._run().communication_ids
        self.assertEqual(comm.state, "sent")
        self._pay(invoice)
        self.assertTrue(comm.settled)

    def test_a_resumed_run_sends_the_drafts_of_the_interrupted_one(self):
        """Drafts left by an interrupted run (items still a snapshot) are sent by the resumed run with
        their lines: levels applied from them."""
        invoice = self._invoice(self.customer, 500, 10)
        run = self._draft_run()
        comm = run.communication_ids
        self.assertEqual(self._pending(comm), 1)
        run._process(commit=False)
        self._deliver()
        self.assertEqual(comm.state, "sent")
        self.assertEqual(invoice.rcm_dunning_level_id, self.level_1, "applied from the materialized lines")
        self.assertEqual(self._line_rows(comm), 1)

    def test_snapshot_is_compact_and_earlier_snapshots_still_materialize(self):
        invoice = self._invoice(self.customer, 300, 30)
        comm = self._draft_run().communication_ids
        ((snapshot,),) = self.env.execute_query(
            SQL("SELECT item_snapshot FROM rcm_dunning_communication WHERE id = %s", comm.id)
        )
        self.assertEqual(set(snapshot), {"c", "r"}, "columns named once, then one list of values per line")
        self.assertEqual(len(snapshot["r"]), 1)
        self.assertEqual(snapshot["r"][0][snapshot["c"].index("move_id")], invoice.id)
        self.assertNotIn("communication_id", snapshot["c"], "the communication is the row holding it")
        # a snapshot as earlier versions wrote it (one object per line) becomes the same line
        legacy = [dict(zip(snapshot["c"], snapshot["r"][0], strict=True))]
        legacy[0]["amount_collectible"] = 299.5  # told apart from the compact one
        self.env.cr.execute(
            "UPDATE rcm_dunning_communication SET item_snapshot = %s::jsonb WHERE id = %s",
            [json.dumps(legacy), comm.id],
        )
        comm.invalidate_recordset()
        line = comm.line_ids
        self.assertEqual(line.move_id, invoice)
        self.assertAlmostEqual(line.amount_collectible, 299.5, places=2)
        self.assertEqual(line.level_id, self.level_1)
        self.assertTrue(line.escalated)
        self.assertEqual(line.date_due, invoice.invoice_date_due)
        self.assertEqual(self._pending(comm), 0)
