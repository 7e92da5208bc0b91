"""Queueing math: the published worked cases (docs/domain.md), Erlang A against the birth-death chain, hard inputs."""
from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from rfpgen import erlang
from rfpgen.cli import main
from rfpgen.erlang import Targets
from rfpgen.errors import ImpossibleTarget


def solve(calls, interval_minutes, aht, percent, threshold, cap=100.0, asa=None):
    load = erlang.offered_load(calls, aht, interval_minutes * 60)
    agents = erlang.required_agents(load, aht, Targets(percent / 100, threshold, asa, cap / 100))
    return load, agents


# ---------------------------------------------------------------- published worked cases

def test_case_1_hundred_calls_per_half_hour():
    load, agents = solve(100, 30, 180, 80, 20, cap=85)
    assert load == pytest.approx(10.0)
    assert agents == 14
    result = erlang.evaluate(agents, load, 180, 20)
    assert result.wait_probability == pytest.approx(0.1741, abs=5e-5)
    assert result.service_level == pytest.approx(0.8884, abs=5e-5)
    assert round(result.asa_seconds, 1) == 7.8
    assert result.occupancy == pytest.approx(0.714, abs=5e-4)
    assert erlang.scheduled_agents(agents, erlang.total_shrinkage([30])) == 20
    assert erlang.evaluate(13, load, 180, 20).service_level == pytest.approx(0.7956, abs=5e-5)


def test_case_1_with_occupancy_cap_of_70_percent():
    _, agents = solve(100, 30, 180, 80, 20, cap=70)
    assert agents == 15
    assert erlang.scheduled_agents(agents, erlang.total_shrinkage([30])) == 22


def test_case_2_two_hundred_fifty_calls_per_hour():
    load, agents = solve(250, 60, 330, 80, 30)
    assert load == pytest.approx(22.92, abs=5e-3)
    assert agents == 28
    result = erlang.evaluate(28, load, 330, 30)
    assert result.service_level == pytest.approx(0.8569, abs=5e-5)
    assert result.wait_probability == pytest.approx(0.2272, abs=5e-5)
    assert round(result.asa_seconds, 2) == pytest.approx(14.75)
    assert erlang.evaluate(27, load, 330, 30).service_level == pytest.approx(0.7822, abs=5e-5)


def test_case_3_two_hundred_calls_per_half_hour():
    load, agents = solve(200, 30, 180, 80, 60)
    assert load == pytest.approx(20.0)
    assert agents == 23
    assert erlang.evaluate(23, load, 180, 60).service_level == pytest.approx(0.8471, abs=5e-5)
    assert erlang.evaluate(22, load, 180, 60).service_level == pytest.approx(0.7084, abs=5e-5)
    assert erlang.erlang_b(25, 20) == pytest.approx(0.05022, abs=5e-6)
    assert erlang.erlang_c(25, 20) == pytest.approx(0.20910, abs=5e-6)


# ---------------------------------------------------------------- Erlang B and C

def plain_erlang_b(agents, load):
    """The textbook recursion from B(0) = 1, no shortcuts."""
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


@pytest.mark.parametrize("load", [0.3, 5, 20, 143.9, 150, 400, 1000, 3000, 8000])
def test_warm_started_erlang_b_equals_the_full_recursion(load):
    top = int(load + 8 * math.sqrt(load)) + 3
    exact = [1.0]
    for k in range(1, top + 1):
        exact.append(load * exact[-1] / (k + load * exact[-1]))
    for agents in range(max(1, int(load - 5 * math.sqrt(load))), top + 1):
        assert erlang.erlang_b(agents, load) == pytest.approx(exact[agents], rel=1e-12)


def test_erlang_b_far_below_the_load_recomputes_exactly():
    assert erlang.erlang_b(10, 1000) == pytest.approx(plain_erlang_b(10, 1000), rel=1e-12)


def test_large_load_is_finite_and_minimal():
    load, aht = 4000.0, 300.0
    targets = Targets(0.8, 20)
    agents = erlang.required_agents(load, aht, targets)

    def service_level(n):  # independent: plain recursion and the textbook formulas
        b = plain_erlang_b(n, load)
        wait = n * b / (n - load * (1 - b))
        return 1 - wait * math.exp(-(n - load) * 20 / aht)

    assert service_level(agents) >= 0.8 > service_level(agents - 1)
    assert load < agents < load * 1.05
    result = erlang.evaluate(agents, load, aht, 20)
    assert all(math.isfinite(v) for v in (result.service_level, result.asa_seconds, result.wait_probability))


