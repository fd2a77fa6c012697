"""Reading one inbox file, in a worker process of its own: a file that crashes the readers natively,
exhausts memory or never ends takes that process down, not the run.

`read_in_worker` starts `python -m flows.reading FOLDER` (through flows.children: the worker dies with
its parent and has a memory limit), kills its process group at the time limit, and raises ReadFailed
with the reason when it does not finish. The worker imports only what reading needs (no Prefect, no
Great Expectations): it starts once per file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from contextlib import suppress
from pathlib import Path

from honlea.config.names import InputKind
from honlea.config.settings import ReadLimits
from honlea.config.source_profiles import Profile, load_profiles
from honlea.flows import children
from honlea.flows.kinds import KindSteps, other_kinds, steps
from honlea.flows.staged import ISSUES, NOT_REPORTED, RECORDS, StagedFile

OUT_OF_MEMORY = 3  # exit status of a worker that ran out of memory in Python
_WORKERS: set[subprocess.Popen] = set()  # running in this process, for stop_workers


class ReadFailed(RuntimeError):
    """The worker crashed, ran out of memory or time, or failed: the file was not read."""


def read_into_staging(folder: str) -> str:
    """Read the file with every profile (see read_with)."""
    staged = StagedFile.load(folder)
    read_with(staged, load_profiles())
    return staged.status


def read_with(staged: StagedFile, profiles: tuple[Profile, ...]) -> KindSteps:
    """Find the file's kind among `profiles`: the first profile of another kind than statistics that
    claims it, else the statistics profiles by header rows; read it as that kind reads (flows/kinds.py).
    The kind's steps, for what follows."""
    path = Path(staged.path)
    for kind in other_kinds():
        for profile in (p for p in profiles if p.kind == kind):
            if steps(kind).claims(path, profile):
                staged.kind = kind
                steps(kind).read(staged, path, (profile,))
                return steps(kind)
    statistics = tuple(p for p in profiles if p.kind == InputKind.STATISTICS)
    steps(InputKind.STATISTICS).read(staged, path, statistics)
    return steps(InputKind.STATISTICS)


def read_in_worker(folder: str, limits: ReadLimits) -> str:
    """read_into_staging in a worker process within the limits; the file's status, or ReadFailed."""
    worker = children.start(
        children.python("honlea.flows.reading", folder),
        limits.memory_mb,
        env={"OPENBLAS_NUM_THREADS": "1", **os.environ},  # numpy's buffers per core count as memory
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        process_group=0,
    )
    _WORKERS.add(worker)
    with worker:
        try:
            stderr = worker.communicate(timeout=limits.timeout_seconds)[1]
        except subprocess.TimeoutExpired:
            stderr = None
        finally:
            _WORKERS.discard(worker)
            if worker.returncode is None:  # still running: past the time limit, or the wait failed
                os.killpg(worker.pid, signal.SIGKILL)
    if worker.returncode == 0:
        return StagedFile.load(folder).status
    for name in (RECORDS, ISSUES, NOT_REPORTED):  # what the worker may have left half written
        Path(folder, name).unlink(missing_ok=True)
    if stderr is None:
        raise ReadFailed(
            f"the reading process took longer than {limits.timeout_seconds:g} s "
            "(HONLEA_READ_TIMEOUT_SECONDS) and was stopped"
        )
    raise ReadFailed(_failure(worker.returncode, stderr.decode(errors="replace"), limits.memory_mb))


def stop_workers() -> None:
    """Kill the workers running in this process (the run is interrupted): their reads fail at once."""
    for worker in list(_WORKERS):
        if worker.returncode is None:
            with suppress(ProcessLookupError):
                os.killpg(worker.pid, signal.SIGKILL)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _failure(code: int, stderr: str, memory_mb: int) -> str:
    """Why the worker ended with `code`, in its own last words: the first line a native crash wrote,
    the last line of a Python traceback. A native reader that could not allocate (polars, calamine:
    "memory allocation of N bytes failed", then SIGABRT) ran out of memory as Python's MemoryError does."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()] or [""]
    words = (lines[0] if code < 0 else lines[-1])[:300]
    out_of_memory = code == OUT_OF_MEMORY or "memory allocation" in words  # Python's, or a native reader's
    if out_of_memory:
        what = f"ran out of memory (memory limit {memory_mb} MB, HONLEA_READ_MEMORY_MB)"
    elif code < 0:
        what = f"crashed with {_signal_name(-code)}"
    else:
        what = f"failed with exit status {code}"
    return f"the reading process {what}" + (f": {words}" if words else "")


if __name__ == "__main__":
    try:
        read_into_staging(sys.argv[1])
    except MemoryError:
        os.write(2, b"MemoryError\n")  # allocates nothing: memory may be exhausted
        os._exit(OUT_OF_MEMORY)
