"""`rfpgen serve`: the web wizard on this machine, with the embedded defaults.

Development settings unless RFPGEN_ENV says otherwise: SQLite and a generated secret key in the
instance folder (./instance, or RFPGEN_INSTANCE_PATH). Served by waitress, a production-grade
WSGI server; for a shared deployment see the README (several workers, PostgreSQL).

A Python process runs on one core at a time, so `--workers N` serves the one port from N processes
(the kernel hands each new connection to one of them). Every process saves through the same
database with the same optimistic check, so concurrent saves are merged or refused, never lost.
"""
from __future__ import annotations

import os
import signal
import socket
import sys
import time

import click

STARTUP_SECONDS = 10  # a worker that dies sooner never served: a setup error, not one to restart on

@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes the wizard reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker process.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Server processes sharing the port; up to one per core for many users saving at once.")
def serve(host, port, threads, workers):
    """Start the web wizard (open the printed address in a browser)."""
    config = {} if os.environ.get("RFPGEN_ENV") else {"ENV": "development"}
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    if workers == 1:
        app = _app(config)
        click.echo(f"rfpgen wizard: http://{shown}:{port}/   (instance folder: {app.instance_path}; Ctrl+C stops)")
        _serve(app, threads, host=host, port=port)
        return
    listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                    backlog=1024)
    click.echo(f"rfpgen wizard: http://{shown}:{port}/   ({workers} processes; Ctrl+C stops)")
    _run_workers(listener, workers, lambda: _serve(_app(config), threads, sockets=[listener]))


def _app(config: dict):
    from ..web import create_app

    return create_app(config)


def _serve(app, threads: int, **where) -> None:
    from waitress import serve as waitress_serve

    # lookahead lets waitress notice a browser that has left, so the wizard can stop work for nobody
    waitress_serve(app, threads=threads, ident="rfpgen", channel_request_lookahead=1, **where)


def _run_workers(listener: socket.socket, count: int, work) -> None:
    """Fork `count` processes running `work` on the shared listening socket; start again one that dies
    while serving; on Ctrl+C or SIGTERM stop them all. Each builds its own app after the fork (no
    database connection or thread is shared)."""
    started: dict[int, float] = {}
    parent = os.getpid()

    def start() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGTERM, signal.default_int_handler)  # waitress closes on KeyboardInterrupt
            _stop_with(parent)
            code = 0
            try:
                work()
            except KeyboardInterrupt:
                pass
            except BaseException:  # noqa: BLE001 - told on stderr, then the parent decides
                import traceback

                traceback.print_exc()
                code = 1
            os._exit(code)
        started[pid] = time.monotonic()

    def stop(signum, _frame):
        raise KeyboardInterrupt(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    failed = None
    try:
        for _ in range(count):
            start()
        while True:
            pid, status = os.wait()
            began = started.pop(pid, None)
            if began is None:
                continue
            if time.monotonic() - began < STARTUP_SECONDS:
                failed = f"a worker process stopped while starting (exit status {os.waitstatus_to_exitcode(status)})"
                break
            click.echo(f"rfpgen: worker {pid} stopped (exit status {os.waitstatus_to_exitcode(status)}); "
                       "starting another", err=True)
            start()
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for pid in started:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for pid in list(started):
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        listener.close()
    if failed:
        raise click.ClickException(failed)


def _stop_with(parent: int) -> None:
    """Linux: the worker is sent SIGTERM when the parent dies, however it dies (killed outright, say),
    so no worker goes on serving the port alone."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before that
        os._exit(0)
