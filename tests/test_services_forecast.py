# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import date, datetime, timedelta

import pytest
from conftest import load_service

forecast = load_service("rcm_reports", "forecast")

TODAY = date(2026, 11, 25)  # a Wednesday


def test_predict_payment_date():
    assert forecast.predict_payment_date(date(2026, 12, 1), 10.0, TODAY) == date(2026, 12, 11)
    assert forecast.predict_payment_date(date(2026, 12, 1), 10.4, TODAY) == date(2026, 12, 11)
    assert forecast.predict_payment_date(date(2026, 12, 1), -3, TODAY) == date(2026, 11, 28)
    assert forecast.predict_payment_date(date(2026, 12, 1), None, TODAY) == date(2026, 12, 1)
    # already past the prediction and still open: expected today
    assert forecast.predict_payment_date(date(2026, 10, 1), 10, TODAY) == TODAY
    assert forecast.predict_payment_date(datetime(2026, 12, 1, 8), 0, TODAY) == date(2026, 12, 1)


def test_weeks():
    assert forecast.week_start(TODAY) == date(2026, 11, 23)
    assert forecast.week_index(TODAY, TODAY) == 0
    assert forecast.week_index(date(2026, 1, 1), TODAY) == 0
    assert forecast.week_index(date(2026, 11, 30), TODAY) == 1
    assert forecast.week_index(date(2026, 11, 23) + timedelta(weeks=12, days=6), TODAY) == 12
    assert forecast.week_index(date(2026, 11, 23) + timedelta(weeks=13), TODAY) is None


def test_weekly_forecast():
    items = [
        (date(2026, 10, 1), 100.0),
        (TODAY, 50.0),
        (date(2026, 11, 30), 0.1),
        (date(2026, 11, 30), 0.2),
        (date(2027, 6, 1), 999.0),
    ]
    buckets, later = forecast.weekly_forecast(items, TODAY)
    assert len(buckets) == 13
    assert buckets[0] == {"week_start": date(2026, 11, 23), "amount": 150.0}
    assert buckets[1]["amount"] == 0.3
    assert buckets[12]["week_start"] == date(2027, 2, 15)
    assert sum(b["amount"] for b in buckets[2:]) == 0.0
    assert later == 999.0
    buckets, later = forecast.weekly_forecast([], TODAY, weeks=4)
    assert [b["amount"] for b in buckets] == [0.0] * 4 and later == 0.0


def test_backtest_metrics():
    # errors (actual - predicted): +10 and +2
    pairs = [(date(2026, 6, 1), date(2026, 6, 11)), (date(2026, 9, 20), date(2026, 9, 22))]
    result = forecast.backtest_metrics(pairs)
    assert result["count"] == 2
    assert result["mae"] == 6.0
    assert result["bias"] == 6.0
    assert math.isclose(result["rmse"], math.sqrt((100 + 4) / 2))
    assert result["within_7"] == 0.5
    # early payers give a negative bias; weights weigh the means
    early = [(date(2026, 6, 11), date(2026, 6, 1)), (date(2026, 6, 1), date(2026, 6, 1))]
    weighted = forecast.backtest_metrics(early, weights=[3, 1])
    assert weighted["bias"] == -7.5
    assert weighted["mae"] == 7.5
    assert weighted["within_7"] == 0.25


def test_backtest_metrics_edge_cases():
    empty = forecast.backtest_metrics([])
    assert empty == {"count": 0, "mae": None, "bias": None, "rmse": None, "within_7": None}
    with pytest.raises(ValueError):
        forecast.backtest_metrics([(TODAY, TODAY)], weights=[1, 2])
