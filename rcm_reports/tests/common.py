# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo.addons.rcm_disputes.tests.common import RcmDisputesCommon


class RcmReportsCommon(RcmDisputesCommon):
    """RCM's disputes fixture plus a second currency whose rate moved (exchange differences)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.eur = cls.setup_other_currency(
            "EUR",
            rates=[
                ((cls.today - timedelta(days=900)).isoformat(), 2.0),
                ((cls.today - timedelta(days=100)).isoformat(), 2.5),
            ],
        )
        cls.Aging = cls.env["rcm.aging.report"].sudo()

    @classmethod
    def _receivable_lines(cls, moves):
        return moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    @classmethod
    def _reconcile(cls, *moves):
        """Reconcile the receivable items of ``moves`` (e.g. an invoice with a credit note)."""
        lines = cls.env["account.move.line"]
        for move in moves:
            lines |= cls._receivable_lines(move)
        lines.reconcile()
        cls._follow_ledger()
