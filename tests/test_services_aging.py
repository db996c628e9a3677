# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

import pytest
from conftest import load_service

aging = load_service("rcm_collections", "aging")

AS_OF = date(2026, 3, 31)


def due(days_overdue):
    """Due date that is ``days_overdue`` days overdue on AS_OF."""
    return AS_OF - timedelta(days=days_overdue)


# parse_limits / format_limits


def test_default_limits():
    assert aging.DEFAULT_LIMITS == (0, 30, 60, 90, 120)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30,60,90,120", (0, 30, 60, 90, 120)),
        (" 30 , 60,90 ,120 ", (0, 30, 60, 90, 120)),
        ("15", (0, 15)),
        ("1,2,3", (0, 1, 2, 3)),
        ("7,14,30,45,60,90,180,365", (0, 7, 14, 30, 45, 60, 90, 180, 365)),
    ],
)
def test_parse_limits(text, expected):
    assert aging.parse_limits(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
        ("30,,60", "empty item"),
        ("30,60,", "empty item"),
        ("30,abc", "not a whole number"),
        ("30,60.5", "not a whole number"),
        ("0,30,60", "positive"),
        ("-30,60", "positive"),
        ("30,60,60", "strictly increasing"),
        ("60,30", "strictly increasing"),
    ],
)
def test_parse_limits_errors(text, message):
    with pytest.raises(ValueError, match=message):
        aging.parse_limits(text)


def test_format_limits_round_trip():
    assert aging.format_limits(aging.DEFAULT_LIMITS) == "30,60,90,120"
    assert aging.parse_limits(aging.format_limits((0, 10, 20))) == (0, 10, 20)


@pytest.mark.parametrize(
    "limits",
    [(), (30, 60), (0, 30, 30), (0, 60, 30), (0, 30.5, 60), (0, "30"), (0, True)],
)
def test_invalid_limits_tuple(limits):
    with pytest.raises(ValueError):
        aging.bucket_keys(limits)
    with pytest.raises(ValueError):
        aging.bucket_index(10, limits)


# keys and labels


def test_bucket_keys_and_labels_default():
    assert aging.bucket_keys(aging.DEFAULT_LIMITS) == [
        "current",
        "1_30",
        "31_60",
        "61_90",
        "91_120",
        "over_120",
    ]
    assert aging.bucket_labels(aging.DEFAULT_LIMITS) == [
        "Current",
        "1-30",
        "31-60",
        "61-90",
        "91-120",
        ">120",
    ]
    assert aging.bucket_keys() == aging.bucket_keys(aging.DEFAULT_LIMITS)


def test_bucket_keys_and_labels_custom():
    limits = aging.parse_limits("15,45")
    assert aging.bucket_keys(limits) == ["current", "1_15", "16_45", "over_45"]
    assert aging.bucket_labels(limits) == ["Current", "1-15", "16-45", ">45"]
    assert aging.bucket_keys((0,)) == ["current", "over_0"]


# days_overdue


def test_days_overdue():
    assert aging.days_overdue(date(2026, 3, 1), date(2026, 3, 31)) == 30
    assert aging.days_overdue(date(2026, 3, 31), date(2026, 3, 31)) == 0
    assert aging.days_overdue(date(2026, 4, 10), date(2026, 3, 31)) == -10
    assert aging.days_overdue(date(2025, 12, 31), date(2026, 3, 1)) == 60  # across year end
    assert aging.days_overdue(date(2024, 2, 28), date(2024, 3, 1)) == 2  # leap year


def test_days_overdue_accepts_datetimes():
    assert aging.days_overdue(datetime(2026, 3, 1, 23, 59), datetime(2026, 3, 2, 0, 1)) == 1
    assert aging.days_overdue(date(2026, 3, 1), datetime(2026, 3, 2, 12, 0)) == 1


# bucket_index: every boundary


@pytest.mark.parametrize(
    ("days", "index"),
    [
        (-365, 0),
        (-1, 0),
        (0, 0),
        (1, 1),
        (30, 1),
        (31, 2),
        (60, 2),
        (61, 3),
        (90, 3),
        (91, 4),
        (120, 4),
        (121, 5),
        (10_000, 5),
    ],
)
def test_bucket_index_default_boundaries(days, index):
    assert aging.bucket_index(days, aging.DEFAULT_LIMITS) == index
    assert aging.bucket_index(days) == index


@pytest.mark.parametrize(("days", "index"), [(0, 0), (1, 1), (15, 1), (16, 2), (45, 2), (46, 3)])
def test_bucket_index_custom_limits(days, index):
    assert aging.bucket_index(days, (0, 15, 45)) == index


def test_bucket_index_matches_keys():
    keys = aging.bucket_keys()
    assert keys[aging.bucket_index(45)] == "31_60"
    assert keys[aging.bucket_index(200)] == "over_120"


