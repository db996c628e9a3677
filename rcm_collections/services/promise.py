# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Promise-to-pay validation and evaluation.

A promise
    ``amount`` (``> 0``) promised for ``promised_date``, optionally split into ``instalments``,
    a list of ``(date, amount)`` with strictly increasing dates, positive amounts, summing to
    ``amount`` within ``SUM_TOLERANCE`` (0.005). The **schedule** of the promise is its
    instalments, or the single instalment ``(promised_date, amount)`` without instalments. The
    **final date** is the last scheduled date (with instalments, ``promised_date`` is not used by
    the evaluation: keep it equal to the last instalment date). With ``grace_days = g`` the
    **deadline** is ``final date + g days``.

    ``payments`` is a list of ``(date, amount)`` of the payments attributed to the promise (the
    caller decides which reconciled payments count).

Evaluation as of ``today`` (``evaluate_promise``)
    1. Only payments dated on or before ``cutoff = min(today, deadline)`` count:
       ``paid = sum of their amounts``. A payment after the deadline never changes the outcome
       (a broken promise stays broken, a partially kept one does not become kept), and a payment
       dated after ``today`` is not known yet.
    2. A scheduled date ``d_i`` is **missed** when ``d_i + g < today`` (its grace period is over)
       and the payments dated on or before ``d_i + g`` are below the cumulative scheduled amount
       up to ``d_i`` minus ``tolerance``. So the last date is missed only after the deadline.
    3. State, first match wins:

       - ``'kept'`` when ``paid >= amount - tolerance`` (at any time, even before the date);
       - ``'broken'`` when ``today > deadline`` or a date is missed, and nothing was paid
         (``paid`` rounds to 0.00);
       - ``'partially_kept'`` when ``today > deadline`` or a date is missed, and something was
         paid;
       - ``'open'`` otherwise (``today <= deadline`` and no missed instalment): the promise is
         running and on time.

    So the grace period is inclusive: on the deadline day the promise is still ``'open'`` and a
    payment dated that day counts; it is decided the day after.

    The result is a ``PromiseEvaluation``: ``state``, ``paid_amount`` (``paid``, 2 decimals),
    ``due_amount`` (``max(0, amount - paid)``, 2 decimals: what remains to pay on the promise),
    ``missed_instalments`` (tuple of the missed scheduled dates, informative: a kept promise may
    list dates that were paid late but before the deadline), ``final_date`` and ``deadline``.

Validation of a new promise (``validate_promise``)
    ``ValueError`` on a non-positive amount, a missing promised date, a promised date before
    ``today`` (unless ``allow_past``), an empty instalment list, an instalment amount ``<= 0``,
    instalment dates not strictly increasing, instalments not summing to the amount (within
    0.005), or an instalment date before ``today`` (unless ``allow_past``).
