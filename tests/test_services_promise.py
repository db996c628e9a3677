# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

import pytest
from conftest import load_service

promise = load_service("rcm_collections", "promise")

D = date(2026, 4, 10)  # promised date; with the default grace of 3 days the deadline is 2026-04-13
DEADLINE = date(2026, 4, 13)


def day(month, dom):
    return date(2026, month, dom)


def evaluate(payments=(), today=D, amount=1000.0, **kwargs):
    return promise.evaluate_promise(amount, D, list(payments), today, **kwargs)


# Single-date promise


def test_open_before_date_without_payment():
    result = evaluate(today=day(4, 1))
    assert result == promise.PromiseEvaluation(
        state="open",
        paid_amount=0.0,
        due_amount=1000.0,
        missed_instalments=(),
        final_date=D,
        deadline=DEADLINE,
    )
    assert result.on_time


def test_grace_boundary_open_on_deadline_broken_the_day_after():
    assert evaluate(today=D).state == "open"
    assert evaluate(today=DEADLINE).state == "open"
    result = evaluate(today=DEADLINE + timedelta(days=1))
    assert result.state == "broken"
    assert result.missed_instalments == (D,)
    assert result.due_amount == 1000.0
    assert not result.on_time


def test_payment_on_deadline_counts():
    result = evaluate([(DEADLINE, 1000.0)], today=day(4, 20))
    assert result.state == "kept"
    assert (result.paid_amount, result.due_amount, result.missed_instalments) == (1000.0, 0.0, ())


def test_payment_after_deadline_does_not_count():
    result = evaluate([(day(4, 14), 1000.0)], today=day(4, 20))
    assert result.state == "broken"
    assert result.paid_amount == 0.0


def test_partial_payment_after_deadline_does_not_complete():
    result = evaluate([(day(4, 10), 400.0), (day(4, 15), 600.0)], today=day(4, 20))
    assert result.state == "partially_kept"
    assert (result.paid_amount, result.due_amount) == (400.0, 600.0)


def test_kept_early_even_before_date():
    result = evaluate([(day(4, 2), 600.0), (day(4, 3), 400.0)], today=day(4, 5))
    assert result.state == "kept"
    assert not result.on_time


def test_partial_payment_open_then_partially_kept():
    payments = [(day(4, 8), 400.0)]
    before = evaluate(payments, today=day(4, 9))
    assert (before.state, before.paid_amount, before.due_amount) == ("open", 400.0, 600.0)
    after = evaluate(payments, today=day(4, 14))
    assert (after.state, after.paid_amount, after.due_amount) == ("partially_kept", 400.0, 600.0)
    assert after.missed_instalments == (D,)


def test_overpayment_is_kept():
    result = evaluate([(day(4, 1), 1500.0)], today=day(4, 2))
    assert (result.state, result.paid_amount, result.due_amount) == ("kept", 1500.0, 0.0)


def test_payment_dated_after_today_is_not_known_yet():
    result = evaluate([(day(4, 8), 1000.0)], today=day(4, 5))
    assert result.state == "open"
    assert result.paid_amount == 0.0


def test_tolerance():
    assert evaluate([(D, 999.99)], today=day(4, 20)).state == "kept"
    assert evaluate([(D, 999.98)], today=day(4, 20)).state == "partially_kept"
    assert evaluate([(D, 999.98)], today=day(4, 20), tolerance=0.05).state == "kept"
    assert evaluate([(D, 999.99)], today=day(4, 20), tolerance=0).state == "partially_kept"


def test_float_noise_in_payments():
    # 0.1 x 10 sums to 1.0 with fsum.
    result = promise.evaluate_promise(1.0, D, [(D, 0.1)] * 10, day(4, 20), tolerance=0)
    assert result.state == "kept"


def test_negligible_payment_counts_as_nothing():
    assert evaluate([(D, 0.001)], today=day(4, 20)).state == "broken"
    assert evaluate([(D, 0.01)], today=day(4, 20)).state == "partially_kept"


@pytest.mark.parametrize(
    ("grace", "today", "state"),
    [
        (0, day(4, 10), "open"),
        (0, day(4, 11), "broken"),
        (1, day(4, 11), "open"),
        (1, day(4, 12), "broken"),
        (10, day(4, 20), "open"),
        (10, day(4, 21), "broken"),
    ],
)
def test_grace_days(grace, today, state):
    result = evaluate(today=today, grace_days=grace)
    assert result.state == state
    assert result.deadline == D + timedelta(days=grace)


def test_datetimes_are_accepted():
    result = promise.evaluate_promise(
        100.0,
        datetime(2026, 4, 10, 9, 0),
        [(datetime(2026, 4, 13, 23, 0), 100.0)],
        datetime(2026, 4, 20, 8, 0),
    )
    assert result.state == "kept"


