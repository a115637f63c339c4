"""The parsers' time budgets count CPU time: a loaded machine (a parser waiting for a core) never
cuts a decode short, while a parser that really spins is stopped."""

from __future__ import annotations

import time

import pytest

from mosprecheck.inventory.worker.bounds import _OutOfTime, _time_budget, cpu_now


def test_waiting_does_not_spend_the_budget():
    with _time_budget(0.2):
        time.sleep(0.5)  # wall-clock time passes, no CPU is used


def test_spinning_spends_it():
    started = cpu_now()
    with pytest.raises(_OutOfTime):
        with _time_budget(0.2):
            while cpu_now() - started < 5:
                pass
    assert cpu_now() - started < 2


def test_a_spent_budget_stops_at_once():
    with pytest.raises(_OutOfTime):
        with _time_budget(0):
            pass
