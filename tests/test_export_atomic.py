"""Exports are all-or-nothing: the output file holds the previous export or the new one, never a
part of one, whether the export fails, or its process is killed (kill -9) halfway.

Before, the writers opened the final name for writing: an export killed after 2 of 6 GDELT rows
left those 2 rows under the final name, and the complete export that was there was gone.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap

import pytest
from test_store_write import corpus

from communique.export import FORMATS, export
from communique.store import Store

# a WHERE clause DuckDB accepts and then fails on while running it ("RUSGOV" is no integer)
FAILS_WHILE_RUNNING = ("CAST(e.source_code AS INTEGER) = 1", [])


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("atomic") / "e.duckdb"
    with Store(path) as s:
        s.write(corpus())
    return path


def _previous(db, fmt, out):
    """A complete export already at ``out``: its bytes."""
    export(db, fmt, out)
    data = out.read_bytes()
    assert data
    return data


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_export_keeps_the_previous_file_and_no_temporary(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    before = _previous(db, fmt, out)
    with pytest.raises(Exception, match="(?i)conver|cast"):
        export(db, fmt, out, where=FAILS_WHILE_RUNNING)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


# The child exports and stops at a chosen point, says so on stdout, and waits to be killed:
# "rows" stops the GDELT/ICEWS writer after 2 rows (halfway through the file); "replace" stops
# just before the finished temporary file is renamed into place (any format).
CHILD = textwrap.dedent("""
    import os, sys, time
    import communique.export as export
    from communique.export import gdelt, icews

    db, fmt, out, where = sys.argv[1:5]

    def stop():
        print("stopped", flush=True)
        time.sleep(120)

    if where == "rows":
        module = gdelt if fmt == "gdelt" else icews
        fields, seen = module.row_fields, []
        def slow_fields(row):
            seen.append(row)
            if len(seen) == 3:
                stop()
            return fields(row)
        module.row_fields = slow_fields
    else:
        replace = os.replace
        def slow_replace(src, dst):
            stop()
            replace(src, dst)
        os.replace = slow_replace
    export.export(db, fmt, out)
    print("finished", flush=True)
""")


def _kill_when_stopped(db, fmt, out, where):
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), fmt, str(out), where],
                             stdout=subprocess.PIPE, text=True)
    try:
        line = child.stdout.readline().strip()  # blocks until the child stops or ends
        if line == "stopped":
            os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    return line


@pytest.mark.parametrize("fmt", ["gdelt", "icews"])
def test_kill_9_halfway_through_rows_keeps_the_previous_file(db, tmp_path, fmt):
    out = tmp_path / f"events.{fmt}"
    before = _previous(db, fmt, out)
    assert _kill_when_stopped(db, fmt, out, "rows") == "stopped"
    assert out.read_bytes() == before  # before: the 2 rows written when it was killed


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_kill_9_before_the_rename_keeps_the_previous_file(db, tmp_path, fmt):
    # DuckDB's COPY writes the whole file: the kill comes once the new export is complete in
    # its temporary file, and the final name still holds the previous one
    out = tmp_path / f"events.{fmt}"
    before = _previous(db, fmt, out)
    assert _kill_when_stopped(db, fmt, out, "replace") == "stopped"
    assert out.read_bytes() == before


def test_export_file_is_readable_as_any_new_file(db, tmp_path):
    # the temporary file is private (mkstemp: 0600); the export gets the usual mode (umask)
    out = tmp_path / "events.csv"
    export(db, "csv", out)
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_export_through_a_symlink_replaces_the_file_it_points_to(db, tmp_path):
    real = tmp_path / "real.jsonl"
    link = tmp_path / "link.jsonl"
    real.write_text("old\n")
    link.symlink_to(real)
    export(db, "jsonl", link)
    assert link.is_symlink()
    assert real.read_text().startswith("{")


def test_export_to_a_device_writes_in_place(db):
    # /dev/null is not a regular file: renaming onto it would replace the device
    export(db, "gdelt", os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
