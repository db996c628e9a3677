# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Payment-date prediction, weekly cash forecast buckets and the forecast back-test.

Prediction
    An open invoice is predicted to be paid ``round(L)`` days after its due date, where ``L`` is the
    customer's historical lateness: the amount-weighted mean of ``payment date - due date`` over the
    invoice payments of the last 12 months (``rcm.partner.receivable.avg_days_late``; 0 for a customer
    without history). A predicted date already in the past for an invoice still open becomes
    ``today`` (the payment is expected any day now)::

        predicted = max(today, due + round(L))        predicted days late = predicted - due

    The back-test predicts each invoice paid in the last months *as it would have been predicted on
    its invoice date* (lateness over the 12 months before that date, no clipping to today) and
    compares with the date it was actually paid.

Weekly forecast
    Weeks start on Monday. Week 0 is the week of ``today``; the forecast covers ``weeks`` weeks
    (13 by default: a quarter). An expected date before the first week falls in week 0, one after
    the last week is left out (returned apart as *later*).

Back-test metrics
    For pairs ``(predicted, actual)`` of dates: the error of one invoice is ``actual - predicted`` in
    days (positive: paid later than predicted). ``mae`` is the mean absolute error, ``bias`` the
    mean error, ``rmse`` the root mean square error; ``within_7`` the share (0..1) of invoices paid
    within a week of the prediction. With weights (the invoice amounts) the means are weighted.
"""

import math
from datetime import timedelta

FORECAST_WEEKS = 13


def _as_date(value):
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def predict_payment_date(due_date, avg_days_late, today):
    """``max(today, due_date + round(avg_days_late))`` (``avg_days_late`` ``None`` counts as 0)."""
    late = round(avg_days_late or 0.0)
    return max(_as_date(today), _as_date(due_date) + timedelta(days=late))


def week_start(day):
    """The Monday of the week of ``day``."""
    day = _as_date(day)
    return day - timedelta(days=day.weekday())


def week_index(expected_date, today, weeks=FORECAST_WEEKS):
    """Forecast week of ``expected_date``: 0 for this week (and any earlier date), ``None`` beyond
    the last week."""
    first = week_start(today)
    index = max(0, (_as_date(expected_date) - first).days // 7)
    return index if index < weeks else None


def weekly_forecast(items, today, weeks=FORECAST_WEEKS):
    """Sum ``(expected_date, amount)`` items per week.

    Returns ``(buckets, later)``: a list of ``weeks`` dicts ``{"week_start": date, "amount": float}``
    (amounts summed with ``math.fsum`` and rounded to 2 decimals) and the amount expected after the
    last week.
    """
    first = week_start(today)
    sums = [[] for _index in range(weeks)]
    later = []
    for expected, amount in items:
        index = week_index(expected, today, weeks)
        (later if index is None else sums[index]).append(amount)
    buckets = [
        {"week_start": first + timedelta(days=7 * index), "amount": round(math.fsum(amounts), 2) + 0.0}
        for index, amounts in enumerate(sums)
    ]
    return buckets, round(math.fsum(later), 2) + 0.0


def backtest_metrics(pairs, weights=None):
    """Errors of predicted against actual payment dates (see the module docstring).

    ``pairs`` are ``(predicted, actual)`` dates; ``weights`` optional positive weights of the same
    length. Returns ``{"count", "mae", "bias", "rmse", "within_7"}``; the means are ``None`` when
    there is no pair.
    """
    pairs = list(pairs)
    if weights is None:
        weights = [1.0] * len(pairs)
    weights = list(weights)
    if len(weights) != len(pairs):
        raise ValueError("One weight per pair is needed.")
    errors = [(_as_date(actual) - _as_date(predicted)).days for predicted, actual in pairs]
    total = math.fsum(weights)
    if not pairs or not total:
        return {"count": len(pairs), "mae": None, "bias": None, "rmse": None, "within_7": None}
    return {
        "count": len(pairs),
        "mae": math.fsum(abs(e) * w for e, w in zip(errors, weights, strict=True)) / total,
        "bias": math.fsum(e * w for e, w in zip(errors, weights, strict=True)) / total,
        "rmse": math.sqrt(math.fsum(e * e * w for e, w in zip(errors, weights, strict=True)) / total),
        "within_7": math.fsum(w for e, w in zip(errors, weights, strict=True) if abs(e) <= 7) / total,
    }
