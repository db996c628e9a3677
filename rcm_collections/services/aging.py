# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Receivable aging buckets.

Days overdue
    ``days_overdue(due_date, as_of) = (as_of - due_date).days``: positive when the item is past
    due, ``0`` on the due date itself, negative before it.

Limits
    A *limits* tuple lists the **inclusive upper bound, in days overdue, of every bucket but the
    last**. Its first element is always ``0`` (the upper bound of the *current* bucket) and the
    elements are strictly increasing integers. ``DEFAULT_LIMITS = (0, 30, 60, 90, 120)`` gives
    ``len(limits) + 1 = 6`` buckets:

    ======  ============  ===========  ====================
    index   key           label        days overdue ``d``
    ======  ============  ===========  ====================
    0       ``current``   Current      ``d <= 0``
    1       ``1_30``      1-30         ``1 <= d <= 30``
    2       ``31_60``     31-60        ``31 <= d <= 60``
    3       ``61_90``     61-90        ``61 <= d <= 90``
    4       ``91_120``    91-120       ``91 <= d <= 120``
    5       ``over_120``  >120         ``d > 120``
    ======  ============  ===========  ====================

    In general bucket ``0`` is ``d <= limits[0]`` (i.e. ``d <= 0``), bucket ``i`` (``1 <= i <
    len(limits)``) is ``limits[i-1] < d <= limits[i]`` and the last bucket ``len(limits)`` is
    ``d > limits[-1]``.

    In settings the limits are stored as text **without the implicit leading 0**, e.g.
    ``"30,60,90,120"``; ``parse_limits`` turns that text into the tuple above and
    ``format_limits`` does the reverse.

Amounts per bucket
    ``split_amounts`` adds the amounts of the items falling in each bucket with ``math.fsum``
    (exact float summation) and rounds each bucket total to 2 decimals at the end (``round``,
    i.e. round-half-even on the binary float). Negative amounts (credit notes, unreconciled
    payments) are added as they are and reduce their bucket.
"""

import bisect
import math
from datetime import date, datetime
from itertools import pairwise

DEFAULT_LIMITS = (0, 30, 60, 90, 120)


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    return value


def _check_limits(limits):
    """Return ``limits`` as a tuple after checking the representation documented above."""
    limits = tuple(limits)
    if not limits or limits[0] != 0:
        raise ValueError(f"Aging limits must start with 0 (the 'current' bucket), got {limits!r}.")
    for value in limits:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"Aging limits must be integers, got {value!r}.")
    for previous, value in pairwise(limits):
        if value <= previous:
            raise ValueError(f"Aging limits must be strictly increasing, got {limits!r}.")
    return limits


def parse_limits(text):
    """Parse ``"30,60,90,120"`` into ``(0, 30, 60, 90, 120)``.

    The text is a comma-separated list of strictly increasing positive integers (spaces around
    the numbers are allowed); the ``0`` of the *current* bucket is implicit and must not be
    written. Raises ``ValueError`` on empty text, an empty item, a non-integer, a value ``<= 0``
    or values not strictly increasing.
    """
    if text is None or not str(text).strip():
        raise ValueError("Aging limits are empty: give days such as '30,60,90,120'.")
    values = []
    for item in str(text).split(","):
        item = item.strip()
        if not item:
            raise ValueError(f"Aging limits {text!r} contain an empty item.")
        try:
            value = int(item)
        except ValueError:
            raise ValueError(f"Aging limit {item!r} is not a whole number of days.")
        if value <= 0:
            raise ValueError(f"Aging limit {value} must be a positive number of days.")
        if values and value <= values[-1]:
            raise ValueError(f"Aging limits must be strictly increasing: {value} follows {values[-1]}.")
        values.append(value)
    return (0, *values)


def format_limits(limits):
    """Reverse of ``parse_limits``: ``(0, 30, 60, 90, 120)`` -> ``"30,60,90,120"``."""
    return ",".join(str(value) for value in _check_limits(limits)[1:])


def bucket_keys(limits=DEFAULT_LIMITS):
    """Technical bucket keys in order, e.g. ``["current", "1_30", ..., "91_120", "over_120"]``."""
    limits = _check_limits(limits)
    keys = ["current"]
    keys += [f"{low + 1}_{high}" for low, high in pairwise(limits)]
    keys.append(f"over_{limits[-1]}")
    return keys


def bucket_labels(limits=DEFAULT_LIMITS):
    """Human bucket labels in order, e.g. ``["Current", "1-30", ..., "91-120", ">120"]``."""
    limits = _check_limits(limits)
    labels = ["Current"]
    labels += [f"{low + 1}-{high}" for low, high in pairwise(limits)]
    labels.append(f">{limits[-1]}")
    return labels


def days_overdue(due_date, as_of):
    """``(as_of - due_date).days`` (``datetime`` values are truncated to their date)."""
    return (_as_date(as_of) - _as_date(due_date)).days


def bucket_index(days_overdue, limits=DEFAULT_LIMITS):
    """Index of the bucket of ``days_overdue``: the first ``i`` with ``days_overdue <= limits[i]``,
    else ``len(limits)`` (the last, open-ended bucket)."""
    limits = _check_limits(limits)
    return bisect.bisect_left(limits, days_overdue)


def sql_bucket_case(days_expr, limits=DEFAULT_LIMITS):
    """SQL ``CASE`` expression giving the bucket index of ``days_expr``.

    Returns ``(fragment, params)``. ``days_expr`` is an SQL snippet evaluating to an integer
    number of days overdue, e.g. ``"CURRENT_DATE - aml.date_maturity"``; the caller guarantees it
    is safe (never user input) and that it holds no ``%`` (no placeholders of its own; a literal
    ``%`` must be written ``%%``). It is copied, parenthesised, into every ``WHEN``. The
    fragment contains one ``%s`` per limit and ``params`` are the limits, in order; the bucket
    indexes are integer literals generated here. For ``DEFAULT_LIMITS``::

        CASE WHEN (d) IS NULL THEN 0 WHEN (d) <= %s THEN 0 WHEN (d) <= %s THEN 1 ...
             WHEN (d) <= %s THEN 4 ELSE 5 END
        params = [0, 30, 60, 90, 120]

    (on one line). A ``NULL`` days expression (no due date) is *current*, as in
    ``split_amounts``. On the Odoo side: ``SQL(fragment, *params)``.
    """
    limits = _check_limits(limits)
    whens = " ".join(
        [f"WHEN ({days_expr}) IS NULL THEN 0"]
        + [f"WHEN ({days_expr}) <= %s THEN {index}" for index in range(len(limits))]
    )
    return f"CASE {whens} ELSE {len(limits)} END", list(limits)


def split_amounts(items, limits=DEFAULT_LIMITS, as_of=None):
    """Sum amounts per bucket.

    ``items`` is an iterable of ``(due_date, amount)``; an item with no due date (``None``) is
    *current*. ``as_of`` defaults to ``date.today()`` (Odoo callers should pass the company's
    or user's today). Returns a list of ``len(limits) + 1`` floats, each bucket total computed
    with ``math.fsum`` and rounded to 2 decimals.
    """
    limits = _check_limits(limits)
    as_of = _as_date(as_of) if as_of is not None else date.today()
    buckets = [[] for _index in range(len(limits) + 1)]
    for due_date, amount in items:
        index = 0 if due_date is None else bisect.bisect_left(limits, days_overdue(due_date, as_of))
        buckets[index].append(amount)
    # ``+ 0.0`` turns a ``-0.0`` total into ``0.0``.
    return [round(math.fsum(amounts), 2) + 0.0 for amounts in buckets]