"""

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import pairwise

PROMISE_STATES = ("open", "kept", "partially_kept", "broken")
#: Tolerance of the check that instalments add up to the promised amount.
SUM_TOLERANCE = 0.005


@dataclass(frozen=True)
class PromiseEvaluation:
    """Outcome of ``evaluate_promise``; see the module docstring."""

    state: str
    paid_amount: float
    due_amount: float
    missed_instalments: tuple = ()
    final_date: date | None = None
    deadline: date | None = None

    @property
    def on_time(self):
        """True while the promise is open and on time (``state == 'open'``)."""
        return self.state == "open"


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    return value


def _check_schedule(amount, instalments):
    """Structural checks of ``instalments``; return them as a list of ``(date, amount)``."""
    schedule = [(_as_date(day), value) for day, value in instalments]
    if not schedule:
        raise ValueError("A promise with instalments needs at least one instalment.")
    for day, value in schedule:
        if day is None:
            raise ValueError("Every instalment needs a date.")
        if not value > 0:
            raise ValueError(f"The instalment of {day} must have a positive amount, got {value!r}.")
    for (previous, _value), (day, _amount) in pairwise(schedule):
        if day <= previous:
            raise ValueError(f"Instalment dates must be strictly increasing: {day} follows {previous}.")
    total = math.fsum(value for _day, value in schedule)
    if abs(total - amount) > SUM_TOLERANCE:
        raise ValueError(f"The instalments add up to {total:.2f}, not to the promised amount {amount:.2f}.")
    return schedule


def final_date(promised_date, instalments=None):
    """The last instalment date, or ``promised_date`` without instalments."""
    if instalments:
        return _as_date(list(instalments)[-1][0])
    return _as_date(promised_date)


def validate_promise(amount, promised_date, instalments=None, today=None, allow_past=False):
    """Raise ``ValueError`` if the promise is invalid (see the module docstring).

    ``today`` defaults to ``date.today()``; Odoo callers should pass the user's today
    (``fields.Date.context_today``). ``instalments=None`` means no instalments.
    """
    today = _as_date(today) if today is not None else date.today()
    promised_date = _as_date(promised_date)
    if amount is None or not amount > 0:
        raise ValueError(f"The promised amount must be positive, got {amount!r}.")
    if promised_date is None:
        raise ValueError("The promise needs a promised date.")
    if not allow_past and promised_date < today:
        raise ValueError(f"The promised date {promised_date} is in the past.")
    if instalments is not None:
        schedule = _check_schedule(amount, instalments)
        if not allow_past and schedule[0][0] < today:
            raise ValueError(f"The instalment date {schedule[0][0]} is in the past.")


def evaluate_promise(amount, promised_date, payments, today, grace_days=3, instalments=None, tolerance=0.01):
    """State of the promise as of ``today``, as a ``PromiseEvaluation`` (see the module docstring).

    ``instalments`` empty or ``None`` means no instalments. Raises ``ValueError`` on a
    non-positive amount, a missing ``today`` or promised date, negative ``grace_days`` or
    ``tolerance``, and structurally invalid instalments (dates in the past are fine here).
    """
    today = _as_date(today)
    if amount is None or not amount > 0:
        raise ValueError(f"The promised amount must be positive, got {amount!r}.")
    if today is None:
        raise ValueError("The evaluation date 'today' is required.")
    if grace_days is None or grace_days < 0:
        raise ValueError(f"Grace days must be zero or positive, got {grace_days!r}.")
    if not tolerance >= 0:
        raise ValueError(f"Tolerance must be zero or positive, got {tolerance!r}.")
    if instalments:
        schedule = _check_schedule(amount, instalments)
    else:
        if promised_date is None:
            raise ValueError("The promise needs a promised date.")
        schedule = [(_as_date(promised_date), amount)]
    payments = [(_as_date(day), value) for day, value in payments]
    grace = timedelta(days=grace_days)
    last_date = schedule[-1][0]
    deadline = last_date + grace
    cutoff = min(today, deadline)
    paid = math.fsum(value for day, value in payments if day <= cutoff)

    missed = []
    cumulative = 0.0
    for day, value in schedule:
        cumulative += value
        if day + grace < today:
            paid_by_then = math.fsum(pay for pay_day, pay in payments if pay_day <= day + grace)
            if paid_by_then < cumulative - tolerance:
                missed.append(day)

    if paid >= amount - tolerance:
        state = "kept"
    elif today > deadline or missed:
        state = "broken" if round(paid, 2) <= 0 else "partially_kept"
    else:
        state = "open"
    return PromiseEvaluation(
        state=state,
        paid_amount=round(paid, 2) + 0.0,
        due_amount=round(max(0.0, amount - paid), 2),
        missed_instalments=tuple(missed),
        final_date=last_date,
        deadline=deadline,
    )


def is_on_time(amount, promised_date, payments, today, grace_days=3, instalments=None, tolerance=0.01):
    """True when the promise is ``'open'``: running and on time (dunning pauses meanwhile)."""
    return evaluate_promise(
        amount,
        promised_date,
        payments,
        today,
        grace_days=grace_days,
        instalments=instalments,
        tolerance=tolerance,
    ).on_time
