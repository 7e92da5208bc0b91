"""What one client may ask of the wizard: request throttles, quotas, and the size of a draft.

A public wizard must stay responsive when someone posts a form with thousands of blank rows, guesses
the admin password, or creates projects in a loop. Every limit here is checked before the expensive
work (validation, rendering, building), so a refused request costs milliseconds.

Throttles and quotas count per client address. With RFPGEN_REDIS_URL set (the job queue's Redis)
the counters live in Redis, so every web worker on every host counts together; otherwise in this
process's memory, enough for one process (a restart forgets them, which errs on the side of the
user). Limits are settings (`RFPGEN_LIMITS` in the app config overrides any of `DEFAULT_LIMITS`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
from collections import defaultdict, deque
from threading import Lock

from flask import current_app, request

log = logging.getLogger(__name__)

DEFAULT_LIMITS = {
    # throttles: (requests, seconds) per client address
    "login": (5, 60),  # admin password attempts
    "upload": (10, 60),  # YAML uploads
    "create": (10, 60),  # new projects (blank, example or upload)
    "save": (600, 60),  # step saves and row clicks, per project and address: no person sustains ten a second
    "build": (6, 60),  # document builds, tallies, and the question period's documents
    "score_upload": (30, 60),  # uploads of filled scoring workbooks (each may hold several files)
    "selection_upload": (20, 60),  # uploads of vendors' forms, per project and address
    # quotas
    "projects_per_address_per_day": 200,
    "files_per_upload": 20,  # files in one upload (vendors' forms, filled scoring workbooks)
    "rows_per_list": 500,  # one table (requirements of one part, volumes of one program …)
    "rows_per_draft": 3000,  # all rows of all tables together
    "blank_rows_per_draft": 100,  # rows added but not filled in yet
    "draft_bytes": 1_000_000,  # the project as stored (JSON)
    "uploads_per_project": 1000,  # scoring workbooks kept per project, refused and replaced ones included
}


class TooMany(Exception):
    """A throttle or quota refused the request; `retry_after` seconds until it would pass."""

    def __init__(self, bucket: str, retry_after: int):
        super().__init__(bucket)
        self.bucket, self.retry_after = bucket, max(1, int(retry_after))


class ClientGone(Exception):
    """The browser left before the page was ready: nobody to answer, so the work stops."""


class DraftTooLarge(Exception):
    """The draft would exceed a size quota; `what` names the quota, `limit` its value; `where`, the form
    path of the table that holds too many rows, when one does."""

    def __init__(self, what: str, limit: int, found: int, where: str | None = None):
        super().__init__(what)
        self.what, self.limit, self.found, self.where = what, limit, found, where


class Throttle:
    """Sliding-window counters per (bucket, address)."""

    def __init__(self):
        self._hits: dict[tuple, deque] = defaultdict(deque)
        self._lock = Lock()

    def hit(self, bucket: str, address: str, count: int, seconds: float) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits[(bucket, address)]
            while hits and hits[0] <= now - seconds:
                hits.popleft()
            if len(hits) >= count:
                raise TooMany(bucket, hits[0] + seconds - now)
            hits.append(now)
            if len(self._hits) > 100_000:  # forget idle addresses rather than grow without bound
                for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - 86400][:50_000]:
                    del self._hits[key]

    def reset(self) -> None:
        with self._lock:
            self._hits.clear()


# One atomic step of a sliding window kept in a sorted set (member: one request, score: its time in
# microseconds by the Redis server's clock, so web hosts with different clocks agree): forget what
# left the window, refuse when the window is full (answering when its oldest request leaves), else
# count this one. A refused request is not counted, as in the in-memory Throttle.
_SLIDING_WINDOW = """
local now = redis.call('TIME')
local now_us = tonumber(now[1]) * 1000000 + tonumber(now[2])
local window_us = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_us - window_us)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(tonumber(oldest[2]) + window_us - now_us)
end
redis.call('ZADD', KEYS[1], now_us, now_us .. ':' .. ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window_us / 1000))
return false
"""


class RedisThrottle:
    """The same sliding-window counters in Redis: every web worker on every host shares them.

    Keys are `rfpgen:throttle:<bucket>:<digest of the address and scope>` (a project's scope is its
    secret link, which has no place in Redis in the clear) and expire with their window. If Redis
    cannot be reached, this process counts on its own meanwhile (and says so in the log) rather than
    refusing every request or letting every request through."""

    PREFIX = "rfpgen:throttle:"

    def __init__(self, url: str):
        from redis import Redis

        self.client = Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self.client.register_script(_SLIDING_WINDOW)
        self._local = Throttle()
        self._warned_at = 0.0

    def key(self, bucket: str, address: str) -> str:
        digest = hashlib.blake2b(address.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        return f"{self.PREFIX}{bucket}:{digest}"

    def hit(self, bucket: str, address: str, count: int, seconds: float) -> None:
        from redis.exceptions import RedisError

        try:
            wait_us = self._script(keys=[self.key(bucket, address)],
                                   args=[int(seconds * 1_000_000), count, secrets.token_hex(6)])
        except RedisError as error:
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning("throttle counters: Redis unreachable (%s); counting in this process meanwhile", error)
            self._local.hit(bucket, address, count, seconds)
            return
        if wait_us is not None:
            raise TooMany(bucket, float(wait_us) / 1_000_000)

    def reset(self) -> None:
        for key in self.client.scan_iter(match=self.PREFIX + "*", count=500):
            self.client.delete(key)
        self._local.reset()


def make_throttle(redis_url: str | None) -> Throttle | RedisThrottle:
    """Counters shared through Redis when there is one (RFPGEN_REDIS_URL), else in this process."""
    return RedisThrottle(redis_url) if redis_url else Throttle()


def limit(name: str):
    return (current_app.config.get("RFPGEN_LIMITS") or {}).get(name, DEFAULT_LIMITS[name])


def client_address() -> str:
    """The address the request came from (a reverse proxy must set REMOTE_ADDR, e.g. with ProxyFix)."""
    return request.remote_addr or "unknown"


def _throttle() -> Throttle | RedisThrottle:
    return current_app.extensions.setdefault("rfpgen_throttle", Throttle())  # create_app sets the shared one


def throttle(bucket: str, scope: str = "") -> None:
    """Count one request of `bucket` for this client (within `scope`, e.g. one project); raises TooMany past the limit.

    Saves are counted per project as well as per address: colleagues behind one office proxy share an
    address, and each of them filling in a table row by row must not use up the others' allowance.
    """
    count, seconds = limit(bucket)
    _throttle().hit(bucket, f"{client_address()} {scope}".strip(), count, seconds)


def count_project() -> None:
    """One more project created from this address today; raises TooMany past the quota."""
    _throttle().hit("projects", client_address(), limit("projects_per_address_per_day"), 86400)


def check_draft(data) -> str:
    """Refuse a draft too large to validate and show quickly (raises DraftTooLarge); else its JSON
    text, measured here and stored as it is (a save dumps the draft once)."""
    per_list, per_draft, blank_rows, max_bytes = (limit(name) for name in (
        "rows_per_list", "rows_per_draft", "blank_rows_per_draft", "draft_bytes"))
    total = blank = 0
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            if len(node) > per_list:
                raise DraftTooLarge("rows_per_list", per_list, len(node))
            rows = [v for v in node if isinstance(v, dict)]
            total += len(rows)
            blank += sum(1 for v in rows if not v)
            stack.extend(node)
    if total > per_draft:
        raise DraftTooLarge("rows_per_draft", per_draft, total)
    if blank > blank_rows:
        raise DraftTooLarge("blank_rows_per_draft", blank_rows, blank)
    text = json.dumps(data, ensure_ascii=False)
    size = len(text.encode())
    if size > max_bytes:
        raise DraftTooLarge("draft_bytes", max_bytes, size)
    return text


def check_form_rows(form) -> None:
    """Refuse a step form announcing more rows than a draft may hold, before reading any of them."""
    total = 0
    for name, value in form.items(multi=True):
        if name.endswith("#rows"):
            try:
                count = int(value)
            except ValueError:
                continue
            if count > limit("rows_per_list"):
                raise DraftTooLarge("rows_per_list", limit("rows_per_list"), count, where=name.removesuffix("#rows"))
            total += max(count, 0)
    if total > limit("rows_per_draft"):
        raise DraftTooLarge("rows_per_draft", limit("rows_per_draft"), total)


def check_yaml_rows(raw: bytes) -> None:
    """Count the rows of an uploaded file with libyaml's fast composer before the full (slower,
    place-keeping) parse; a file it cannot compose is left to the full parser to explain."""
    try:
        import yaml

        root = yaml.compose(raw, Loader=yaml.CSafeLoader)
    except Exception:  # noqa: BLE001 - no libyaml, or not YAML: the real parser reports it
        return
    total, seen, stack = 0, set(), [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:  # an alias points at a node already counted
            continue
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            if len(node.value) > limit("rows_per_list"):
                raise DraftTooLarge("rows_per_list", limit("rows_per_list"), len(node.value))
            total += sum(isinstance(item, yaml.MappingNode) for item in node.value)
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(value for _, value in node.value)
    if total > limit("rows_per_draft"):
        raise DraftTooLarge("rows_per_draft", limit("rows_per_draft"), total)


def client_gone() -> bool:
    """True when the browser has closed the connection (waitress tells; other servers never do),
    so long work for nobody can stop early."""
    check = request.environ.get("waitress.client_disconnected")
    try:
        return bool(check and check())
    except Exception:  # noqa: BLE001 - a server without the hook: assume the client is there
        return False
