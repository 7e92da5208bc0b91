"""Shift feasibility: cover a day's interval requirements with whole shifts at the least paid time.

The interval requirements of a staffing plan are a lower bound: agents come in whole shifts of set
lengths that start on a grid and carry an unpaid break, so covering every interval needs more paid
hours than the sum of the intervals. Choosing how many shifts start at each time with each length is
a small integer programme (a covering problem), solved with SciPy's `milp` (the HiGHS solver), or by its
linear programme (`linprog`, HiGHS too) when that one's optimum is whole shifts already.

The day is treated as a cycle: a shift starting at 22:00 covers the end of the day and the start of
the same kind of day, which is how a 24-hour operation repeats. A closed interval needs nobody, but a
shift may run through it (paid time nobody can use: part of the uplift).
"""
from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

DEFAULT_BREAK_MINUTES = 0
DEFAULT_START_STEP_MINUTES = 30


@dataclass(frozen=True)
class ShiftRules:
    """The shapes a shift may take. On the plan's interval grid a shift's worked time and its break
    are whole intervals: the break is rounded up (30 minutes on hourly intervals blocks an hour), the
    paid hours stay as given."""

    lengths_hours: tuple[float, ...]  # paid hours
    break_minutes: int = DEFAULT_BREAK_MINUTES  # unpaid, in the middle of the shift
    start_step_minutes: int = DEFAULT_START_STEP_MINUTES


@dataclass(frozen=True)
class Roster:
    """The cheapest cover of one day: paid hours and the shifts (start "HH:MM", paid hours, count)."""

    paid_hours: float
    shifts: tuple[tuple[str, float, int], ...]
    optimal: bool = True


class SolverUnavailable(Exception):
    """The optimiser is missing, failed or ran out of time; the message says which, for the plan's notes."""


def _shapes(rules: ShiftRules, step: int):
    """(start minute, paid hours, covered interval offsets) for every allowed shift, on the interval grid."""
    slots = 1440 // step
    start_step = max(step, rules.start_step_minutes // step * step)
    shapes = []
    for length in rules.lengths_hours:
        work = round(length * 60 / step)
        pause = math.ceil(rules.break_minutes / step) if rules.break_minutes else 0
        first_half = work // 2
        covered = list(range(first_half)) + list(range(first_half + pause, work + pause))
        for start in range(0, 1440, start_step):
            shapes.append((start, length, [(start // step + k) % slots for k in covered]))
    return shapes


def roster_day(required: list[int], step: int, rules: ShiftRules, time_limit: float = 10.0) -> Roster:
    """The fewest paid hours of whole shifts covering `required` agents in every interval of the day.

    When the node limit (or `time_limit`) is reached with a roster found but not proven the cheapest,
    that roster is returned (it covers every interval; `optimal` says whether it is proven). Raises SolverUnavailable when
    SciPy is not installed, the solver fails, or no roster is found in time.
    """
    if not any(required):
        return Roster(0.0, ())
    try:
        import numpy as np
        from scipy.optimize import Bounds, LinearConstraint, linprog, milp
        from scipy.sparse import csr_matrix
    except ImportError:
        raise SolverUnavailable("scipy_missing") from None
    slots = len(required)
    needed = [i for i in range(slots) if required[i] > 0]
    # A shift starting where nobody is needed could start later and cover no less (breaks aside), so
    # only shifts starting in a needed interval are offered: the same optimum, a far smaller programme.
    shapes = [shape for shape in _shapes(rules, step) if required[shape[0] // step] > 0]
    rows, cols = [], []
    for column, (_, _, covered) in enumerate(shapes):
        for i in covered:
            rows.append(i)
            cols.append(column)
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(slots, len(shapes)))[needed]
    costs = np.array([length for _, length, _ in shapes], dtype=float)
    lower = [required[i] for i in needed]
    # Shifts without a break are unbroken runs of intervals: the linear programme's optimum (half the time
    # to find) is then nearly always whole shifts already, and no integer solution can be cheaper. With
    # breaks it seldom is, so the integer programme is solved straight away.
    relaxed = None if rules.break_minutes else linprog(
        costs, A_ub=-matrix, b_ub=-np.array(lower, dtype=float), bounds=(0, None), method="highs",
        options={"time_limit": max(time_limit, 0.01)})
    if relaxed is not None and relaxed.status == 0 and np.allclose(relaxed.x, np.round(relaxed.x), rtol=0, atol=1e-9):
        result = relaxed
    else:
        result = milp(costs, constraints=LinearConstraint(matrix, lb=lower, ub=np.inf),
                      integrality=np.ones(len(shapes)), bounds=Bounds(0, np.inf),
                      options={"time_limit": max(time_limit, 0.01), "node_limit": NODE_LIMIT, "disp": False})
    if result.x is None:  # no roster at all: out of time or nodes before the first one, or a failure
        raise SolverUnavailable("solver_time_limit" if result.status == 1 else "solver_failed")
    counts = [round(x) for x in result.x]
    chosen = tuple((f"{start // 60:02d}:{start % 60:02d}", length, count)
                   for (start, length, _), count in zip(shapes, counts) if count)
    return Roster(round(sum(length * count for _, length, count in chosen), 6), chosen, result.status == 0)


NODE_LIMIT = 2000  # branch-and-bound nodes per day: past it the best roster so far is kept (deterministic,
# unlike a time limit, so the same project always gives the same documents)


class RosterBudget:
    """Solves many days within one time budget, each distinct day once."""

    def __init__(self, rules: ShiftRules, step: int, seconds: float):
        self.rules, self.step, self.deadline = rules, step, time.perf_counter() + seconds
        self.solved: dict[tuple, Roster] = {}

    @property
    def optimal(self) -> bool:
        return all(roster.optimal for roster in self.solved.values())

    def solve(self, days: list[list[int]]) -> None:
        """Solve the distinct days among `days` not solved yet, side by side on the machine's cores:
        HiGHS lets go of the interpreter while it solves (two cores: 1.5 × faster for a month's 14 days).
        Each day's roster is the one it gets alone (a node limit, not a clock, ends a search)."""
        keys = list(dict.fromkeys(tuple(day) for day in days if tuple(day) not in self.solved))
        if len(keys) < 2 or (os.cpu_count() or 1) < 2:
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(min(len(keys), os.cpu_count() or 1)) as pool:
            for key, roster in zip(keys, pool.map(self._roster, keys)):
                self.solved[key] = roster

    def paid_hours(self, required: list[int]) -> float:
        key = tuple(required)
        if key not in self.solved:
            self.solved[key] = self._roster(key)
        return self.solved[key].paid_hours

    def _roster(self, key: tuple) -> Roster:
        """One day's roster in the time the budget has left."""
        remaining = self.deadline - time.perf_counter()
        if remaining <= 0:
            raise SolverUnavailable("solver_time_limit")
        return roster_day(list(key), self.step, self.rules, time_limit=remaining)
