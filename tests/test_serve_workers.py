"""`rfpgen serve --workers N`: one port served by several processes, saves never lost, all stopped together."""
from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from web_support import csrf, form_fields

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


class Browser:
    """Cookies kept; a new connection per request, so the kernel may hand each to another worker."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                                  _NoRedirect())

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post(self, path: str, fields) -> urllib.response.addinfourl:
        body = urllib.parse.urlencode(list(fields)).encode()
        return self.opener.open(self.base + path, body, timeout=30)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

    def http_error_302(self, req, fp, code, msg, headers):
        return fp


def _start(tmp_path) -> tuple[subprocess.Popen, str]:
    """`rfpgen serve --workers 2` on a free port, once it answers."""
    port = _free_port()
    env = dict(os.environ, RFPGEN_INSTANCE_PATH=str(tmp_path / "instance"), PYTHONPATH=str(ROOT))
    env.pop("RFPGEN_ENV", None)
    server = subprocess.Popen([sys.executable, "-m", "rfpgen", "serve", "--workers", "2", "--port", str(port)],
                              env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise AssertionError("the server did not answer")


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"


def test_workers_serve_one_port_and_lose_no_save(tmp_path):
    server, base = _start(tmp_path)
    try:
        assert len(_children(server.pid)) == 2

        saved: dict[str, str] = {}
        problems: list[str] = []

        def user(number: int) -> None:
            browser = Browser(base)
            response = browser.post("/new", [("csrf_token", csrf(browser.get("/"))), ("source", "starter"),
                                             ("language", "en")])
            token = response.headers["Location"].split("/")[-2]
            for n in range(6):
                form = form_fields(browser.get(f"/p/{token}/project"))
                form["project.title"] = value = f"user {number} save {n}"
                form["_action"] = "save"
                status = browser.post(f"/p/{token}/project", form.items(multi=True)).status
                if status != 302:
                    problems.append(f"user {number} save {n}: {status}")
            saved[token] = value

        users = [threading.Thread(target=user, args=(i,)) for i in range(4)]
        for thread in users:
            thread.start()
        for thread in users:
            thread.join(120)
        assert problems == [] and len(saved) == 4
        for token, title in saved.items():
            assert f"title: {title}\n" in Browser(base).get(f"/p/{token}/export.yaml")
        workers = _children(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    assert server.returncode == 0
    assert all(_gone(pid) for pid in workers)  # every worker stopped with the server


def test_workers_stop_when_the_server_is_killed_outright(tmp_path):
    server, base = _start(tmp_path)
    workers = _children(server.pid)
    server.kill()
    server.wait(30)
    for _ in range(100):
        if all(_gone(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers)
    try:
        urllib.request.urlopen(base + "/", timeout=5)
        answered = True
    except OSError:
        answered = False
    assert not answered
