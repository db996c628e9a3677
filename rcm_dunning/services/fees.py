# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Late fees, interest and recovery compensation on overdue items (pure Python, no Odoo).

All amounts are in one currency, **the currency of the item charged** (RCM charges an invoice in
its own currency, never in the company's), and every function returns a float rounded half-up to
``digits`` decimals (the item currency's, 2 by default). A balance ``B`` is the
collectible overdue amount of one item (invoice); a zero or negative balance never bears a charge.

Fixed fee (``fixed_fee``)
    ``F`` per item reaching a dunning level.

Percentage fee (``percent_fee``)
    ``P %`` of the balance, bounded: ``max(min, B * P / 100)``, then capped at ``max`` when
    ``max > 0`` (``max = 0`` means no cap). No percentage (``P = 0``) gives 0, whatever ``min``.

Level fee (``level_fee``)
    ``F + percent_fee(B, P, min, max)``: the fee a dunning level charges on one item.

Simple daily interest (``simple_interest``)
    ``B * R / 100 * d / 365``: annual rate ``R`` in percent, ``d`` days. Day count convention
    **Actual/365 (Fixed)**: ``d`` is the number of calendar days actually elapsed (leap days
    included) and every year counts 365 days, so a full leap year yields slightly more than ``R``.
    Interest is simple (never compounded): each charge covers a new period of days.

Interest period (``interest_days``)
    From the day after the due date (or after the end of the previous interest charge) to the
    charge date included: ``d = (to - from).days``, never negative. An invoice due on 1 March and
    charged on 31 March bears 30 days.

Statutory rate (``statutory_rate``)
    EU late payment directive 2011/7/EU, art. 2(6): the reference rate (the ECB main refinancing
    rate of the half-year) plus at least 8 percentage points: ``reference + margin`` with
    ``margin = 8``, floored at 0.

Recovery compensation (``EU_COMPENSATION``)
    Art. 6 of the same directive: a fixed 40 (EUR) per invoice paid late, due without reminder,
    charged once per invoice.

Fixed amounts of another currency (``item_charges(..., rate=r)``)
    A dunning level defines its fixed amounts (fixed fee, minimum and maximum of the percentage
    fee, recovery compensation) in the company currency. On an item in another currency they are
    converted at the rate of the charge day ``r`` (units of the item currency for one unit of the
    company currency, as Odoo's ``res.currency._get_conversion_rate``): ``F * r``, before any
    bound is applied; percentages and interest apply to the item's own balance, unconverted.
"""

from collections import namedtuple
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DAYS_PER_YEAR = 365
STATUTORY_MARGIN = 8.0
EU_COMPENSATION = 40.0

#: One charge on one item: ``kind`` (``'fee'``, ``'interest'``, ``'compensation'``), ``amount``,
#: the ``base`` it was computed on, the annual ``rate`` (interest) or percentage (fee), the number
#: of interest ``days`` and the interest period ``date_from`` (exclusive) .. ``date_to`` (inclusive).
Charge = namedtuple(
    "Charge", "kind amount base rate days date_from date_to", defaults=(0.0, 0.0, 0, None, None)
)


def round_amount(amount, digits=2):
    """``amount`` rounded half-up (away from zero on ties) to ``digits`` decimals, as a float."""
    quantum = Decimal(1).scaleb(-digits)
    return float(Decimal(str(amount)).quantize(quantum, rounding=ROUND_HALF_UP))


def _check_non_negative(**values):
    for name, value in values.items():
        if value is None or value < 0:
            raise ValueError(f"{name} must be zero or positive, got {value!r}")


def fixed_fee(balance, fixed, digits=2):
    """The fixed fee ``fixed`` when the balance is positive, else 0."""
    _check_non_negative(fixed=fixed)
    return round_amount(fixed, digits) if balance > 0 else 0.0


def percent_fee(balance, percent, minimum=0.0, maximum=0.0, digits=2):
    """``percent`` % of ``balance`` bounded by ``minimum`` and ``maximum`` (``maximum = 0``: no cap)."""
    _check_non_negative(percent=percent, minimum=minimum, maximum=maximum)
    if maximum and minimum > maximum:
        raise ValueError(f"minimum {minimum} is above maximum {maximum}")
    if balance <= 0 or not percent:
        return 0.0
    amount = max(minimum, balance * percent / 100.0)
    if maximum:
        amount = min(amount, maximum)
    return round_amount(amount, digits)


def level_fee(balance, fixed=0.0, percent=0.0, minimum=0.0, maximum=0.0, digits=2):
    """Fee of a dunning level on one item: fixed fee plus the bounded percentage fee."""
    return round_amount(
        fixed_fee(balance, fixed, digits) + percent_fee(balance, percent, minimum, maximum, digits), digits
    )


def statutory_rate(reference_rate, margin=STATUTORY_MARGIN):
    """Statutory late-payment interest rate in % a year: reference rate + margin, at least 0."""
    return max(0.0, round(reference_rate + margin, 6))


def interest_days(date_from, date_to):
    """Days of interest from ``date_from`` (exclusive) to ``date_to`` (inclusive), at least 0."""
    if not isinstance(date_from, date) or not isinstance(date_to, date):
        raise ValueError("interest_days needs two dates")
    return max(0, (date_to - date_from).days)


def simple_interest(balance, annual_rate, days, digits=2, days_per_year=DAYS_PER_YEAR):
    """Simple interest ``balance * annual_rate / 100 * days / days_per_year`` (Actual/365 by default)."""
    _check_non_negative(annual_rate=annual_rate, days=days)
    if balance <= 0 or not annual_rate or not days:
        return 0.0
    return round_amount(balance * annual_rate / 100.0 * days / days_per_year, digits)


def compensation(balance, amount=EU_COMPENSATION, digits=2):
    """The fixed recovery compensation of one late invoice (``amount``, 40 by default), if unpaid."""
    _check_non_negative(amount=amount)
    return round_amount(amount, digits) if balance > 0 else 0.0


def item_charges(
    balance,
    due_date,
    today,
    *,
    fixed=0.0,
    percent=0.0,
    minimum=0.0,
    maximum=0.0,
    annual_rate=0.0,
    interest_from=None,
    compensation_amount=0.0,
    digits=2,
    rate=1.0,
):
    """Charges of one item reaching a dunning level, as a list of ``Charge`` (zero charges omitted).

    ``balance`` is in the item's currency; the fixed amounts (``fixed``, ``minimum``, ``maximum``,
    ``compensation_amount``) are in the company currency and converted with ``rate`` (item currency
    units per company currency unit, 1 when the item is in the company currency).

    * ``'fee'``: ``level_fee(balance, fixed, percent, minimum, maximum)``;
    * ``'interest'``: ``simple_interest`` at ``annual_rate`` from ``interest_from`` (the end of the
      previous interest charge; the due date when None) to ``today``;
    * ``'compensation'``: ``compensation_amount`` when positive (the caller charges it once per item).
    """
    charges = []
    if balance <= 0:
        return charges
    if rate is None or rate <= 0:
        raise ValueError(f"rate must be positive, got {rate!r}")
    if rate != 1.0:
        _check_non_negative(fixed=fixed, minimum=minimum, maximum=maximum, compensation=compensation_amount)
        fixed, minimum, maximum = fixed * rate, minimum * rate, maximum * rate
        compensation_amount *= rate
    fee = level_fee(balance, fixed, percent, minimum, maximum, digits)
    if fee:
        charges.append(Charge("fee", fee, round_amount(balance, digits), percent))
    if annual_rate:
        start = max(interest_from or due_date, due_date)
        days = interest_days(start, today)
        interest = simple_interest(balance, annual_rate, days, digits)
        if interest:
            charges.append(
                Charge("interest", interest, round_amount(balance, digits), annual_rate, days, start, today)
            )
    if compensation_amount:
        amount = compensation(balance, compensation_amount, digits)
        if amount:
            charges.append(Charge("compensation", amount, round_amount(balance, digits)))
    return charges