# Instalments: 900 = 300 on 10 April, 10 May and 10 June; deadline 13 June.

INST = [(day(4, 10), 300.0), (day(5, 10), 300.0), (day(6, 10), 300.0)]


def evaluate_inst(payments=(), today=D, **kwargs):
    return promise.evaluate_promise(900.0, day(6, 10), list(payments), today, instalments=INST, **kwargs)


def test_instalments_final_date_and_deadline():
    result = evaluate_inst(today=day(4, 1))
    assert result.state == "open"
    assert (result.final_date, result.deadline) == (day(6, 10), day(6, 13))
    # promised_date is not used when there are instalments
    other = promise.evaluate_promise(900.0, day(1, 1), [], day(4, 1), instalments=INST)
    assert other == result


def test_instalment_grace_boundary():
    assert evaluate_inst(today=day(4, 13)).state == "open"
    result = evaluate_inst(today=day(4, 14))
    assert result.state == "broken"
    assert result.missed_instalments == (day(4, 10),)
    assert (result.paid_amount, result.due_amount) == (0.0, 900.0)


def test_instalment_short_paid_is_partially_kept():
    result = evaluate_inst([(day(4, 12), 200.0)], today=day(4, 14))
    assert result.state == "partially_kept"
    assert result.missed_instalments == (day(4, 10),)
    assert (result.paid_amount, result.due_amount) == (200.0, 700.0)


def test_instalment_within_tolerance_is_covered():
    assert evaluate_inst([(day(4, 12), 299.995)], today=day(4, 14)).state == "open"


def test_instalment_paid_after_its_grace_stays_missed():
    result = evaluate_inst([(day(4, 14), 300.0)], today=day(4, 20))
    assert result.state == "partially_kept"
    assert result.missed_instalments == (day(4, 10),)


def test_instalments_on_schedule_stay_open():
    assert evaluate_inst([(day(4, 9), 300.0)], today=day(5, 13)).state == "open"
    second_missed = evaluate_inst([(day(4, 9), 300.0)], today=day(5, 14))
    assert second_missed.state == "partially_kept"
    assert second_missed.missed_instalments == (day(5, 10),)
    on_time = evaluate_inst([(day(4, 9), 300.0), (day(5, 13), 300.0)], today=day(5, 14))
    assert on_time.state == "open"
    assert on_time.on_time


def test_instalments_cumulative_coverage():
    # 600 paid before the first instalment covers the second one too.
    result = evaluate_inst([(day(4, 1), 600.0)], today=day(6, 1))
    assert (result.state, result.missed_instalments) == ("open", ())
    # Last instalment on its deadline.
    result = evaluate_inst([(day(4, 1), 600.0), (day(6, 13), 300.0)], today=day(6, 20))
    assert (result.state, result.missed_instalments) == ("kept", ())


def test_instalments_all_paid_is_kept():
    payments = [(day(4, 10), 300.0), (day(5, 10), 300.0), (day(6, 10), 300.0)]
    result = evaluate_inst(payments, today=day(6, 10))
    assert (result.state, result.paid_amount, result.due_amount) == ("kept", 900.0, 0.0)


def test_instalments_kept_upfront():
    assert evaluate_inst([(day(3, 31), 900.0)], today=day(4, 1)).state == "kept"


def test_missed_instalment_then_fully_paid_before_deadline_is_kept():
    result = evaluate_inst([(day(5, 1), 900.0)], today=day(5, 2))
    assert result.state == "kept"
    assert result.missed_instalments == (day(4, 10),)  # informative


def test_instalments_after_deadline():
    partial = evaluate_inst([(day(4, 10), 300.0), (day(5, 10), 300.0)], today=day(6, 14))
    assert partial.state == "partially_kept"
    assert partial.missed_instalments == (day(6, 10),)
    assert partial.due_amount == 300.0
    nothing = evaluate_inst(today=day(7, 1))
    assert nothing.state == "broken"
    assert nothing.missed_instalments == (day(4, 10), day(5, 10), day(6, 10))
    late = evaluate_inst([(day(6, 14), 900.0)], today=day(7, 1))
    assert (late.state, late.paid_amount) == ("broken", 0.0)


def test_empty_instalments_mean_none():
    assert promise.evaluate_promise(100.0, D, [], day(4, 14), instalments=[]).state == "broken"


# is_on_time and final_date


