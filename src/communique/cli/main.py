"""Entry point of the ``communique`` command.

Subcommands are imported only when invoked so that ``--help`` and light commands start fast
(spaCy, DuckDB, Ray and FastAPI are loaded only by the commands that need them).
"""

from __future__ import annotations

import importlib
import importlib.util

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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="communique")
def cli() -> None:
    """communique: political event data (CAMEO/PLOVER) from news text, offline."""


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
