# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from itertools import pairwise

import pytest
from conftest import load_service

scoring = load_service("rcm_collections", "scoring")

BASE = {"overdue_amount": 5000.0, "max_days_overdue": 45, "risk_class": "medium", "broken_promises": 1}


def score(**overrides):
    return scoring.priority_score(**{**BASE, **overrides})


def test_constants():
    assert scoring.WEIGHTS == {"amount": 0.40, "age": 0.30, "risk": 0.20, "broken_promises": 0.10}
    assert math.isclose(sum(scoring.WEIGHTS.values()), 1.0)
    assert scoring.RISK_FACTORS == {"low": 0.0, "medium": 0.35, "high": 0.7, "critical": 1.0, None: 0.35}


# Hand-computed cases


def test_exact_case_high_risk():
    # A = 10 000, D = 60, high, 3 broken, no prediction
    # amount 0.40 * (1 - e^-1)     = 0.40 * 0.632120559 = 0.252848224
    # age    0.30 * (1 - e^-1)     = 0.30 * 0.632120559 = 0.189636168
    # risk   0.20 * 0.7                                  = 0.14
    # broken 0.10 * min(1, 3/3)                          = 0.10
    # total                                              = 0.682484391 -> 68.25
    assert score(overdue_amount=10_000, max_days_overdue=60, risk_class="high", broken_promises=3) == 68.25


def test_exact_case_with_prediction():
    # A = 5 000, D = 30, medium, 1 broken, predicted 20 days late
    # amount 0.40 * (1 - e^-0.5)   = 0.40 * 0.393469340 = 0.157387736
    # age    0.30 * (1 - e^-0.5)   = 0.30 * 0.393469340 = 0.118040802
    # risk   0.20 * 0.35                                 = 0.07
    # broken 0.10 * 1/3                                  = 0.033333333
    # sum                                                = 0.378761871
    # x (1 + min(0.15, 20/400)) = x 1.05                 = 0.397699965 -> 39.77
    assert score(overdue_amount=5000, max_days_overdue=30, predicted_days_late=20) == 39.77


def test_exact_case_low_risk_not_yet_old():
    # A = 2 500, D = max(0, -5) = 0, low, 0 broken
    # amount 0.40 * (1 - e^-0.25)  = 0.40 * 0.221199217 = 0.088479687 -> 8.85 (other components 0)
    assert score(overdue_amount=2500, max_days_overdue=-5, risk_class="low", broken_promises=0) == 8.85


def test_exact_case_unknown_risk_max_uplift():
    # A = 2 500, D = 15, risk None (0.35), 2 broken, predicted 100 days late
    # amount 0.088479687 + age 0.30 * 0.221199217 = 0.066359765 + risk 0.07 + broken 0.066666667
    # sum 0.291506119 x (1 + min(0.15, 0.25)) = x 1.15 = 0.335232036 -> 33.52
    assert (
        score(
            overdue_amount=2500,
            max_days_overdue=15,
            risk_class=None,
            broken_promises=2,
            predicted_days_late=100,
        )
        == 33.52
    )


def test_maximum_is_capped_at_100():
    # Every component saturated (sum -> 1.0) and x1.15 -> capped at 1 -> 100.
    assert (
        score(
            overdue_amount=1e9,
            max_days_overdue=100_000,
            risk_class="critical",
            broken_promises=10,
            predicted_days_late=60,
        )
        == 100.0
    )


def test_components_breakdown():
    c = scoring.score_components(
        overdue_amount=10_000,
        max_days_overdue=60,
        risk_class="high",
        broken_promises=3,
        predicted_days_late=40,
    )
    assert math.isclose(c["amount"], 0.4 * (1 - math.exp(-1)))
    assert math.isclose(c["age"], 0.3 * (1 - math.exp(-1)))
    assert math.isclose(c["risk"], 0.14)
    assert math.isclose(c["broken_promises"], 0.1)
    assert math.isclose(c["multiplier"], 1.1)
    assert math.isclose(c["total"], min(1, 0.682484391179990 * 1.1))


# Zero overdue


def test_nothing_overdue_scores_zero():
    assert score(overdue_amount=0) == 0.0
    assert (
        score(
            overdue_amount=0,
            max_days_overdue=500,
            risk_class="critical",
            broken_promises=9,
            predicted_days_late=90,
        )
        == 0.0
    )