@pytest.mark.parametrize(
    ("payments", "today", "expected"),
    [
        ([], day(4, 1), True),
        ([], DEADLINE, True),
        ([], day(4, 14), False),
        ([(D, 1000.0)], day(4, 11), False),  # kept: nothing left to wait for
        ([(D, 500.0)], day(4, 14), False),
    ],
)
def test_is_on_time(payments, today, expected):
    assert promise.is_on_time(1000.0, D, payments, today) is expected


def test_is_on_time_with_instalments():
    assert promise.is_on_time(900.0, day(6, 10), [], day(4, 13), instalments=INST)
    assert not promise.is_on_time(900.0, day(6, 10), [], day(4, 14), instalments=INST)
    assert promise.is_on_time(900.0, day(6, 10), [], day(4, 14), grace_days=5, instalments=INST)


def test_final_date():
    assert promise.final_date(D) == D
    assert promise.final_date(D, []) == D
    assert promise.final_date(D, INST) == day(6, 10)
    assert promise.final_date(datetime(2026, 4, 10, 12, 0)) == D


def test_states_constant():
    assert promise.PROMISE_STATES == ("open", "kept", "partially_kept", "broken")


# evaluate_promise errors


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"amount": 0}, "amount must be positive"),
        ({"amount": -5}, "amount must be positive"),
        ({"amount": None}, "amount must be positive"),
        ({"today": None}, "'today' is required"),
        ({"grace_days": -1}, "Grace days"),
        ({"tolerance": -0.01}, "Tolerance"),
        ({"promised_date": None}, "needs a promised date"),
        ({"instalments": [(day(4, 10), 500.0), (day(5, 10), 400.0)]}, "add up to 900.00"),
        ({"instalments": [(day(5, 10), 500.0), (day(4, 10), 500.0)]}, "strictly increasing"),
        ({"instalments": [(day(4, 10), 1000.0), (day(5, 10), 0.0)]}, "positive amount"),
    ],
)
def test_evaluate_errors(kwargs, message):
    args = {"amount": 1000.0, "promised_date": D, "payments": [], "today": day(4, 1), **kwargs}
    with pytest.raises(ValueError, match=message):
        promise.evaluate_promise(**args)


# validate_promise

TODAY = day(4, 1)


def test_validate_ok():
    assert promise.validate_promise(100.0, TODAY, today=TODAY) is None  # today itself is fine
    promise.validate_promise(100.0, D, today=TODAY)
    promise.validate_promise(900.0, day(6, 10), instalments=INST, today=TODAY)
    promise.validate_promise(900.0, day(6, 10), instalments=[(TODAY, 900.0)], today=TODAY)
    # within 0.005 of the amount
    promise.validate_promise(900.0, D, instalments=[(D, 450.0), (day(4, 11), 450.004)], today=TODAY)


def test_validate_allow_past():
    promise.validate_promise(100.0, day(3, 1), today=TODAY, allow_past=True)
    promise.validate_promise(900.0, day(6, 10), instalments=INST, today=day(5, 1), allow_past=True)


def test_validate_default_today():
    promise.validate_promise(10.0, date.today())
    promise.validate_promise(10.0, date.today() + timedelta(days=1))
    with pytest.raises(ValueError, match="in the past"):
        promise.validate_promise(10.0, date.today() - timedelta(days=1))


@pytest.mark.parametrize(
    ("amount", "promised_date", "instalments", "message"),
    [
        (0, D, None, "amount must be positive"),
        (-1, D, None, "amount must be positive"),
        (None, D, None, "amount must be positive"),
        (100.0, None, None, "needs a promised date"),
        (100.0, day(3, 31), None, "promised date 2026-03-31 is in the past"),
        (100.0, D, [], "at least one instalment"),
        (100.0, D, [(D, 0.0), (day(4, 11), 100.0)], "positive amount"),
        (100.0, D, [(D, -10.0), (day(4, 11), 110.0)], "positive amount"),
        (100.0, D, [(None, 100.0)], "needs a date"),
        (100.0, D, [(D, 50.0), (D, 50.0)], "strictly increasing"),
        (100.0, D, [(day(4, 11), 50.0), (D, 50.0)], "strictly increasing"),
        (100.0, D, [(D, 50.0), (day(4, 11), 49.0)], "add up to 99.00, not to the promised amount 100.00"),
        (100.0, D, [(D, 50.0), (day(4, 11), 50.006)], "add up to"),
        (100.0, D, [(day(3, 31), 50.0), (D, 50.0)], "instalment date 2026-03-31 is in the past"),
    ],
)
def test_validate_errors(amount, promised_date, instalments, message):
    with pytest.raises(ValueError, match=message):
        promise.validate_promise(amount, promised_date, instalments=instalments, today=TODAY)


def test_evaluation_is_frozen():
    result = evaluate()
    with pytest.raises(AttributeError):
        result.state = "kept"
