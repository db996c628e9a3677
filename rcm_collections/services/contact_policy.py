# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The contact policy: may a customer be contacted on a given day?

Definitions (one company, one customer = commercial partner):

* the customer's *contacts* are the dates of the ``rcm.contact`` rows recorded for it in the company
  whose origin is not ``manual`` (calls logged by a collector are recorded, never blocked, and do not
  count: the collector chose to call);
* ``min_days`` (default 5): a new contact needs at least this many days since the last one; whatever
  its value, a customer is never contacted twice the same day (``min_days`` below 1 counts as 1);
* ``max_per_30`` (default 4, 0 = no limit): at most this many contacts in the 30 days ending on the
  day (``day - 29`` .. ``day``), the new one included;
* ``working_day``: False when the company does not work that day (its working calendar, or Saturday
  and Sunday without one) and the policy skips non-working days;
* ``do_not_contact`` with an optional ``until`` date: blocked up to and including ``until`` (for ever
  without one).

``check`` returns the first reason that blocks, as a code (``do_not_contact``, ``non_working_day``,
``same_day``, ``min_days``, ``max_per_30``), or None; the Odoo model maps codes to translated text.
"""

from datetime import date, timedelta

DO_NOT_CONTACT = "do_not_contact"
NON_WORKING_DAY = "non_working_day"
SAME_DAY = "same_day"
MIN_DAYS = "min_days"
MAX_PER_30 = "max_per_30"
WINDOW_DAYS = 30


def is_weekend(day: date) -> bool:
    """Saturday or Sunday: the non-working days of a company without a working calendar."""
    return day.weekday() >= 5


def check(
    day: date,
    contact_dates,
    min_days: int = 5,
    max_per_30: int = 4,
    working_day: bool = True,
    do_not_contact: bool = False,
    until: date | None = None,
):
    """The code of the first rule blocking a contact on ``day`` (see the module docstring), or None.

    ``contact_dates``: dates of the customer's earlier counted contacts (any order; dates after
    ``day`` are ignored, a replay of the past does not see its future).
    """
    if do_not_contact and (until is None or day <= until):
        return DO_NOT_CONTACT
    if not working_day:
        return NON_WORKING_DAY
    past = [d for d in contact_dates if d <= day]
    if not past:
        return None
    last = max(past)
    if last == day:
        return SAME_DAY
    if (day - last).days < max(min_days or 0, 1):
        return MIN_DAYS
    if max_per_30 and max_per_30 > 0:
        start = day - timedelta(days=WINDOW_DAYS - 1)
        if sum(1 for d in past if d >= start) + 1 > max_per_30:
            return MAX_PER_30
    return None


def next_allowed(day: date, contact_dates, min_days: int = 5, max_per_30: int = 4, horizon: int = 60):
    """The first day on or after ``day`` that the spacing rules (same day, min days, max per 30 days)
    allow, ignoring working days and do-not-contact; None beyond ``horizon`` days."""
    for offset in range(horizon + 1):
        candidate = day + timedelta(days=offset)
        if check(candidate, contact_dates, min_days=min_days, max_per_30=max_per_30) is None:
            return candidate
    return None
