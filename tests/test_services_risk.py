# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from itertools import pairwise

import pytest
from conftest import load_service

risk = load_service("rcm_collections", "risk")
PB = risk.PaymentBehaviour


def test_max_points_add_up_to_100():
    assert math.isclose(sum(risk.MAX_POINTS.values()), 100.0)
    assert risk.RISK_CLASSES == ("low", "medium", "high", "critical")


# Hand-computed cases


def test_case_high():
    b = PB(
        avg_days_late_recent=30,
        avg_days_late_previous=15,
        share_paid_late=0.5,
        exposure=11_000,
        credit_limit=10_000,
        broken_promises=1,
        max_days_overdue=75,
    )
    # lateness    35 * 30/60                   = 17.5
    # trend       15 * (30-15)/30              =  7.5
    # paid_late   20 * 0.5                     = 10
    # utilisation 15 * (1.1-0.8)/0.4           = 11.25
    # promises    5 * 1                        =  5
    # age         5 * (75-30)/90               =  2.5
    # total                                    = 53.75 -> high
    assert risk.risk_components(b) == pytest.approx(
        {"lateness": 17.5, "trend": 7.5, "paid_late": 10, "utilisation": 11.25, "promises": 5, "age": 2.5}
    )
    assert risk.risk_points(b) == 53.75
    assert risk.classify(b) == ("high", 53.75)


def test_case_saturated():
    b = PB(
        avg_days_late_recent=90,
        avg_days_late_previous=10,
        share_paid_late=1.0,
        exposure=50_000,
        credit_limit=10_000,
        broken_promises=4,
        max_days_overdue=200,
    )
    # 35 + 15 + 20 + 15 + 10 (capped, not 20) + 5 = 100 -> critical
    assert risk.risk_points(b) == 100.0
    assert risk.classify(b) == ("critical", 100.0)


def test_case_low_with_missing_data():
    b = PB(
        avg_days_late_recent=6,
        avg_days_late_previous=None,
        share_paid_late=0.1,
        exposure=5000,
        credit_limit=None,
        broken_promises=0,
        max_days_overdue=40,
    )
    # lateness 35 * 6/60 = 3.5; trend 0 (no previous); paid_late 20 * 0.1 = 2; utilisation 0 (no limit);
    # promises 0; age 5 * (40-30)/90 = 0.5556 -> 6.0556 -> 6.06 -> low
    assert risk.risk_points(b) == 6.06
    assert risk.classify(b) == ("low", 6.06)


def test_empty_behaviour():
    assert risk.risk_points(PB()) == 0.0
    assert risk.classify(PB()) == ("low", 0.0)
    none_everywhere = PB(exposure=None, broken_promises=None, max_days_overdue=None)
    assert risk.risk_points(none_everywhere) == 0.0


# Each component's ramp and bounds


@pytest.mark.parametrize(
    ("recent", "points"), [(-10, 0), (0, 0), (6, 3.5), (30, 17.5), (59.99, 34.99), (60, 35), (400, 35)]
)
def test_lateness(recent, points):
    assert risk.risk_components(PB(avg_days_late_recent=recent))["lateness"] == pytest.approx(
        points, abs=0.01
    )


@pytest.mark.parametrize(
    ("recent", "previous", "points"),
    [
        (10, 20, 0),  # improving
        (10, 10, 0),
        (10, 0, 5),
        (-5, -20, 7.5),  # still paying early, but 15 days less early
        (40, 10, 15),
        (100, 0, 15),
        (10, None, 0),
        (None, 10, 0),
    ],
)
def test_trend(recent, previous, points):
    b = PB(avg_days_late_recent=recent, avg_days_late_previous=previous)
    assert risk.risk_components(b)["trend"] == pytest.approx(points)


@pytest.mark.parametrize(("share", "points"), [(None, 0), (0, 0), (0.25, 5), (1, 20)])
def test_share_paid_late(share, points):
    assert risk.risk_components(PB(share_paid_late=share))["paid_late"] == pytest.approx(points)


