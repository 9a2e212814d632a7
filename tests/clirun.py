"""`cli.py` in-process: `main(argv)` with its output captured and the checkout as working folder.

A subprocess per call pays for Python and the geometry imports again (0.3–1.5 s each); these
calls share the test process's warm caches. test_cli.py keeps real subprocesses for the entry
point itself (exit codes, no traceback on stderr).
"""
from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args) -> Run:
    import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    assert "Traceback" not in err.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def ok(run: Run) -> Run:
    """The run, after checking it succeeded (like subprocess's check=True)."""
    assert run.returncode == 0, run.stderr
    return run
