"""Queueing math for staffing one interval: Erlang B, Erlang C and Erlang A (Palm).

Pure functions over floats, standard library only, so the staffing plan, the calculator and the
documents all use the same numbers. Conventions (docs/domain.md): times in seconds, the offered load
`A = contacts x AHT / interval seconds` in Erlangs, the service level is the share of *offered*
contacts answered within the threshold (in Erlang A an abandoned contact counts as not answered).

Why it stays exact and fast for thousands of Erlangs:
- Erlang B uses the recursion `B(k) = A B(k-1) / (k + A B(k-1))`, never factorials or powers.
- The recursion does not have to start at 0. Its relative error shrinks by the factor
  `1 - B(k) <= k / A` at every step below A, so starting with B = 1 at `A - 12 sqrt(A)` leaves an
  error below exp(-72) by the time k reaches A. Cost is O(sqrt(A)) per interval instead of O(A).
- The solver gallops and bisects from a starting point (the previous interval's answer, else the
  square-root staffing rule A + sqrt(A)) instead of trying N = A+1, A+2, ...; the queue of a load is
  kept while recent, so other targets at the same load reuse its Erlang B values.
- The answer never falls as the load grows, so the answers already found for the nearest loads
  below and above bound a new load's answer: a year of intervals mostly needs no evaluation at all.
- Erlang A is written with the scaled incomplete gamma function (Mandelbaum & Zeltyn, "The
  Palm/Erlang-A queue"), evaluated in logarithms so that nothing overflows.
"""
from __future__ import annotations

import bisect
import math
import threading
from dataclasses import dataclass

from .errors import ImpossibleTarget, RfpgenError

MAX_AGENTS = 1_000_000  # per interval: beyond this a target is treated as unreachable, not searched
_WARM_START_SIGMAS = 12.0  # start of the Erlang B recursion, in standard deviations below the load
_EXACT_SIGMAS = 6.0  # below A - 6 sqrt(A) the warm-started values are not trusted; recompute from 0



# ---------------------------------------------------------------- inputs

def offered_load(contacts: float, aht_seconds: float, interval_seconds: float) -> float:
    """Offered load in Erlangs: the number of agents that would be busy all interval long."""
    if contacts < 0:
        raise RfpgenError(f"the number of contacts must not be negative (got {contacts:g})")
    if aht_seconds <= 0:
        raise RfpgenError(f"the average handle time must be more than 0 seconds (got {aht_seconds:g})")
    if interval_seconds <= 0:
        raise RfpgenError(f"the interval must be longer than 0 seconds (got {interval_seconds:g})")
    return contacts * aht_seconds / interval_seconds


def total_shrinkage(components_pct) -> float:
    """Compounded shrinkage `1 - prod(1 - s_i)` as a fraction; components are percentages.

    Breaks are taken from the time left after absence, and so on: adding the percentages would
    overstate it, and `N x (1 + s)` would understate the staff.
    """
    available = 1.0
    for pct in components_pct:
        if not 0 <= pct < 100:
            raise ImpossibleTarget(f"a shrinkage component of {pct:g}% is not possible: each must be at least 0% "
                                   "and below 100% (100% would leave no time to work)")
        available *= 1 - pct / 100
    return 1 - available


def scheduled_agents(required: int, shrinkage: float) -> int:
    """Agents to put on the schedule so that `required` are available: ceil(N / (1 - shrinkage))."""
    if not 0 <= shrinkage < 1:
        raise ImpossibleTarget(f"a total shrinkage of {shrinkage * 100:g}% leaves no time to work; it must be below 100%")
    # 14 / 0.7 is 20.000000000000004 in binary floating point; round before taking the ceiling.
    return math.ceil(round(required / (1 - shrinkage), 9))


