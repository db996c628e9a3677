# Copyright 2026 RCM contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from conftest import load_service

deviation = load_service("rcm_collections", "deviation")

A, B, C = "Overdue activities (missed SLA)", "Broken promise: 10 by 1/1", "Delivery failed: DUN/1"


def test_join_and_split_round_trip_without_duplicates():
    text = deviation.join_reasons([A, B, A, "", " "])
    assert text == f"{A}; {B}"
    assert deviation.split_reasons(text) == [A, B]
    assert deviation.split_reasons("") == []
    assert deviation.split_reasons(None) == []


def test_new_flag_gains_every_reason():
    update = deviation.update_flag([A, B])
    assert update.flagged
    assert update.text == f"{A}; {B}"
    assert update.gained == {A, B}
    assert not update.acknowledged


def test_no_live_reason_clears_everything():
    update = deviation.update_flag([], flagged=True, reason_text=A, acknowledged=True, ack_text=A)
    assert not update.flagged
    assert update.text == ""
    assert not update.gained
    assert not update.acknowledged


def test_same_reasons_gain_nothing_and_stay_acknowledged():
    update = deviation.update_flag([A], flagged=True, reason_text=A, acknowledged=True, ack_text=A)
    assert update.gained == frozenset()
    assert update.acknowledged


def test_a_reason_going_away_keeps_the_acknowledgement():
    text = f"{A}; {B}"
    update = deviation.update_flag([B], flagged=True, reason_text=text, acknowledged=True, ack_text=text)
    assert update.text == B
    assert update.acknowledged
    assert not update.gained


def test_a_new_reason_re_raises_the_flag():
    update = deviation.update_flag([A, C], flagged=True, reason_text=A, acknowledged=True, ack_text=A)
    assert update.gained == {C}
    assert not update.acknowledged


def test_unflagged_case_ignores_its_stale_text():
    # a flag cleared by hand (Resume) keeps no reasons: everything live again is gained
    update = deviation.update_flag([A], flagged=False, reason_text=A)
    assert update.gained == {A}


def test_acknowledgement_needs_the_acknowledged_flag():
    update = deviation.update_flag([A], flagged=True, reason_text=A, acknowledged=False, ack_text=A)
    assert not update.acknowledged
