"""Entry point of the ``communique`` command.

Subcommands are imported only when invoked so that ``--help`` and light commands start fast
(spaCy, DuckDB, Ray and FastAPI are loaded only by the commands that need them).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "code": ("communique.cli.code_cmd", "Code one or more articles and print their events."),
    "eval": ("communique.cli.eval_cmd", "Score the coder against a gold JSONL file."),
    "ingest": ("communique.cli.ingest_cmd", "Code a corpus into a DuckDB store."),
    "export": ("communique.cli.export_cmd", "Export events as GDELT, ICEWS, JSONL, Parquet or CSV."),
    "query": ("communique.cli.query_cmd", "Print events and monthly summaries for a dyad."),
    "report": ("communique.cli.report_cmd", "Write a self-contained HTML report with plots."),
    "serve": ("communique.cli.serve_cmd", "Run the HTTP API and web UI."),
    "explain": ("communique.cli.explain_cmd", "What a CAMEO code, actor code or name means."),
    "actors": ("communique.cli.actors_cmd", "Suggest and add actors for the knowledge base."),
}


class LazyGroup(click.Group):
    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["communique.argv"] = list(args)  # for naming --db in a store error (invoke)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        """Runs the command; a DuckDB error that escapes it (a store damaged past what opening
        checks: ``IO Error: Could not read enough bytes ...``) becomes one line naming --db and
        what to do, not a traceback."""
        try:
            return super().invoke(ctx)
        except Exception as exc:
            duckdb = sys.modules.get("duckdb")  # loaded by any command that read a store
            if duckdb is None or not isinstance(exc, duckdb.Error):
                raise
            from communique.store import open_error

            db = _option_value(ctx.meta.get("communique.argv", []), "--db")
            raise click.ClickException(open_error(db, exc) if db else f"the store could not be read: {exc}") from exc

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        return importlib.util.find_spec(COMMANDS[name][0]) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        return importlib.import_module(COMMANDS[name][0]).command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _option_value(argv: list[str], name: str) -> str | None:
    """The value given to option ``name`` in ``argv`` ("--db x" or "--db=x"), else None."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg[len(name) + 1 :]
    return None


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="communique")
def cli() -> None:
    """communique: political event data (CAMEO/PLOVER) from news text, offline."""


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
