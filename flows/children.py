"""Processes a run starts die with it, even when it is killed: each asks the kernel to kill it when its
parent ends (Linux prctl PR_SET_PDEATHSIG), before it runs its command.

`python -m flows.children PARENT_PID MEMORY_MB COMMAND...` does that (and sets the memory limit, when
MEMORY_MB is not 0), then becomes COMMAND. It is a separate step, not a preexec_fn, because a run
starts processes from many threads, where preexec_fn is unsafe.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import subprocess
import sys

from honlea.config.settings import PROJECT_ROOT

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Be killed (SIGKILL) when the parent ends; exit now if it has ended already."""
    if sys.platform == "linux":
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:  # the parent died before the request: nobody waits for this process
        os._exit(1)


def python(module: str, *args: str) -> list[str]:
    """The command running a module of this project with this interpreter (the working directory's
    own modules are not put first on the path: -P)."""
    return [sys.executable, "-P", "-m", module, *args]


def start(
    command: list[str], memory_mb: int = 0, env: dict[str, str] | None = None, **options
) -> subprocess.Popen:
    """Start `command` as a child that dies with this process (the calling thread, in fact: call it
    from the thread that waits for the child), limited to `memory_mb` of data when not 0."""
    env = dict(os.environ if env is None else env)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    guard = python("honlea.flows.children", str(os.getpid()), str(memory_mb))
    return subprocess.Popen([*guard, *command], env=env, **options)


def main(parent_pid: str, memory_mb: str, *command: str) -> None:
    """Die with the parent, limit memory, become the command."""
    die_with_parent(int(parent_pid))
    if int(memory_mb):
        limit = int(memory_mb) * 2**20  # RLIMIT_DATA: memory written to, not address space reserved
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    os.execv(command[0], list(command))


if __name__ == "__main__":
    main(*sys.argv[1:])