def test_many_agents_beyond_the_load_do_not_underflow_into_nonsense():
    result = erlang.evaluate(400, 10, 180, 20)
    assert result.wait_probability == pytest.approx(0.0, abs=1e-300)
    assert result.service_level == 1.0
    assert result.asa_seconds == pytest.approx(0.0, abs=1e-300)


def test_too_few_agents_give_no_service_and_unbounded_waits():
    result = erlang.evaluate(9, 10, 180, 20)
    assert (result.service_level, result.asa_seconds, result.wait_probability) == (0.0, None, 1.0)


def test_zero_load_needs_no_agents():
    assert erlang.required_agents(0, 180, Targets()) == 0
    assert erlang.required_agents(0, 180, Targets(), patience_seconds=60) == 0
    result = erlang.evaluate(0, 0, 180, 20)
    assert result.service_level == 1.0 and result.occupancy == 0.0


def test_asa_target_adds_agents():
    load = 10.0
    without = erlang.required_agents(load, 180, Targets(0.8, 20))
    with_asa = erlang.required_agents(load, 180, Targets(0.8, 20, asa_seconds=2))
    assert with_asa > without
    assert erlang.evaluate(with_asa, load, 180, 20).asa_seconds <= 2 < erlang.evaluate(with_asa - 1, load, 180, 20).asa_seconds


@settings(max_examples=150, deadline=None)
@given(load=st.floats(min_value=0.01, max_value=400), hint=st.integers(min_value=1, max_value=600),
       patience=st.one_of(st.none(), st.floats(min_value=5, max_value=1200)))
def test_a_hint_never_changes_the_answer(load, hint, patience):
    targets = Targets(0.8, 20, max_occupancy=0.9)
    fresh = erlang.required_agents(load, 240, targets, patience)
    erlang._recent.__dict__.clear()  # else the answer just found would be returned without a search
    assert erlang.required_agents(load, 240, targets, patience, hint=hint) == fresh
    model = erlang._queue(load, 240, patience)
    assert erlang._meets(model, fresh, targets)
    assert fresh == 1 or not erlang._meets(model, fresh - 1, targets)



@settings(max_examples=60, deadline=None)
@given(loads=st.lists(st.floats(min_value=0.01, max_value=60), min_size=2, max_size=40),
       patience=st.one_of(st.none(), st.floats(min_value=5, max_value=1200)),
       asa=st.one_of(st.none(), st.floats(min_value=1, max_value=60)))
def test_answers_bounded_by_nearby_loads_equal_fresh_searches(loads, patience, asa):
    targets = Targets(0.8, 20, asa_seconds=asa, max_occupancy=0.9,
                      max_abandonment=0.05 if patience is not None else None)
    erlang._recent.__dict__.clear()
    kept = [erlang.required_agents(load, 240, targets, patience) for load in loads + loads[::-1]]
    fresh = []
    for load in loads + loads[::-1]:
        erlang._recent.__dict__.clear()
        fresh.append(erlang.required_agents(load, 240, targets, patience))
    assert kept == fresh

# ---------------------------------------------------------------- shrinkage

def test_shrinkage_compounds_instead_of_adding():
    assert erlang.total_shrinkage([10, 8]) == pytest.approx(1 - 0.9 * 0.92)
    assert erlang.total_shrinkage([]) == 0
    assert erlang.scheduled_agents(14, 0.3) == 20  # 14 / 0.7 is 20.000000000000004 in floating point
    assert erlang.scheduled_agents(10, erlang.total_shrinkage([10, 8])) == math.ceil(10 / (0.9 * 0.92))
    assert erlang.scheduled_agents(0, 0.3) == 0


# ---------------------------------------------------------------- impossible targets: errors, never a hang

@pytest.mark.parametrize("targets, words", [
    (Targets(1.0, 0), "100%"),
    (Targets(1.0, 60), "100%"),
    (Targets(0.8, 20, max_occupancy=0), "occupancy cap of 0%"),
    (Targets(0.8, 20, asa_seconds=0), "average speed of answer"),
    (Targets(0.8, -1), "threshold"),
    (Targets(0.8, 20, max_abandonment=0), "abandonment"),
])
def test_impossible_targets_are_refused(targets, words):
    with pytest.raises(ImpossibleTarget, match=words):
        erlang.required_agents(10, 180, targets, patience_seconds=60 if targets.max_abandonment is not None else None)


