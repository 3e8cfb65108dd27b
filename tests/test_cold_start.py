"""Cold start of `communique code`: what a fresh process imports before its first event.

Each check runs in a new interpreter (what a user's shell starts), so what earlier tests
imported does not hide an import. Bounded by modules, not by the clock: the time of a cold
start depends on the machine, the modules it loads do not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

# What spaCy's command line pulls in (``spacy/__init__`` imports ``spacy.cli.info``): about
# 0.3 s of CPU that neither the coder nor the `code` command ever uses.
CLI_ONLY = ["spacy.cli", "spacy.cli.info", "typer", "weasel", "requests", "jinja2"]
# Heavy libraries of other commands (store, server, report, ingest, evaluation).
OTHER_COMMANDS = ["duckdb", "fastapi", "uvicorn", "pandas", "pyarrow", "matplotlib", "trafilatura",
                  "dateparser", "ray"]


def _python(code: str) -> dict:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_coder_does_not_load_spacys_command_line() -> None:
    seen = _python(
        "import json, sys\n"
        "from communique.pipeline import Coder\n"
        "from communique.model import Article\n"
        "events = Coder().code(Article.from_text('Russia condemned the strike on Kyiv.')).events\n"
        f"print(json.dumps({{'loaded': [m for m in {CLI_ONLY!r} if m in sys.modules],"
        " 'events': len(events), 'spacy': 'spacy' in sys.modules}))\n"
    )
    assert seen["spacy"] and seen["events"] >= 1  # spaCy itself was loaded and used
    assert seen["loaded"] == []


def test_the_code_command_loads_only_what_it_uses(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("date 2024-05-01 (Reuters) Russia condemned the strike on Kyiv.\n", encoding="utf-8")
    seen = _python(
        "import json, sys\n"
        "from communique.cli.main import cli\n"
        f"sys.argv = ['communique', 'code', {str(article)!r}, '--format', 'jsonl']\n"
        "try:\n"
        "    cli()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        f"print(json.dumps({{'loaded': [m for m in {CLI_ONLY + OTHER_COMMANDS!r} if m in sys.modules]}}))\n"
    )
    assert seen["loaded"] == []


def test_spacys_command_line_still_works_when_asked_for() -> None:
    # after communique loaded spaCy: spacy.info(), spacy.cli as an attribute and as an import
    # are spaCy's own, and the import hook is gone
    seen = _python(
        "import json, sys\n"
        "import communique\n"
        "from communique.nlp import MODEL_NAME\n"
        "import spacy\n"
        "hooks = [type(f).__name__ for f in sys.meta_path if type(f).__module__ == 'communique']\n"
        "before = 'spacy.cli' in sys.modules\n"
        "info = spacy.info()\n"
        "download = spacy.cli.download\n"
        "import spacy.cli\n"
        "from spacy.cli.info import info as real_info\n"
        "print(json.dumps({'hooks': hooks, 'before': before, 'version': info['spacy_version'],"
        " 'download': download.__module__, 'cli': spacy.cli.__file__,"
        " 'same': sys.modules['spacy.cli'] is spacy.cli, 'real_info': real_info.__module__}))\n"
    )
    assert seen["hooks"] == [] and seen["before"] is False
    assert seen["version"].startswith("3.")
    assert seen["download"] == "spacy.cli.download" and seen["real_info"] == "spacy.cli.info"
    assert seen["cli"].endswith(os.path.join("spacy", "cli", "__init__.py")) and seen["same"]


def test_a_spacy_imported_first_is_left_alone() -> None:
    seen = _python(
        "import json, sys\n"
        "import spacy\n"
        "import communique\n"
        "print(json.dumps({'cli': 'spacy.cli' in sys.modules,"
        " 'hooks': [type(f).__name__ for f in sys.meta_path if type(f).__module__ == 'communique']}))\n"
    )
    assert seen == {"cli": True, "hooks": []}
