"""Measuring one child process: wall time, CPU time (user + system) and peak memory, from wait4."""
from __future__ import annotations

import os
import re
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


@dataclass
class Run:
    seconds: float            # wall clock of the whole process
    cpu_seconds: float        # user + system CPU time of the process (its children excluded)
    built_in: float | None    # MkDocs' own "Documentation built in" figure, when it printed one
    max_rss_mib: float        # peak resident memory of the process
    returncode: int
    stderr: str = field(repr=False, default="")


def run_measured(cmd: Sequence[str], *, cwd: Path, env: dict[str, str]) -> Run:
    """Run ``cmd`` to its end; its wall time and, from wait4's rusage, its own CPU time and peak memory."""
    # stderr goes to a file, not a pipe: a chatty process never blocks on a full pipe.
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    found = BUILT_IN.findall(text)
    # ru_maxrss is in KiB on Linux.
    return Run(seconds, usage.ru_utime + usage.ru_stime, float(found[-1]) if found else None,
               usage.ru_maxrss / 1024, proc.returncode, text)