def test_shrinkage_of_100_percent_is_refused():
    with pytest.raises(ImpossibleTarget, match="shrinkage"):
        erlang.total_shrinkage([30, 100])
    with pytest.raises(ImpossibleTarget, match="shrinkage"):
        erlang.scheduled_agents(10, 1.0)


def test_a_tiny_occupancy_cap_on_a_big_load_stops_instead_of_searching():
    with pytest.raises(ImpossibleTarget, match="1,000,000 agents"):
        erlang.required_agents(5000, 300, Targets(0.8, 20, max_occupancy=1e-4))


def test_bad_inputs_are_user_errors():
    with pytest.raises(erlang.RfpgenError, match="handle time"):
        erlang.offered_load(10, 0, 1800)
    with pytest.raises(erlang.RfpgenError, match="negative"):
        erlang.offered_load(-1, 180, 1800)
    with pytest.raises(erlang.RfpgenError, match="whole number"):
        erlang.erlang_b(-1, 5)


# ---------------------------------------------------------------- Erlang A against the birth-death chain

def erlang_a_by_chain(n, load, aht, patience, threshold):
    """M/M/n+M solved directly: stationary distribution by detailed balance (truncated where the
    tail is negligible); a tagged arrival's fate by uniformising its absorbing chain (SL) and by
    first-step analysis (mean wait of the answered)."""
    mu, theta = 1 / aht, 1 / patience
    lam = load * mu
    weights, weight, k = [1.0], 1.0, 0
    while True:
        k += 1
        weight *= lam / (min(k, n) * mu + max(k - n, 0) * theta)
        weights.append(weight)
        if k > n + (lam - n * mu) / theta and weight < 1e-18 * sum(weights):
            break
    total = sum(weights)
    queue = [w / total for w in weights[n:]]  # arrival finds j = 0, 1, ... waiting (PASTA)
    wait = sum(queue)
    # Tagged caller with i ahead moves up at rate n mu + i theta, abandons at rate theta.
    served, mean = [], []  # P(answered) and E[wait; answered] by number ahead
    for i in range(len(queue)):
        rate_on, rate_out = n * mu + i * theta, n * mu + i * theta + theta
        p_next, m_next = (1.0, 0.0) if i == 0 else (served[i - 1], mean[i - 1])
        served.append(rate_on / rate_out * p_next)
        mean.append(served[i] / rate_out + rate_on / rate_out * m_next)
    # P(answered within the threshold) for the mixture of arrivals, by uniformisation.
    top = len(queue) - 1
    big = n * mu + top * theta + theta
    state = list(queue)  # probability of being i ahead, still waiting
    done, steps = 0.0, 0
    poisson = math.exp(-big * threshold)
    mass = poisson * done
    while steps < big * threshold + 20 * math.sqrt(big * threshold + 1) + 30:
        new = [0.0] * len(state)
        for i, p in enumerate(state):
            if p == 0.0:
                continue
            rate_on = n * mu + i * theta
            new[i] += p * (1 - (rate_on + theta) / big)
            if i == 0:
                done += p * rate_on / big
            else:
                new[i - 1] += p * rate_on / big
        state = new
        steps += 1
        poisson *= big * threshold / steps
        mass += poisson * done
    answered_late = mass
    answered_if_waiting = sum(q * s for q, s in zip(queue, served))
    abandon = wait - answered_if_waiting
    service_level = (1 - wait) + answered_late
    asa = sum(q * m for q, m in zip(queue, mean)) / (1 - abandon)
    return {"wait": wait, "abandon": abandon, "service_level": service_level, "asa": asa,
            "occupancy": load * (1 - abandon) / n}


@pytest.mark.parametrize("n, load, aht, patience, threshold", [
    (14, 10, 180, 120, 20),
    (12, 10, 180, 60, 20),
    (8, 10, 180, 60, 20),   # fewer agents than the load: abandonment keeps it stable
    (22, 22.9, 330, 600, 30),
    (5, 2, 300, 30, 0),
    (30, 25, 240, 200, 60),
])
def test_erlang_a_matches_the_birth_death_chain(n, load, aht, patience, threshold):
    expected = erlang_a_by_chain(n, load, aht, patience, threshold)
    result = erlang.evaluate(n, load, aht, threshold, patience_seconds=patience)
    assert result.model == "erlang_a"
    assert result.wait_probability == pytest.approx(expected["wait"], abs=1e-9)
    assert result.abandon_probability == pytest.approx(expected["abandon"], abs=1e-9)
    assert result.service_level == pytest.approx(expected["service_level"], abs=1e-7)
    assert result.asa_seconds == pytest.approx(expected["asa"], rel=1e-7)
    assert result.occupancy == pytest.approx(min(1.0, expected["occupancy"]), abs=1e-9)