@pytest.mark.parametrize(
    ("exposure", "limit", "points"),
    [
        (8000, 10_000, 0),  # 80 %
        (9000, 10_000, 3.75),  # 90 %
        (10_000, 10_000, 7.5),  # 100 %
        (12_000, 10_000, 15),  # 120 %
        (99_000, 10_000, 15),
        (5000, 10_000, 0),
        (-2000, 10_000, 0),  # customer in credit
        (1e9, 0, 0),  # no limit
        (1e9, None, 0),
    ],
)
def test_utilisation(exposure, limit, points):
    b = PB(exposure=exposure, credit_limit=limit)
    assert risk.risk_components(b)["utilisation"] == pytest.approx(points)


@pytest.mark.parametrize(("broken", "points"), [(0, 0), (1, 5), (2, 10), (3, 10), (30, 10)])
def test_broken_promises(broken, points):
    assert risk.risk_components(PB(broken_promises=broken))["promises"] == points


@pytest.mark.parametrize(("days", "points"), [(-5, 0), (0, 0), (30, 0), (75, 2.5), (120, 5), (365, 5)])
def test_age(days, points):
    assert risk.risk_components(PB(max_days_overdue=days))["age"] == pytest.approx(points)


def test_points_monotonic_in_each_input():
    base = {
        "avg_days_late_recent": 10,
        "avg_days_late_previous": 5,
        "share_paid_late": 0.2,
        "exposure": 9000,
        "credit_limit": 10_000,
        "broken_promises": 0,
        "max_days_overdue": 40,
    }
    series = {
        "avg_days_late_recent": [0, 5, 10, 20, 40],
        "share_paid_late": [0, 0.2, 0.5, 1],
        "exposure": [0, 8500, 9000, 11_000],
        "broken_promises": [0, 1, 2],
        "max_days_overdue": [30, 40, 80, 120],
    }
    for field, values in series.items():
        points = [risk.risk_points(PB(**{**base, field: value})) for value in values]
        assert all(a < b for a, b in pairwise(points)), (field, points)


# risk_class


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        (0, "low"),
        (24.99, "low"),
        (25, "medium"),
        (49.99, "medium"),
        (50, "high"),
        (74.99, "high"),
        (75, "critical"),
        (100, "critical"),
    ],
)
def test_risk_class_boundaries(points, expected):
    assert risk.risk_class(points) == expected
    assert risk.risk_class(points, (25, 50, 75)) == expected


def test_risk_class_custom_thresholds():
    assert risk.risk_class(10, (10, 20, 30)) == "medium"
    assert risk.risk_class(9.99, (10, 20, 30)) == "low"
    assert risk.risk_class(35, (10, 20, 30)) == "critical"
    assert risk.risk_class(0, (0, 50, 100)) == "medium"
    assert risk.risk_class(99.9, (0, 50, 100)) == "high"
    assert risk.risk_class(100, (0, 50, 100)) == "critical"


def test_classify_custom_thresholds():
    b = PB(avg_days_late_recent=30)  # 17.5 points
    assert risk.classify(b) == ("low", 17.5)
    assert risk.classify(b, thresholds=(10, 20, 30)) == ("medium", 17.5)


@pytest.mark.parametrize(
    ("thresholds", "message"),
    [
        ((25, 50), "need 3 values"),
        ((25, 50, 75, 90), "need 3 values"),
        ((), "need 3 values"),
        ((50, 25, 75), "strictly increasing"),
        ((25, 25, 75), "strictly increasing"),
        ((-1, 50, 75), "within 0..100"),
        ((25, 50, 101), "within 0..100"),
        ((25, float("nan"), 75), "within 0..100"),
    ],
)
def test_invalid_thresholds(thresholds, message):
    with pytest.raises(ValueError, match=message):
        risk.risk_class(30, thresholds)
    with pytest.raises(ValueError, match=message):
        risk.classify(PB(), thresholds)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"share_paid_late": 1.01}, "within 0..1"),
        ({"share_paid_late": -0.1}, "within 0..1"),
        ({"credit_limit": -1}, "Credit limit"),
        ({"broken_promises": -1}, "Broken promise"),
    ],
)
def test_invalid_behaviour(fields, message):
    with pytest.raises(ValueError, match=message):
        risk.risk_points(PB(**fields))


def test_behaviour_is_frozen():
    b = PB()
    with pytest.raises(AttributeError):
        b.exposure = 1
