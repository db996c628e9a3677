# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer risk class from payment behaviour.

Risk points (0..100)
    Six components computed from a ``PaymentBehaviour``; ``ramp(x, a, b)`` is 0 for ``x <= a``,
    1 for ``x >= b`` and ``(x - a) / (b - a)`` in between. A ``None`` input makes its component
    0.

    ============  ======  ======================================================================
    component     max     formula
    ============  ======  ======================================================================
    lateness      35      ``35 * ramp(avg_days_late_recent, 0, 60)``
    trend         15      ``15 * ramp(avg_days_late_recent - avg_days_late_previous, 0, 30)``;
                          0 unless both averages are known
    paid_late     20      ``20 * share_paid_late`` (``share_paid_late`` in 0..1)
    utilisation   15      ``15 * ramp(exposure / credit_limit, 0.8, 1.2)``; 0 when
                          ``credit_limit`` is 0 or ``None`` (no limit)
    promises      10      ``min(10, 5 * broken_promises)``
    age           5       ``5 * ramp(max_days_overdue, 30, 120)``
    ============  ======  ======================================================================

    ``risk_points = round(sum of the components, 2)``, so at most 100. ``avg_days_late_*`` are
    the average days between due date and payment of invoices paid in the last 6 months
    (*recent*) and the 6 months before (*previous*); ``share_paid_late`` the share of invoices of
    the last 12 months paid after their due date; ``broken_promises`` counts the last 12 months;
    ``max_days_overdue`` is the age of the oldest open item. A negative exposure (customer in
    credit) gives a utilisation of 0 points.

Risk class
    With ``thresholds = (t1, t2, t3)`` (default ``(25, 50, 75)``, strictly increasing, within
    0..100): ``'low'`` if ``points < t1``, ``'medium'`` if ``points < t2``, ``'high'`` if
    ``points < t3``, else ``'critical'``. A threshold is the lowest point count of the next class.

Errors
    ``ValueError`` on ``share_paid_late`` outside 0..1, a negative credit limit, a negative
    broken promise count, or invalid thresholds.
"""

from dataclasses import dataclass
from itertools import pairwise

RISK_CLASSES = ("low", "medium", "high", "critical")
DEFAULT_THRESHOLDS = (25, 50, 75)

#: Maximum points per component (they add up to 100).
MAX_POINTS = {
    "lateness": 35.0,
    "trend": 15.0,
    "paid_late": 20.0,
    "utilisation": 15.0,
    "promises": 10.0,
    "age": 5.0,
}
#: Points per broken promise (capped at ``MAX_POINTS["promises"]``).
POINTS_PER_BROKEN_PROMISE = 5.0


@dataclass(frozen=True)
class PaymentBehaviour:
    """Payment behaviour of one customer (commercial partner); see the module docstring."""

    avg_days_late_recent: float | None = None
    avg_days_late_previous: float | None = None
    share_paid_late: float | None = None
    exposure: float = 0.0
    credit_limit: float | None = None
    broken_promises: int = 0
    max_days_overdue: int = 0


def _ramp(value, low, high):
    if value <= low:
        return 0.0
    if value >= high:
        return 1.0
    return (value - low) / (high - low)


def risk_components(behaviour):
    """Points of each component (keys of ``MAX_POINTS``), unrounded."""
    b = behaviour
    if b.share_paid_late is not None and not 0 <= b.share_paid_late <= 1:
        raise ValueError(f"Share of invoices paid late must be within 0..1, got {b.share_paid_late!r}.")
    if b.credit_limit is not None and b.credit_limit < 0:
        raise ValueError(f"Credit limit must be zero (none) or positive, got {b.credit_limit!r}.")
    if b.broken_promises is not None and b.broken_promises < 0:
        raise ValueError(f"Broken promise count must be zero or positive, got {b.broken_promises!r}.")
    recent, previous = b.avg_days_late_recent, b.avg_days_late_previous
    points = dict.fromkeys(MAX_POINTS, 0.0)
    if recent is not None:
        points["lateness"] = MAX_POINTS["lateness"] * _ramp(recent, 0, 60)
        if previous is not None:
            points["trend"] = MAX_POINTS["trend"] * _ramp(recent - previous, 0, 30)
    if b.share_paid_late is not None:
        points["paid_late"] = MAX_POINTS["paid_late"] * b.share_paid_late
    if b.credit_limit and b.exposure is not None:
        points["utilisation"] = MAX_POINTS["utilisation"] * _ramp(b.exposure / b.credit_limit, 0.8, 1.2)
    if b.broken_promises:
        points["promises"] = min(MAX_POINTS["promises"], POINTS_PER_BROKEN_PROMISE * b.broken_promises)
    if b.max_days_overdue is not None:
        points["age"] = MAX_POINTS["age"] * _ramp(b.max_days_overdue, 30, 120)
    return points


def risk_points(behaviour):
    """Risk points 0..100 (2 decimals) of a ``PaymentBehaviour``."""
    return round(sum(risk_components(behaviour).values()), 2) + 0.0


def check_thresholds(thresholds):
    """Return ``thresholds`` as a tuple of 3 numbers, strictly increasing, within 0..100."""
    thresholds = tuple(thresholds)
    if len(thresholds) != len(RISK_CLASSES) - 1:
        raise ValueError(f"Risk thresholds need {len(RISK_CLASSES) - 1} values, got {thresholds!r}.")
    if any(not 0 <= value <= 100 for value in thresholds):
        raise ValueError(f"Risk thresholds must be within 0..100, got {thresholds!r}.")
    if any(high <= low for low, high in pairwise(thresholds)):
        raise ValueError(f"Risk thresholds must be strictly increasing, got {thresholds!r}.")
    return thresholds


def risk_class(points, thresholds=DEFAULT_THRESHOLDS):
    """``'low'`` / ``'medium'`` / ``'high'`` / ``'critical'`` for ``points``."""
    thresholds = check_thresholds(thresholds)
    for name, threshold in zip(RISK_CLASSES, thresholds, strict=False):
        if points < threshold:
            return name
    return RISK_CLASSES[-1]


def classify(behaviour, thresholds=DEFAULT_THRESHOLDS):
    """``(risk_class, risk_points)`` of a ``PaymentBehaviour``."""
    points = risk_points(behaviour)
    return risk_class(points, thresholds), points