def test_erlang_a_with_endless_patience_is_erlang_c():
    a = erlang.evaluate(14, 10, 180, 20, patience_seconds=1e9)
    c = erlang.evaluate(14, 10, 180, 20)
    assert a.service_level == pytest.approx(c.service_level, abs=1e-6)
    assert a.asa_seconds == pytest.approx(c.asa_seconds, rel=1e-5)
    assert a.abandon_probability == pytest.approx(0, abs=1e-6)


def test_erlang_a_needs_fewer_agents_and_meets_an_abandonment_target():
    targets = Targets(0.8, 20)
    with_patience = erlang.required_agents(10, 180, targets, patience_seconds=120)
    assert with_patience < erlang.required_agents(10, 180, targets)
    capped = erlang.required_agents(10, 180, Targets(0.5, 20, max_abandonment=0.02), patience_seconds=120)
    assert erlang.evaluate(capped, 10, 180, 20, 120).abandon_probability <= 0.02
    assert erlang.evaluate(capped - 1, 10, 180, 20, 120).abandon_probability > 0.02


def test_erlang_a_large_load_stays_finite():
    agents = erlang.required_agents(5000, 300, Targets(0.8, 20, asa_seconds=5), patience_seconds=600)
    result = erlang.evaluate(agents, 5000, 300, 20, 600)
    assert result.service_level >= 0.8 and result.asa_seconds <= 5
    assert all(math.isfinite(v) for v in (result.wait_probability, result.abandon_probability, result.occupancy))


# ---------------------------------------------------------------- the calculator command

def run(*args):
    return CliRunner().invoke(main, ["erlang", *args])


def test_calculator_reproduces_case_1_as_json():
    result = run("--calls", "100", "--interval-minutes", "30", "--aht", "180", "--service-level", "80/20",
                 "--max-occupancy", "85", "--shrinkage", "30", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report) == ["model", "offered_load", "agents", "scheduled_agents", "service_level", "asa_seconds",
                            "occupancy", "wait_probability", "abandon_probability"]
    assert report["model"] == "erlang_c" and report["agents"] == 14 and report["scheduled_agents"] == 20
    assert round(report["asa_seconds"], 1) == 7.8 and report["abandon_probability"] is None
    assert report["service_level"] == pytest.approx(0.8884, abs=5e-5)


def test_calculator_table_and_erlang_a():
    table = run("--calls", "100", "--aht", "180", "--max-occupancy", "70", "--shrinkage", "30")
    assert table.exit_code == 0
    assert "15" in table.output and "22" in table.output and "Erlang C" in table.output
    a = json.loads(run("--calls", "100", "--aht", "180", "--patience", "120", "--format", "json").output)
    assert a["model"] == "erlang_a" and 0 < a["abandon_probability"] < 0.1 and a["agents"] < 14


def test_calculator_evaluates_given_agents():
    report = json.loads(run("--calls", "100", "--aht", "180", "--agents", "13", "--format", "json").output)
    assert report["agents"] == 13 and report["service_level"] == pytest.approx(0.7956, abs=5e-5)
    overloaded = json.loads(run("--calls", "100", "--aht", "180", "--agents", "9", "--format", "json").output)
    assert overloaded["asa_seconds"] is None and overloaded["service_level"] == 0


def test_calculator_chat_concurrency_counts_servers():
    single = json.loads(run("--calls", "100", "--aht", "600", "--format", "json").output)
    double = json.loads(run("--calls", "100", "--aht", "600", "--concurrency", "2", "--format", "json").output)
    assert double["agents"] == math.ceil(single["agents"] / 2)


@pytest.mark.parametrize("args, words", [
    (["--service-level", "100/0"], "100%"),
    (["--max-occupancy", "0"], "occupancy cap of 0%"),
    (["--shrinkage", "100"], "shrinkage"),
    (["--asa", "0"], "average speed of answer"),
    (["--max-abandonment", "5"], "--patience"),
])
def test_calculator_refuses_impossible_targets_without_a_traceback(args, words):
    result = run("--calls", "100", "--aht", "180", *args)
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an exception


def test_calculator_usage_errors():
    assert run("--calls", "100", "--aht", "180", "--service-level", "80").exit_code == 2
    assert run("--calls", "-1", "--aht", "180").exit_code == 2
    assert run("--calls", "100", "--aht", "0").exit_code == 2
