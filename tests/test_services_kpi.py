# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

import pytest
from conftest import load_service

kpi = load_service("rcm_reports", "kpi")


def test_dso_standard_and_best_possible():
    # 5200 receivable, 2400 sales in a 31-day month: 5200 / 2400 * 31 = 67.1666...
    assert math.isclose(kpi.dso_standard(5200, 2400, 31), 67.16666666666667)
    assert math.isclose(kpi.dso_best_possible(2000, 2400, 31), 25.833333333333332)
    assert kpi.dso_standard(5200, 0, 31) is None
    assert kpi.dso_best_possible(100, 0, 30) is None


def test_average_days_delinquent():
    assert math.isclose(kpi.average_days_delinquent(67.5, 25.0), 42.5)
    assert kpi.average_days_delinquent(None, 25.0) is None
    assert kpi.average_days_delinquent(30.0, None) is None


def test_countback():
    # 5200 consumes the last month's 2400 (31 days) then 2800 of the month before's 4000 (30 days)
    assert math.isclose(kpi.dso_countback(5200, [(2400, 31), (4000, 30)]), 31 + 30 * 0.7)
    # fits in the last month
    assert math.isclose(kpi.dso_countback(1200, [(2400, 31), (4000, 30)]), 15.5)
    # exactly the last month's sales
    assert math.isclose(kpi.dso_countback(2400, [(2400, 31), (4000, 30)]), 31.0)
    # a month without sales counts fully
    assert math.isclose(kpi.dso_countback(500, [(0, 31), (1000, 30)]), 31 + 15.0)
    # the receivable outlasts the history: all its days (a lower bound)
    assert kpi.dso_countback(10_000, [(1000, 31), (1000, 30)]) == 61
    assert kpi.dso_countback(0, [(1000, 31)]) == 0.0
    assert kpi.dso_countback(-50, [(1000, 31)]) == 0.0
    assert kpi.dso_countback(100, []) is None


def test_cei():
    # (4000 + 2400 - 5200) / (4000 + 2400 - 2000) = 1200 / 4400
    assert math.isclose(kpi.cei(4000, 2400, 5200, 2000), 1200 / 4400 * 100)
    # everything collected: 100 %
    assert math.isclose(kpi.cei(1000, 500, 300, 300), 100.0)
    assert kpi.cei(0, 0, 0, 0) is None


def test_percent_current():
    assert math.isclose(kpi.percent_current(2000, 5200), 38.46153846153846)
    assert kpi.percent_current(10, 0) is None


def test_average_days_to_pay():
    assert math.isclose(kpi.average_days_to_pay([(35, 1000), (18, 200)]), 38600 / 1200)
    assert math.isclose(kpi.average_days_to_pay([(10, 100), (99, 0), (50, -20)]), 10.0)
    assert kpi.average_days_to_pay([]) is None
    assert math.isclose(kpi.weighted_mean(38600, 1200), 38600 / 1200)
    assert kpi.weighted_mean(5, 0) is None


def test_promise_kept_rate():
    assert math.isclose(kpi.promise_kept_rate(1, 1, 1), 100 / 3)
    assert math.isclose(kpi.promise_kept_rate(1, 1, 1, partial_weight=0.5), 50.0)
    assert math.isclose(kpi.promise_kept_rate(3, 0, 1), 75.0)
    assert kpi.promise_kept_rate(0, 0, 0) is None
    with pytest.raises(ValueError):
        kpi.promise_kept_rate(1, 1, 1, partial_weight=2)


def test_dispute_cycle_time_and_deductions():
    assert math.isclose(kpi.dispute_cycle_time([10, 20]), 15.0)
    assert math.isclose(kpi.dispute_cycle_time(iter([3])), 3.0)
    assert kpi.dispute_cycle_time([]) is None
    assert math.isclose(kpi.valid_deduction_rate(1, 1), 50.0)
    assert math.isclose(kpi.valid_deduction_rate(3, 1), 75.0)
    assert kpi.valid_deduction_rate(0, 0) is None


def test_compute_all_on_the_hand_computed_month():
    inputs = {
        "ar_begin": 4000,
        "ar_end": 5200,
        "ar_current_end": 2000,
        "credit_sales": 2400,
        "days": 31,
        "pay_days_weighted": 38600,
        "pay_amount": 1200,
        "promises_kept": 1,
        "promises_partial": 1,
        "promises_broken": 1,
        "dispute_days": 30,
        "disputes_closed": 2,
        "deductions_valid": 1,
        "deductions_invalid": 1,
    }
    result = kpi.compute_all(inputs, monthly_sales=[(2400, 31), (4000, 30)])
    expected = {
        "dso": 5200 / 2400 * 31,
        "dso_countback": 31 + 21.0,
        "dso_best": 2000 / 2400 * 31,
        "add": 3200 / 2400 * 31,
        "cei": 1200 / 4400 * 100,
        "percent_current": 2000 / 5200 * 100,
        "avg_days_to_pay": 38600 / 1200,
        "promise_kept_rate": 100 / 3,
        "dispute_cycle_time": 15.0,
        "valid_deduction_rate": 50.0,
    }
    assert set(result) == set(expected)
    for key, value in expected.items():
        assert math.isclose(result[key], value), key


def test_compute_all_without_data():
    result = kpi.compute_all({})
    assert all(value is None for value in result.values())
