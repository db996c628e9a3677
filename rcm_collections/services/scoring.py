# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Collections priority score (0..100) that sorts a collector's work queue.

Inputs
    ``A``  overdue amount in company currency (``>= 0``);
    ``D``  days overdue of the oldest overdue item, ``D = max(0, max_days_overdue)``
    (``None`` counts as 0);
    ``R``  risk class: ``'low'``, ``'medium'``, ``'high'``, ``'critical'`` or ``None`` (unknown);
    ``B``  broken promises to pay in the last 12 months (``>= 0``);
    ``P``  optional predicted days late (from a payment-prediction model; ``None`` if unknown);
    ``amount_scale`` (default 10 000) and ``days_scale`` (default 60), both ``> 0``.

Formula
    Four components, each in [0, 1], are weighted by ``WEIGHTS``::

        amount = 1 - exp(-A / amount_scale)      weight 0.40
        age    = 1 - exp(-D / days_scale)        weight 0.30
        risk   = RISK_FACTORS[R]                 weight 0.20
        broken = min(1, B / 3)                   weight 0.10

        S = 0.40 * amount + 0.30 * age + 0.20 * risk + 0.10 * broken

    ``1 - exp(-x / scale)`` is 0 at 0, ``1 - 1/e ≈ 0.632`` at ``x = scale``, ``≈ 0.865`` at
    twice the scale and tends to 1: it grows fast for small values and saturates for large ones.
    ``RISK_FACTORS`` are ``low 0``, ``medium 0.35``, ``high 0.7``, ``critical 1`` and
    ``None 0.35`` (an unknown risk counts as medium).

    If ``P`` is given and ``P > 0`` the sum is multiplied by ``1 + min(0.15, P / 400)`` (up to
    +15 %, reached at 60 predicted days late) and capped at 1::

        S = min(1, S * (1 + min(0.15, P / 400)))

    The score is ``round(100 * S, 2)``. A customer with nothing overdue (``A == 0``) scores
    ``0.0`` whatever the other inputs.

    ``WEIGHTS`` and ``RISK_FACTORS`` are module-level dicts; callers may pass their own
    ``weights`` / ``risk_factors`` (same keys). With weights summing to 1 the score is in
    0..100; the cap at 1 also applies to the sum without multiplier.

Errors
    ``ValueError`` on a negative (or NaN) amount, an unknown risk class, a negative broken
    promise count or a non-positive scale.
"""

import math

WEIGHTS = {"amount": 0.40, "age": 0.30, "risk": 0.20, "broken_promises": 0.10}

RISK_FACTORS = {"low": 0.0, "medium": 0.35, "high": 0.7, "critical": 1.0, None: 0.35}

#: Broken promises at which the broken-promise component is saturated.
BROKEN_PROMISES_SATURATION = 3
#: Cap of the predicted-lateness uplift and its slope (uplift = min(cap, days / divisor)).
PREDICTION_MAX_UPLIFT = 0.15
PREDICTION_DIVISOR = 400.0


def score_components(
    *,
    overdue_amount,
    max_days_overdue,
    risk_class,
    broken_promises,
    predicted_days_late=None,
    amount_scale=10_000,
    days_scale=60,
    weights=None,
    risk_factors=None,
):
    """Weighted components of the score, for explanations and tests.

    Returns a dict with ``amount``, ``age``, ``risk`` and ``broken_promises`` (each already
    multiplied by its weight, so in ``[0, weight]``), ``multiplier`` (``1 + uplift``, ``1.0``
    without prediction) and ``total`` (``min(1, sum * multiplier)``, unrounded, in 0..1). The
    amount-zero rule is *not* applied here; see ``priority_score``.
    """
    weights = WEIGHTS if weights is None else weights
    risk_factors = RISK_FACTORS if risk_factors is None else risk_factors
    if not overdue_amount >= 0:  # also rejects NaN
        raise ValueError(f"Overdue amount must be zero or positive, got {overdue_amount!r}.")
    if risk_class not in risk_factors:
        known = ", ".join(repr(key) for key in risk_factors)
        raise ValueError(f"Unknown risk class {risk_class!r} (expected one of {known}).")
    if broken_promises is None or broken_promises < 0:
        raise ValueError(f"Broken promise count must be zero or positive, got {broken_promises!r}.")
    if not amount_scale > 0 or not days_scale > 0:
        raise ValueError(f"Scales must be positive, got amount {amount_scale!r}, days {days_scale!r}.")
    days = max(0, max_days_overdue or 0)
    components = {
        "amount": weights["amount"] * (1.0 - math.exp(-overdue_amount / amount_scale)),
        "age": weights["age"] * (1.0 - math.exp(-days / days_scale)),
        "risk": weights["risk"] * risk_factors[risk_class],
        "broken_promises": weights["broken_promises"]
        * min(1.0, broken_promises / BROKEN_PROMISES_SATURATION),
    }
    multiplier = 1.0
    if predicted_days_late is not None and predicted_days_late > 0:
        multiplier += min(PREDICTION_MAX_UPLIFT, predicted_days_late / PREDICTION_DIVISOR)
    components["multiplier"] = multiplier
    components["total"] = min(
        1.0,
        math.fsum(components[key] for key in ("amount", "age", "risk", "broken_promises")) * multiplier,
    )
    return components


def priority_score(
    *,
    overdue_amount,
    max_days_overdue,
    risk_class,
    broken_promises,
    predicted_days_late=None,
    amount_scale=10_000,
    days_scale=60,
    weights=None,
    risk_factors=None,
):
    """Collections priority score in 0..100 (2 decimals); see the module docstring."""
    components = score_components(
        overdue_amount=overdue_amount,
        max_days_overdue=max_days_overdue,
        risk_class=risk_class,
        broken_promises=broken_promises,
        predicted_days_late=predicted_days_late,
        amount_scale=amount_scale,
        days_scale=days_scale,
        weights=weights,
        risk_factors=risk_factors,
    )
    if overdue_amount <= 0:
        return 0.0
    return round(100.0 * components["total"], 2)