# sql_bucket_case


def test_sql_bucket_case_default():
    fragment, params = aging.sql_bucket_case("CURRENT_DATE - aml.date_maturity")
    d = "(CURRENT_DATE - aml.date_maturity)"
    assert fragment == (
        f"CASE WHEN {d} IS NULL THEN 0 "
        f"WHEN {d} <= %s THEN 0 WHEN {d} <= %s THEN 1 WHEN {d} <= %s THEN 2 "
        f"WHEN {d} <= %s THEN 3 WHEN {d} <= %s THEN 4 ELSE 5 END"
    )
    assert params == [0, 30, 60, 90, 120]
    assert fragment.count("%s") == len(params)


def test_sql_bucket_case_custom():
    fragment, params = aging.sql_bucket_case("x", (0, 10))
    assert fragment == "CASE WHEN (x) IS NULL THEN 0 WHEN (x) <= %s THEN 0 WHEN (x) <= %s THEN 1 ELSE 2 END"
    assert params == [0, 10]


def test_sql_bucket_case_limits_are_params_only():
    fragment, params = aging.sql_bucket_case("d", (0, 17, 43))
    assert "17" not in fragment and "43" not in fragment
    assert params == [0, 17, 43]


def test_sql_bucket_case_invalid_limits():
    with pytest.raises(ValueError):
        aging.sql_bucket_case("d", (30, 60))


def test_sql_bucket_case_agrees_with_bucket_index():
    """Evaluate the CASE in Python (substituting params) and compare with bucket_index."""
    limits = aging.DEFAULT_LIMITS
    fragment, params = aging.sql_bucket_case("d", limits)
    whens = fragment.removeprefix("CASE WHEN (d) IS NULL THEN 0 ").removesuffix(" END").split(" WHEN ")
    else_index = int(whens[-1].rsplit("ELSE ", 1)[1])
    conditions = [int(w.split("THEN ")[1].split()[0]) for w in whens]
    for days in range(-5, 200):
        result = else_index
        for limit, index in zip(params, conditions, strict=True):
            if days <= limit:
                result = index
                break
        assert result == aging.bucket_index(days, limits), days


# split_amounts


def test_split_amounts_every_bucket():
    items = [
        (due(-10), 1.0),  # not yet due -> current
        (due(0), 2.0),  # due today -> current
        (due(1), 4.0),
        (due(30), 8.0),
        (due(31), 16.0),
        (due(60), 32.0),
        (due(61), 64.0),
        (due(90), 128.0),
        (due(91), 256.0),
        (due(120), 512.0),
        (due(121), 1024.0),
        (due(400), 2048.0),
    ]
    assert aging.split_amounts(items, aging.DEFAULT_LIMITS, AS_OF) == [3.0, 12.0, 48.0, 192.0, 768.0, 3072.0]


def test_split_amounts_empty():
    assert aging.split_amounts([], aging.DEFAULT_LIMITS, AS_OF) == [0.0] * 6
    assert aging.split_amounts([], (0, 30), AS_OF) == [0.0] * 3


def test_split_amounts_rounding_and_float_noise():
    # 0.1 added ten times is 0.9999999999999999 with naive summation; fsum gives 1.0.
    items = [(due(5), 0.1)] * 10 + [(due(45), 10.005), (due(45), 0.001)]
    result = aging.split_amounts(items, aging.DEFAULT_LIMITS, AS_OF)
    assert result[1] == 1.0
    assert result[2] == round(10.006, 2) == 10.01


def test_split_amounts_negative_amounts_and_no_due_date():
    items = [(due(10), 100.0), (due(10), -100.0), (due(70), -25.5), (None, 7.25)]
    result = aging.split_amounts(items, aging.DEFAULT_LIMITS, AS_OF)
    assert result == [7.25, 0.0, 0.0, -25.5, 0.0, 0.0]
    assert all(str(value) != "-0.0" for value in result)


def test_split_amounts_custom_limits_and_datetimes():
    items = [(datetime(2026, 3, 20, 8, 0), 10.0), (date(2026, 2, 1), 20.0)]
    # 11 and 58 days overdue as of 2026-03-31
    assert aging.split_amounts(items, (0, 15), datetime(2026, 3, 31, 18, 0)) == [0.0, 10.0, 20.0]


def test_split_amounts_default_as_of_is_today():
    today = date.today()
    items = [(today, 1.0), (today - timedelta(days=1), 2.0)]
    assert aging.split_amounts(items) == [1.0, 2.0, 0.0, 0.0, 0.0, 0.0]


def test_split_amounts_invalid_limits():
    with pytest.raises(ValueError):
        aging.split_amounts([], (30, 60), AS_OF)