def test_nothing_overdue_still_validates():
    with pytest.raises(ValueError):
        score(overdue_amount=0, risk_class="bogus")


# Monotonicity


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("overdue_amount", [1, 100, 1000, 5000, 10_000, 50_000, 200_000]),
        ("max_days_overdue", [0, 1, 15, 30, 60, 120, 365]),
        ("risk_class", ["low", "medium", "high", "critical"]),
        ("broken_promises", [0, 1, 2, 3]),
        ("predicted_days_late", [None, 0, 1, 10, 30, 60]),
    ],
)
def test_strictly_increasing_in_each_input(field, values):
    scores = [score(**{field: value}) for value in values]
    if field == "predicted_days_late":  # None and 0 are both "no uplift"
        assert scores[0] == scores[1]
        scores = scores[1:]
    assert all(a < b for a, b in pairwise(scores)), scores


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("max_days_overdue", [-30, -1, 0]),
        ("broken_promises", [3, 4, 50]),
        ("predicted_days_late", [-10, 0]),
        ("predicted_days_late", [60, 61, 200]),
    ],
)
def test_flat_regions(field, values):
    scores = {score(**{field: value}) for value in values}
    assert len(scores) == 1, scores


def test_non_decreasing_on_grid():
    amounts = [0, 1, 500, 10_000, 1e6]
    days = [0, 10, 60, 400]
    for risk_class in ["low", "medium", "high", "critical"]:
        for broken in [0, 1, 3]:
            for d in days:
                row = [
                    score(overdue_amount=a, max_days_overdue=d, risk_class=risk_class, broken_promises=broken)
                    for a in amounts
                ]
                assert row == sorted(row)
            for a in amounts:
                col = [
                    score(overdue_amount=a, max_days_overdue=d, risk_class=risk_class, broken_promises=broken)
                    for d in days
                ]
                assert col == sorted(col)


def test_score_range():
    for a in [0.01, 1, 1e3, 1e5, 1e8]:
        for d in [0, 30, 1000]:
            for p in [None, 5, 500]:
                value = score(
                    overdue_amount=a,
                    max_days_overdue=d,
                    risk_class="critical",
                    broken_promises=4,
                    predicted_days_late=p,
                )
                assert 0 <= value <= 100


def test_scales():
    # At A == amount_scale the amount component is 1 - 1/e of its weight, whatever the scale.
    low = score(
        overdue_amount=1000, amount_scale=1000, max_days_overdue=0, risk_class="low", broken_promises=0
    )
    assert low == round(40 * (1 - math.exp(-1)), 2) == 25.28
    # A smaller scale makes the same amount weigh more.
    assert score(amount_scale=1000) > score() > score(amount_scale=100_000)
    assert score(days_scale=10) > score() > score(days_scale=365)


def test_max_days_none_counts_as_zero():
    assert score(max_days_overdue=None) == score(max_days_overdue=0)


def test_custom_weights_and_risk_factors():
    only_risk = {"amount": 0.0, "age": 0.0, "risk": 1.0, "broken_promises": 0.0}
    assert score(weights=only_risk, risk_class="high") == 70.0
    factors = {**scoring.RISK_FACTORS, "watch": 0.5}
    assert score(weights=only_risk, risk_factors=factors, risk_class="watch") == 50.0
    # Module defaults untouched.
    assert "watch" not in scoring.RISK_FACTORS


def test_keyword_only():
    with pytest.raises(TypeError):
        scoring.priority_score(100, 10, "low", 0)


# Errors


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"overdue_amount": -0.01}, "Overdue amount"),
        ({"overdue_amount": float("nan")}, "Overdue amount"),
        ({"risk_class": "extreme"}, "Unknown risk class"),
        ({"risk_class": "High"}, "Unknown risk class"),
        ({"broken_promises": -1}, "Broken promise"),
        ({"broken_promises": None}, "Broken promise"),
        ({"amount_scale": 0}, "Scales"),
        ({"days_scale": -60}, "Scales"),
    ],
)
def test_errors(overrides, message):
    with pytest.raises(ValueError, match=message):
        score(**overrides)