@dataclass(frozen=True)
class Targets:
    """What one interval must achieve. Fractions, not percentages."""

    service_level: float = 0.80
    threshold_seconds: float = 20.0
    asa_seconds: float | None = None
    max_occupancy: float = 1.0
    max_abandonment: float | None = None  # Erlang A only: the share of offered contacts that may abandon

    def check(self) -> None:
        """Refuse targets that no staffing meets, so the solver can never loop for ever."""
        if not 0 < self.service_level < 1:
            raise ImpossibleTarget(
                f"a service level of {self.service_level * 100:g}% cannot be planned for: in a queue some contacts "
                "always wait, so no number of agents guarantees 100%; use a target below 100% (e.g. 80%)")
        if self.threshold_seconds < 0:
            raise ImpossibleTarget(f"the service-level threshold must not be negative (got {self.threshold_seconds:g} s)")
        if self.asa_seconds is not None and self.asa_seconds <= 0:
            raise ImpossibleTarget(f"an average speed of answer of {self.asa_seconds:g} s means nobody ever waits, which "
                                   "no number of agents guarantees; use a target above 0 seconds")
        if self.max_abandonment is not None and not 0 < self.max_abandonment <= 1:
            raise ImpossibleTarget(f"an abandonment target of {self.max_abandonment * 100:g}% cannot be planned for: "
                                   "with patience some callers always hang up; use a target above 0% (e.g. 5%)")
        if not 0 < self.max_occupancy <= 1:
            raise ImpossibleTarget(f"an occupancy cap of {self.max_occupancy * 100:g}% is impossible: agents must spend "
                                   "some time handling contacts; use a cap above 0% and at most 100% (e.g. 85%)")


@dataclass(frozen=True)
class QueueResult:
    """The performance of one interval with a given number of agents."""

    model: str  # "erlang_c" or "erlang_a"
    offered_load: float
    agents: int
    service_level: float  # fraction of offered contacts answered within the threshold
    asa_seconds: float | None  # None: waits grow without bound (Erlang C with N <= A)
    occupancy: float  # fraction of agents' time spent handling contacts
    wait_probability: float
    abandon_probability: float | None  # Erlang A only


# ---------------------------------------------------------------- Erlang B and C

