# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Collection KPIs: the formulas, on plain numbers.

Every function takes the *inputs* of a KPI for one period and one group (a company, a team, a
collector, a month...) and returns the KPI as a float, or ``None`` when it is undefined (a division by
zero: no sales, no closed promise...). Nothing is rounded here; callers round for display. The SQL of
``rcm.kpi`` (rcm_reports/models/rcm_kpi.py) computes the inputs set-based and calls these functions.

Definitions of the inputs (all amounts in company currency):

``ar_begin``
    total receivable at the start of the period: the sum of the balances of the posted receivable
    journal items dated *before* the first day (open items net of unapplied credits);
``ar_end``
    the same at the end of the period (items dated on or before the last day);
``ar_current_end``
    the part of ``ar_end`` not yet due on the last day: residuals, as of that day, of the items whose
    due date is on or after it (the *Current* aging bucket);
``credit_sales``
    net credit sales of the period: receivable balance of the customer invoices, minus that of the
    credit notes, dated in the period;
``days``
    calendar days of the period (``date_to - date_from + 1``).

Formulas
========

==========================  ===============================================================
DSO (standard)              ``ar_end / credit_sales * days``
Countback DSO               walk back month by month from the end of the period, consuming
                            ``ar_end`` with each month's credit sales: every month fully consumed
                            adds its days; the month that is not adds ``days * rest / sales``
Best-possible DSO           ``ar_current_end / credit_sales * days``
ADD (avg. days delinquent)  ``DSO - best-possible DSO``
CEI                         ``(ar_begin + credit_sales - ar_end)
                            / (ar_begin + credit_sales - ar_current_end) * 100``
% current                   ``ar_current_end / ar_end * 100``
Average days to pay         amount-weighted mean of ``payment date - invoice date`` over the
                            payments applied to invoices during the period
Promise kept rate           ``(kept + partial_weight * partially_kept)
                            / (kept + partially_kept + broken) * 100`` over the promises closed
                            in the period (cancelled ones do not count); ``partial_weight``
                            defaults to 0 (a partially kept promise is not kept)
Dispute cycle time          mean of ``date closed - date raised`` (days) of the disputes closed
                            in the period
Valid-deduction rate        ``valid / (valid + invalid) * 100`` over the deductions whose
                            validity was decided (closed) in the period
==========================  ===============================================================

