"""Throttle counters kept in Redis when RFPGEN_REDIS_URL is set: every web worker on every host counts
together. Two apps stand for two web workers (or hosts) sharing one database and one real Redis
server (the `redis_url` fixture of tests/services.py)."""
from __future__ import annotations

import logging
import secrets
import time

import pytest

from rfpgen.web.limits import RedisThrottle, Throttle, TooMany
from web_support import Wizard, csrf, make_app


def _address() -> str:
    """A client address of this test alone, so tests sharing the Redis server never count together."""
    return f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


def _workers(tmp_path, redis_url, **config) -> list:
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    return [make_app(tmp_path / name, REDIS_URL=redis_url, DATABASE_URL=database, **config) for name in ("a", "b")]


def test_admin_password_guesses_are_counted_across_web_workers(tmp_path, redis_url):
    first, second = _workers(tmp_path, redis_url, ADMIN_PASSWORD="right-password-123", LIMITS={"login": (3, 60)})
    assert isinstance(first.extensions["rfpgen_throttle"], RedisThrottle)
    address = {"REMOTE_ADDR": _address()}
    codes = []
    for app in (first, second, first, second, first):
        client = app.test_client()
        token = csrf(client.get("/", environ_base=address).text)
        codes.append(client.post("/admin/login", data={"csrf_token": token, "password": "guess"},
                                 environ_base=address).status_code)
    assert codes == [403, 403, 403, 429, 429]  # the third guess, made on the other worker, used up the allowance
    client = second.test_client()
    token = csrf(client.get("/", environ_base={"REMOTE_ADDR": _address()}).text)
    elsewhere = client.post("/admin/login", data={"csrf_token": token, "password": "guess"},
                            environ_base={"REMOTE_ADDR": _address()})
    assert elsewhere.status_code == 403  # another address has its own allowance


def test_saves_of_one_project_are_counted_across_web_workers(tmp_path, redis_url):
    first, second = _workers(tmp_path, redis_url, LIMITS={"save": (3, 60)})
    address = _address()
    on_first = Wizard(first)
    on_first.client.environ_base["REMOTE_ADDR"] = address
    on_first.start("blank", "en", ui="en")
    on_second = Wizard(second)  # the same person, the same project, answered by the other worker
    on_second.client.environ_base["REMOTE_ADDR"] = address
    on_second.token = on_first.token
    on_second.client.get("/lang/en")
    codes = [(on_first if i % 2 == 0 else on_second).submit("project", {"project.title": f"Title {i}"}).status_code
             for i in range(4)]
    assert codes == [302, 302, 302, 429]
    refused = on_first.submit("project", {"project.title": "Too soon"})
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert on_first.draft().data["project"]["title"] == "Title 2"  # the refused saves changed nothing
    colleague = Wizard(second).start("blank", "en", ui="en")  # another project at the same address is not affected
    assert colleague.submit("project", {"project.title": "Theirs"}).status_code == 302


def test_the_window_slides_and_a_refused_request_is_not_counted(redis_url):
    throttle = RedisThrottle(redis_url)
    address = _address()
    throttle.hit("upload", address, 2, 1.0)
    throttle.hit("upload", address, 2, 1.0)
    with pytest.raises(TooMany) as refused:
        throttle.hit("upload", address, 2, 1.0)
    assert refused.value.bucket == "upload" and refused.value.retry_after == 1
    time.sleep(1.1)  # the two requests left the window; the refused one never entered it
    throttle.hit("upload", address, 2, 1.0)
    throttle.hit("upload", address, 2, 1.0)
    with pytest.raises(TooMany):
        throttle.hit("upload", address, 2, 1.0)


def test_redis_keys_hide_the_project_link_and_expire_with_their_window(redis_url):
    throttle = RedisThrottle(redis_url)
    secret = secrets.token_urlsafe(32)
    scope = f"{_address()} {secret}"
    throttle.hit("save", scope, 600, 60)
    key = throttle.key("save", scope)
    assert secret not in key and key.startswith("rfpgen:throttle:save:")
    assert 0 < throttle.client.pttl(key) <= 60_000
    assert not [k for k in throttle.client.scan_iter(match="rfpgen:throttle:*") if secret.encode() in k]


def test_without_redis_each_process_counts_for_itself(tmp_path):
    assert type(make_app(tmp_path).extensions["rfpgen_throttle"]) is Throttle


def test_an_unreachable_redis_falls_back_to_counting_in_the_process(caplog):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    throttle = RedisThrottle(f"redis://127.0.0.1:{port}/0")
    address = _address()
    with caplog.at_level(logging.WARNING, logger="rfpgen.web.limits"):
        throttle.hit("login", address, 2, 60)
        throttle.hit("login", address, 2, 60)
        with pytest.raises(TooMany):
            throttle.hit("login", address, 2, 60)
    assert sum("Redis unreachable" in r.getMessage() for r in caplog.records) == 1  # said once, not per request