class _Blocking:
    """Erlang B values B(k, A) for one load, extended upward on demand."""

    def __init__(self, load: float):
        self.load = load
        self._restart(max(0, int(load - _WARM_START_SIGMAS * math.sqrt(load))))

    def _restart(self, first: int) -> None:
        self.first = first
        self.values = [1.0]  # exact at k = 0; at a warm start the error dies out (module docstring)
        self.trusted_from = 0 if first == 0 else int(self.load - _EXACT_SIGMAS * math.sqrt(self.load))

    def __call__(self, n: int) -> float:
        if n < self.trusted_from:
            self._restart(0)
        values, load = self.values, self.load
        while len(values) <= n - self.first:
            previous = values[-1]
            values.append(load * previous / (self.first + len(values) + load * previous))
        return values[n - self.first]


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of an M/M/N/N loss system (the Erlang B formula)."""
    _check_agents_and_load(agents, load)
    return _Blocking(load)(agents)


def erlang_c(agents: int, load: float) -> float:
    """Probability that a contact waits (Erlang C); 1 when the agents cannot keep up (N <= A)."""
    _check_agents_and_load(agents, load)
    if load == 0:
        return 0.0
    return _wait_probability_c(agents, load, _Blocking(load)(agents))


def _wait_probability_c(agents: int, load: float, blocking: float) -> float:
    if agents <= load:
        return 1.0
    return agents * blocking / (agents - load * (1 - blocking))


def _check_agents_and_load(agents: int, load: float) -> None:
    if agents < 0 or agents != int(agents):
        raise RfpgenError(f"the number of agents must be a whole number of at least 0 (got {agents})")
    if load < 0:
        raise RfpgenError(f"the offered load must not be negative (got {load:g})")


class _ErlangC:
    """Erlang C metrics for one load as a function of the number of agents."""

    model = "erlang_c"

    def __init__(self, load: float, aht: float):
        self.load, self.aht, self.blocking = load, aht, _Blocking(load)

    def lowest(self) -> int:
        return math.floor(self.load) + 1  # fewer agents than the load can never catch up

    def wait_probability(self, n: int) -> float:
        return _wait_probability_c(n, self.load, self.blocking(n))

    def service_level(self, n: int, threshold: float) -> float:
        if n <= self.load:
            return 0.0
        return 1 - self.wait_probability(n) * math.exp(-(n - self.load) * threshold / self.aht)

    def asa(self, n: int) -> float | None:
        if n <= self.load:
            return None
        return self.wait_probability(n) * self.aht / (n - self.load)

    def occupancy(self, n: int) -> float:
        return min(1.0, self.load / n)

    def abandon_probability(self, n: int) -> None:
        return None


# ---------------------------------------------------------------- Erlang A

def _log_scaled_lower_gamma(s: float, z: float) -> float:
    """log G(s, z) where G(s, z) = e^z z^-s gamma(s, z) = sum_k z^k / (s (s+1) ... (s+k)).

    G is the quantity M&Z's formulas need; scaling keeps it finite where gamma(s, z) itself would
    overflow or underflow. Series below z = s + 1, Lentz continued fraction above.
    """
    if z < s + 1:
        term = total = 1.0 / s
        k = 0
        while term > total * 1e-17:
            k += 1
            term *= z / (s + k)
            total += term
        return math.log(total)
    # Upper incomplete gamma: Gamma(s, z) = e^-z z^s * fraction, by the modified Lentz method.
    tiny = 1e-300
    b = z + 1 - s
    c, d = 1 / tiny, 1 / b
    fraction = d
    i = 0
    while True:
        i += 1
        an = -i * (i - s)
        b += 2
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1 / d
        step = d * c
        fraction *= step
        if abs(step - 1) < 1e-16 or i > 100_000:
            break
    log_complete = z - s * math.log(z) + math.lgamma(s)  # log of e^z z^-s Gamma(s)
    return log_complete + math.log1p(-fraction * math.exp(-log_complete))


class _ErlangA:
    """Erlang A (M/M/N+M): exponential patience; callers abandon while they wait.

    With x = N patience / AHT and y = A patience / AHT, the states with everyone busy weigh
    S = x G(x, y) against the Erlang B states, so P(wait) = 1 / (1 + (1/B - 1) / S). A waiting caller
    is served with probability G(x+1, y) / G(x, y), and served within t with that minus
    c^(x+1) e^(y (1-c)) G(x+1, y c) / G(x, y), c = exp(-t / patience).
    """

    model = "erlang_a"

    def __init__(self, load: float, aht: float, patience: float):
        self.load, self.aht, self.patience = load, aht, patience
        self.blocking = _Blocking(load)
        self._cache: dict[int, tuple[float, float, float]] = {}

    def lowest(self) -> int:
        return 1  # abandonment keeps the queue stable even with fewer agents than the load

    def _core(self, n: int) -> tuple[float, float, float]:
        """(P(wait), P(served | wait), log G(x, y)) for n agents."""
        if n not in self._cache:
            if n == 0:
                self._cache[n] = (1.0, 0.0, 0.0)
            else:
                x, y = n * self.patience / self.aht, self.load * self.patience / self.aht
                log_g = _log_scaled_lower_gamma(x, y)
                blocking = self.blocking(n)
                if blocking == 0.0:
                    wait = 0.0
                else:
                    log_ratio = math.log(1 / blocking - 1) - (math.log(x) + log_g) if blocking < 1 else -math.inf
                    wait = 1 / (1 + math.exp(min(log_ratio, 700.0)))
                served = math.exp(_log_scaled_lower_gamma(x + 1, y) - log_g)
                self._cache[n] = (wait, min(1.0, served), log_g)
        return self._cache[n]

    def wait_probability(self, n: int) -> float:
        return self._core(n)[0]

    def abandon_probability(self, n: int) -> float:
        wait, served, _ = self._core(n)
        return wait * (1 - served)

    def service_level(self, n: int, threshold: float) -> float:
        wait, served, log_g = self._core(n)
        if n == 0:
            return 0.0
        x, y = n * self.patience / self.aht, self.load * self.patience / self.aht
        c = math.exp(-threshold / self.patience)
        late = math.exp(-(x + 1) * threshold / self.patience + y * (1 - c)
                        + _log_scaled_lower_gamma(x + 1, y * c) - log_g) if y * c > 0 else 0.0
        return (1 - wait) + wait * max(0.0, served - late)

    def asa(self, n: int) -> float | None:
        """Mean wait of the *answered* contacts.

        A caller who finds j others waiting is answered after V with exp(-V / patience) ~ Beta(x, j+1),
        so E[V; answered] = patience * x / (x+j+1) * sum_{i=1..j+1} 1/(x+i); averaged over j.
        """
        wait, served, _ = self._core(n)
        if n == 0:
            return None
        if wait == 0.0:
            return 0.0
        x, y = n * self.patience / self.aht, self.load * self.patience / self.aht
        weight, weights, weighted = 1.0, 0.0, 0.0
        harmonic, j = 1 / (x + 1), 0
        while True:
            weights += weight
            weighted += weight * x / (x + j + 1) * harmonic
            j += 1
            weight *= y / (x + j)
            harmonic += 1 / (x + j + 1)
            if weight > 1e200:  # rescale; only the ratio matters
                weight, weights, weighted = weight * 1e-200, weights * 1e-200, weighted * 1e-200
            if j > y - x and weight < weights * 1e-17:
                break
        mean_wait_if_waited = self.patience * weighted / weights  # answered ones only, per waiting caller
        answered = 1 - wait * (1 - served)
        return wait * mean_wait_if_waited / answered if answered > 0 else None

    def occupancy(self, n: int) -> float:
        if n == 0:
            return 0.0
        return min(1.0, self.load * (1 - self.abandon_probability(n)) / n)


# ---------------------------------------------------------------- solving and evaluating

class _ErlangAWithoutAbandonment(_ErlangC):
    """Erlang A when callers wait thousands of handle times: nobody abandons in practice, so it is Erlang C.

    The exact formulas would overflow (x = N patience / AHT) or take minutes to sum for no change.
    """

    model = "erlang_a"

    def abandon_probability(self, n: int) -> float:
        return 0.0


PATIENCE_AS_ERLANG_C = 1000  # patience / AHT beyond which abandonment is negligible


_recent = threading.local()  # per thread: the queues and answers are caches that grow as they are asked
_RECENT_QUEUES = 4096


def _queue(load: float, aht_seconds: float, patience_seconds: float | None):
    """The queue for this load, reused while it is recent: solving the same load for other targets
    (a service-level curve, a pool meeting each member's target) then costs no new Erlang evaluations."""
    queues = getattr(_recent, "queues", None)
    if queues is None or len(queues) > _RECENT_QUEUES:
        queues = _recent.queues = {}
    key = (load, aht_seconds, patience_seconds)
    if key not in queues:
        queues[key] = _new_queue(load, aht_seconds, patience_seconds)
    return queues[key]


class _Answers:
    """The answers found for one AHT, patience and targets, by load (kept sorted)."""

    def __init__(self):
        self.loads: list[float] = []
        self.agents: list[int] = []

    def bounds(self, load: float) -> tuple[int | None, int | None]:
        """(answer at the nearest load at or below, answer at the nearest load at or above); None: no such load."""
        i = bisect.bisect_left(self.loads, load)
        above = self.agents[i] if i < len(self.loads) else None
        if above is not None and self.loads[i] == load:
            return above, above
        return (self.agents[i - 1] if i else None), above

    def add(self, load: float, agents: int) -> None:
        i = bisect.bisect_left(self.loads, load)
        self.loads.insert(i, load)
        self.agents.insert(i, agents)


def _answers(aht_seconds: float, targets: Targets, patience_seconds: float | None) -> _Answers:
    answers = getattr(_recent, "answers", None)
    if answers is None or len(answers) > _RECENT_QUEUES:
        answers = _recent.answers = {}
    key = (aht_seconds, targets, patience_seconds)
    if key not in answers:
        answers[key] = _Answers()
    return answers[key]


def _new_queue(load: float, aht_seconds: float, patience_seconds: float | None):
    if patience_seconds is not None:
        if patience_seconds <= 0:
            raise RfpgenError(f"the mean patience must be more than 0 seconds (got {patience_seconds:g})")
        if patience_seconds > PATIENCE_AS_ERLANG_C * aht_seconds:
            return _ErlangAWithoutAbandonment(load, aht_seconds)
        return _ErlangA(load, aht_seconds, patience_seconds)
    return _ErlangC(load, aht_seconds)


def _meets(queue, n: int, targets: Targets) -> bool:
    if n < queue.lowest():
        return False
    if queue.occupancy(n) > targets.max_occupancy + 1e-12:
        return False
    if queue.service_level(n, targets.threshold_seconds) < targets.service_level - 1e-12:
        return False
    if targets.max_abandonment is not None:
        abandoned = queue.abandon_probability(n)
        if abandoned is not None and abandoned > targets.max_abandonment + 1e-12:
            return False
    if targets.asa_seconds is not None:
        asa = queue.asa(n)
        if asa is None or asa > targets.asa_seconds + 1e-12:
            return False
    return True


def required_agents(load: float, aht_seconds: float, targets: Targets, patience_seconds: float | None = None,
                    hint: int | None = None) -> int:
    """The smallest number of agents meeting every target: service level, occupancy cap, ASA, abandonment.

    Each target only gets easier with more agents, so the answer is found by galloping from a
    starting point (the load, or `hint`, e.g. the previous interval's answer) and bisecting, within
    the bounds set by the answers already found for nearby loads.
    """
    targets.check()
    if aht_seconds <= 0:
        raise RfpgenError(f"the average handle time must be more than 0 seconds (got {aht_seconds:g})")
    if load < 0:
        raise RfpgenError(f"the offered load must not be negative (got {load:g})")
    if load == 0:
        return 0
    if load / targets.max_occupancy > MAX_AGENTS:
        raise ImpossibleTarget(f"{load:,.0f} Erlangs at an occupancy cap of {targets.max_occupancy * 100:g}% would need "
                               f"more than {MAX_AGENTS:,} agents in one interval; check the volume, AHT and interval")
    answers = _answers(aht_seconds, targets, patience_seconds)
    below, above = answers.bounds(load)
    if below is not None and below == above:
        return below
    queue = _queue(load, aht_seconds, patience_seconds)
    if isinstance(queue, _ErlangC):
        floor = max(queue.lowest(), math.ceil(load / targets.max_occupancy - 1e-9))
        # without a neighbour's answer, start near the square-root staffing rule N = A + sqrt(A)
        start = hint or math.ceil(load + math.sqrt(load))
    else:
        floor = 1
        start = hint or round(load)
    # the answer at a lower load is a floor, the answer at a higher load meets the targets
    floor = max(floor, below or 0)
    start = max(floor, start if above is None else min(start, above))

    def meets(n):
        if above is not None and n >= above:
            return True
        if n > MAX_AGENTS:
            raise ImpossibleTarget(f"the targets would need more than {MAX_AGENTS:,} agents in one interval "
                                   f"({load:,.1f} Erlangs); check the volume, AHT and targets")
        return _meets(queue, n, targets)

    if meets(start):
        high, step = start, 1
        low = high - step
        while low >= floor and meets(low):
            high, step = low, step * 2
            low = high - step
        low = max(low, floor - 1)  # low fails (or lies below every candidate)
    else:
        low, step = start, 1
        high = low + step
        while not meets(high):
            low, step = high, step * 2
            high = low + step
    while high - low > 1:
        middle = (low + high) // 2
        if meets(middle):
            high = middle
        else:
            low = middle
    answers.add(load, high)
    return high


def evaluate(agents: int, load: float, aht_seconds: float, threshold_seconds: float,
             patience_seconds: float | None = None) -> QueueResult:
    """The service level, ASA, occupancy and waiting/abandon probabilities with `agents` agents."""
    _check_agents_and_load(agents, load)
    if aht_seconds <= 0:
        raise RfpgenError(f"the average handle time must be more than 0 seconds (got {aht_seconds:g})")
    if threshold_seconds < 0:
        raise RfpgenError(f"the service-level threshold must not be negative (got {threshold_seconds:g} s)")
    model = "erlang_a" if patience_seconds is not None else "erlang_c"
    if load == 0:
        return QueueResult(model, 0.0, agents, 1.0, 0.0, 0.0, 0.0, 0.0 if patience_seconds is not None else None)
    queue = _queue(load, aht_seconds, patience_seconds)
    return QueueResult(
        model=model,
        offered_load=load,
        agents=agents,
        service_level=queue.service_level(agents, threshold_seconds),
        asa_seconds=queue.asa(agents),
        occupancy=queue.occupancy(agents) if agents else 0.0,
        wait_probability=queue.wait_probability(agents),
        abandon_probability=queue.abandon_probability(agents),
    )
