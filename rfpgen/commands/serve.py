"""`rfpgen serve`: the web wizard on this machine, with the embedded defaults.

Development settings unless RFPGEN_ENV says otherwise: SQLite and a generated secret key in the
instance folder (./instance, or RFPGEN_INSTANCE_PATH). Served by waitress, a production-grade
WSGI server; for a shared deployment see the README (several workers, PostgreSQL).
"""
from __future__ import annotations

import os

import click



@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 makes the wizard reachable from other machines.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64), help="Worker threads.")
def serve(host, port, threads):
    """Start the web wizard (open the printed address in a browser)."""
    from waitress import serve as waitress_serve

    from ..web import create_app

    config = {} if os.environ.get("RFPGEN_ENV") else {"ENV": "development"}
    app = create_app(config)
    shown = "localhost" if host in ("127.0.0.1", "::1") else host
    click.echo(f"rfpgen wizard: http://{shown}:{port}/   (instance folder: {app.instance_path}; Ctrl+C stops)")
    # lookahead lets waitress notice a browser that has left, so the wizard can stop work for nobody
    waitress_serve(app, host=host, port=port, threads=threads, ident="rfpgen", channel_request_lookahead=1)
