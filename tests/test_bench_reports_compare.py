# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo-free test of bench_reports.compare: RCM's aging against OCA's aged partner balance, per customer
and bucket, to the cent."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "bench"))

import bench_reports


class FakeAging:
    @staticmethod
    def bucket_index(days, limits):
        return next((i for i, limit in enumerate(limits) if days <= limit), len(limits))


class FakeView:
    def __init__(self, undated):
        self.undated = undated

    def search_read(self, domain, fields):
        return self.undated


def _oca(partners):
    keys = bench_reports.OCA_BUCKETS
    return {
        "aged_partner_balance": [{"partners": [dict(zip(keys, b, strict=True), name=n) for n, b in partners]}]
    }


def _rcm(rows):
    return {"rows": [{"key": key, "name": name, "buckets": buckets} for key, name, buckets in rows]}


def test_customers_differing_by_a_cent_or_missing_are_counted():
    limits = (0, 30, 60, 90, 120)
    ours = _rcm(
        [
            (1, "Alpha", [10.0, 0, 0, 0, 0, 5.0]),
            (2, "Beta", [0, 20.0, 0, 0, 0, 0]),
            (3, "Gamma", [1.0, 0, 0, 0, 0, 0]),
        ]
    )
    oca = _oca(
        [
            ("Alpha", [10.0, 0, 0, 0, 0, 5.0]),
            ("Beta", [0, 20.01, 0, 0, 0, 0]),  # a cent apart
            ("Delta", [0, 0, 3.0, 0, 0, 0]),  # not in RCM's aging
        ]
    )
    mismatches, oca_totals, rcm_totals, undated = bench_reports.compare(
        FakeAging, limits, ours, oca, FakeView([])
    )
    assert mismatches == 3  # Beta a cent apart, Gamma only in RCM, Delta only in OCA
    assert oca_totals == [10.0, 20.01, 3.0, 0, 0, 5.0]
    assert rcm_totals == [11.0, 20.0, 0, 0, 0, 5.0]
    assert undated == 0


def test_items_without_due_date_move_to_current_as_oca_files_them():
    limits = (0, 30, 60, 90, 120)
    ours = _rcm([(1, "Alpha", [0, 0, 7.0, 0, 0, 0])])
    oca = _oca([("Alpha", [7.0, 0, 0, 0, 0, 0])])
    undated = [{"partner_id": (1, "Alpha"), "amount_residual": 7.0, "days_overdue": 45}]
    mismatches, _oca_totals, rcm_totals, count = bench_reports.compare(
        FakeAging, limits, ours, oca, FakeView(undated)
    )
    assert (mismatches, count) == (0, 1)
    assert rcm_totals == [7.0, 0, 0, 0, 0, 0]
