"""The layering of the packages, read from the source: every import of ``src/communique``
(at module level, inside functions and under ``TYPE_CHECKING`` alike) is an edge; the test
fails on an edge the table below does not allow and on any cycle between modules or packages.

``model`` is at the bottom; the stages (actors, events, temporal, geo, quotes) see only the
model and the caches; ``pipeline`` composes the stages; ingest, scale, server, evaluate and
the curation tools sit above it and ``cli`` on top. A new package needs a row here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = "communique"

_STAGES = {"actors", "events", "temporal", "geo", "quotes"}

# package -> the packages it may import ("" is ``communique/__init__.py``, the public API;
# ``disk_cache`` and ``yamlio`` are modules of the top package, bottom-layer utilities for
# reading packaged data; ``doc_text`` one for reading a parsed sentence's text once).
_DATA = {"model", "disk_cache", "yamlio", "doc_text"}
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "disk_cache": set(),
    "yamlio": set(),
    "doc_text": set(),
    "nlp": {"model"},
    "actors": _DATA,
    "events": _DATA,
    "temporal": _DATA,
    "geo": _DATA,
    "quotes": _DATA,
    "pipeline": {*_DATA, "nlp", *_STAGES},
    "store": {"model"},
    "export": {"model"},
    # explaining an event names its codes and actors: the tables of the stages that made them
    "analysis": {"model", "store", "export", "actors", "events"},
    "evaluate": {"model", "pipeline"},
    "curation": {*_DATA, "nlp", "actors", "geo"},
    "ingest": {"model", "actors", "pipeline", "store"},
    "scale": {"model", "ingest", "pipeline", "store"},
    "server": {"model", "pipeline", "store", "analysis", "export"},
    "cli": {"model", "actors", "pipeline", "store", "analysis", "evaluate", "export", "curation",
            "ingest", "scale", "server"},
    "": {"model", "pipeline", "analysis", "export"},
}


def modules(src: Path = SRC) -> dict[str, Path]:
    out = {}
    for path in (src / ROOT).rglob("*.py"):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph(src: Path = SRC) -> dict[str, set[str]]:
    """Module -> the modules of ``communique`` it imports, anywhere in its source."""
    mods = modules(src)
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                for alias in node.names:
                    # "from communique.geo import data_files" imports a module, not a name
                    sub = f"{base}.{alias.name}"
                    targets.add(sub if sub in mods else base)
        graph[name] = {t for t in targets if t in mods and t != name}
    return graph


def package_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for source, targets in graph.items():
        p = package_of(source)
        out.setdefault(p, set()).update(package_of(t) for t in targets if package_of(t) != p)
    return out


GRAPH = import_graph()


def test_the_graph_is_read() -> None:
    # the walk must see imports inside functions and relative imports, or it proves nothing
    assert "communique.pipeline" in GRAPH["communique"]  # inside default_coder()
    assert "communique.model.records" in GRAPH["communique.model"]
    assert "communique.events.lexicon" in GRAPH["communique.events.extractor"]


def test_every_package_has_a_row() -> None:
    assert {package_of(m) for m in GRAPH} <= set(ALLOWED)


def test_no_forbidden_edge() -> None:
    bad = sorted(
        f"{source} -> {target}"
        for source, targets in GRAPH.items()
        for target in targets
        if package_of(target) != package_of(source)
        and package_of(target) not in ALLOWED[package_of(source)]
    )
    assert not bad, "imports the layering does not allow:\n" + "\n".join(bad)


def test_the_table_itself_has_no_cycle() -> None:
    assert cycles(ALLOWED) == []


def test_no_module_cycle() -> None:
    assert cycles(GRAPH) == []


def test_no_package_cycle() -> None:
    assert cycles(package_graph(GRAPH)) == []


@pytest.mark.parametrize("pkg, never", [
    ("model", {"actors", "events", "temporal", "geo", "quotes", "pipeline", "ingest", "cli"}),
    ("pipeline", {"ingest", "cli", "server", "scale", "curation"}),
    *[(stage, {"cli", "server", "ingest", "scale", "pipeline", "curation", "export"}) for stage in sorted(_STAGES)],
])
def test_rules_of_the_issue_hold_in_the_table(pkg: str, never: set[str]) -> None:
    # the table could be loosened by accident; these edges stay forbidden whatever it says
    assert not ALLOWED[pkg] & never


def test_cycle_finder_finds_cycles() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_graph_reader_sees_relative_and_hidden_imports(tmp_path: Path) -> None:
    pkg = tmp_path / ROOT / "stage"
    pkg.mkdir(parents=True)
    (tmp_path / ROOT / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from .a import f\n")
    (pkg / "a.py").write_text("def f():\n    from communique.stage import b\n")
    (pkg / "b.py").write_text("from . import a\n")
    graph = import_graph(tmp_path)
    assert graph["communique.stage.a"] == {"communique.stage.b"}
    assert cycles(graph) == [["communique.stage.a", "communique.stage.b"]]


# The parts of the event extractor (issue 8), bottom first: each may import only the parts
# below it, so a newcomer reads them in this order ("slots" knows nothing of wrappers; the
# extractor composes them all).
EXTRACTOR_PARTS = ["records", "slots", "matching", "wrappers", "candidates", "build", "extractor"]


def hidden_imports(path: Path) -> list[int]:
    """Lines of the imports inside a function of ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out.extend(n.lineno for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom)))
    return sorted(set(out))


def upward_imports(parts: list[str]) -> list[str]:
    """Edges from a part to itself or one listed after it (``parts`` bottom first)."""
    assert set(parts) <= set(GRAPH)
    return sorted(f"{a} -> {b}" for i, a in enumerate(parts) for b in parts[i:] if b in GRAPH[a])


def test_extractor_parts_import_downward() -> None:
    upward = upward_imports([f"{ROOT}.events.{p}" for p in EXTRACTOR_PARTS])
    assert not upward, "a part of the extractor imports one above it:\n" + "\n".join(upward)


def test_events_imports_nothing_inside_functions() -> None:
    mods = modules()
    hidden = {name: hidden_imports(path) for name, path in mods.items()
              if name.startswith(f"{ROOT}.events")}
    assert not {k: v for k, v in hidden.items() if v}


# The parts of the actor resolver (issue 8), bottom first: the mention history, the
# article's state, then chunking, building and descriptions; the resolver composes them.
RESOLVER_PARTS = ["coref", "state", "chunks", "build", "describe", "resolver"]


def test_resolver_parts_import_downward() -> None:
    upward = upward_imports([f"{ROOT}.actors.{p}" for p in RESOLVER_PARTS])
    assert not upward, "a part of the resolver imports one above it:\n" + "\n".join(upward)


def test_resolver_parts_import_nothing_inside_functions() -> None:
    mods = modules()
    hidden = {p: hidden_imports(mods[f"{ROOT}.actors.{p}"]) for p in RESOLVER_PARTS}
    assert not {k: v for k, v in hidden.items() if v}


def test_hidden_import_finder_finds_them(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text("import os\n\ndef f():\n    import json\n    return json\n")
    assert hidden_imports(path) == [4]
