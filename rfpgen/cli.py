"""The `rfpgen` command: a thin Click layer over the library.

User errors (RfpgenError) are printed without a traceback; exit codes: 0 success, 1 invalid input
or failed job, 2 usage error (Click's own).
"""
from __future__ import annotations

import click

from . import __version__
from .commands import deploy, diff, documents, library, project, responses, score, serve, staffing
from .commands.base import MESSAGE_LANGUAGE, describe_os_error
from .errors import RfpgenError


class _Group(click.Group):
    """Turns RfpgenError into a clean message and exit code instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RfpgenError as exc:  # in the language of the project the command loaded (--lang, else its own)
            click.echo(exc.message(ctx.meta.get(MESSAGE_LANGUAGE, "en")), err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # a folder that is a file, no permission, a full disk …
            click.echo(describe_os_error(exc), err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="rfpgen")
def main():
    """rfpgen: requirements definition, RFP, evaluator guide and scoring for contact-center outsourcing."""


for command in (project.validate, project.schema, project.init, documents.build, documents.context, documents.templates,
                staffing.staffing, staffing.erlang_command, score.score, responses.responses, library.library, serve.serve,
                diff.diff, deploy.db, deploy.worker):
    main.add_command(command)