CEI close to 100 means everything collectible was collected; DSO minus best-possible DSO (ADD) is
the number of days the receivable is *late* on average, the part of DSO the collectors can act on.
"""

import math


def _ratio(numerator, denominator):
    if not denominator:
        return None
    return numerator / denominator


def dso_standard(ar_end, credit_sales, days):
    """Days sales outstanding: ``ar_end / credit_sales * days`` (``None`` without sales)."""
    value = _ratio(ar_end, credit_sales)
    return None if value is None else value * days


def dso_best_possible(ar_current_end, credit_sales, days):
    """Best-possible DSO: the DSO if nothing were overdue, ``ar_current_end / credit_sales * days``."""
    value = _ratio(ar_current_end, credit_sales)
    return None if value is None else value * days


def dso_countback(ar_end, monthly_sales):
    """Countback DSO.

    ``monthly_sales`` lists ``(credit_sales, days)`` of the months, **most recent first** (the month
    ending the period first). The receivable is consumed by each month's sales in turn: a month whose
    sales do not exceed what is left counts fully (its days are added), the first month whose sales
    exceed it counts for the fraction ``left / sales`` of its days, and the walk stops. Months with no
    (or negative) sales count fully. When the receivable outlasts the history, the DSO is the days of
    the whole history (a lower bound). ``ar_end <= 0`` gives 0. ``None`` when no month is given.
    """
    if not monthly_sales:
        return None
    left = ar_end
    total = 0.0
    if left <= 0:
        return 0.0
    for sales, days in monthly_sales:
        if sales > 0 and left <= sales:
            return total + days * left / sales
        total += days
        left -= max(sales, 0.0)
    return total


def average_days_delinquent(dso, best_possible_dso):
    """ADD = DSO - best-possible DSO (``None`` when either is undefined)."""
    if dso is None or best_possible_dso is None:
        return None
    return dso - best_possible_dso


def cei(ar_begin, credit_sales, ar_end, ar_current_end):
    """Collection effectiveness index, in percent (``None`` when nothing was collectible)."""
    value = _ratio(ar_begin + credit_sales - ar_end, ar_begin + credit_sales - ar_current_end)
    return None if value is None else 100.0 * value


def percent_current(ar_current_end, ar_end):
    """Share of the receivable not yet due, in percent (``None`` without receivable)."""
    value = _ratio(ar_current_end, ar_end)
    return None if value is None else 100.0 * value


def average_days_to_pay(payments):
    """Amount-weighted mean of the days to pay; ``payments`` are ``(days, amount)`` pairs.

    Pairs with a non-positive amount are ignored; ``None`` when nothing is left.
    """
    pairs = [(days, amount) for days, amount in payments if amount > 0]
    total = math.fsum(amount for _days, amount in pairs)
    if not total:
        return None
    return math.fsum(days * amount for days, amount in pairs) / total


def weighted_mean(weighted_sum, weight):
    """``weighted_sum / weight`` (``None`` when the weight is 0): the SQL side of the weighted means."""
    return _ratio(weighted_sum, weight)


def promise_kept_rate(kept, partially_kept, broken, partial_weight=0.0):
    """Share of the closed promises that were kept, in percent (see the module docstring)."""
    if not 0.0 <= partial_weight <= 1.0:
        raise ValueError(f"partial_weight must be between 0 and 1, got {partial_weight!r}.")
    value = _ratio(kept + partial_weight * partially_kept, kept + partially_kept + broken)
    return None if value is None else 100.0 * value


def dispute_cycle_time(durations):
    """Mean days from raising to closing a dispute; ``durations`` are day counts (``None`` if empty)."""
    durations = list(durations)
    if not durations:
        return None
    return math.fsum(durations) / len(durations)


def valid_deduction_rate(valid, invalid):
    """Share of the decided deductions found valid, in percent (``None`` when none was decided)."""
    value = _ratio(valid, valid + invalid)
    return None if value is None else 100.0 * value


def compute_all(inputs, monthly_sales=None, partial_weight=0.0):
    """Every KPI of one period and group from a dict of inputs.

    ``inputs`` holds ``ar_begin``, ``ar_end``, ``ar_current_end``, ``credit_sales``, ``days``,
    ``pay_days_weighted`` and ``pay_amount`` (the weighted sum and weight of the days to pay),
    ``promises_kept``, ``promises_partial``, ``promises_broken``, ``dispute_days`` and
    ``disputes_closed`` (sum and count of the cycle times), ``deductions_valid`` and
    ``deductions_invalid``; missing keys count as 0. ``monthly_sales`` feeds the countback DSO.
    Returns a dict with ``dso``, ``dso_countback``, ``dso_best``, ``add``, ``cei``,
    ``percent_current``, ``avg_days_to_pay``, ``promise_kept_rate``, ``dispute_cycle_time`` and
    ``valid_deduction_rate``.
    """

    def get(key):
        return inputs.get(key) or 0.0

    dso = dso_standard(get("ar_end"), get("credit_sales"), get("days"))
    best = dso_best_possible(get("ar_current_end"), get("credit_sales"), get("days"))
    return {
        "dso": dso,
        "dso_countback": dso_countback(get("ar_end"), monthly_sales) if monthly_sales else None,
        "dso_best": best,
        "add": average_days_delinquent(dso, best),
        "cei": cei(get("ar_begin"), get("credit_sales"), get("ar_end"), get("ar_current_end")),
        "percent_current": percent_current(get("ar_current_end"), get("ar_end")),
        "avg_days_to_pay": weighted_mean(get("pay_days_weighted"), get("pay_amount")),
        "promise_kept_rate": promise_kept_rate(
            get("promises_kept"), get("promises_partial"), get("promises_broken"), partial_weight
        ),
        "dispute_cycle_time": weighted_mean(get("dispute_days"), get("disputes_closed")),
        "valid_deduction_rate": valid_deduction_rate(get("deductions_valid"), get("deductions_invalid")),
    }
