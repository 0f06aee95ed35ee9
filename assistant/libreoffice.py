"""LibreOffice headless, run one way for every conversion (PDF export, reading .doc/.wps/.rtf/.odt).

The program is looked up on PATH; a conversion runs in a process group of its own, so that on
timeout (or when the caller is interrupted) the whole group is killed, with no console input and
with its error output returned for the caller's message. Each caller gives LibreOffice its own
profile (``-env:UserInstallation``) and temporary folder.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path

OFFICE_PROGRAMS = ("soffice", "libreoffice")
APT_PACKAGE = "libreoffice-writer-nogui"


class OfficeFailed(Exception):
    """LibreOffice could not be started, or did not finish in time (``timed_out``)."""

    def __init__(self, detail: str, *, timed_out: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.timed_out = timed_out


def find_office() -> str | None:
    """The LibreOffice program on PATH, or ``None``."""
    for name in OFFICE_PROGRAMS:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_office(command: list[str], *, cwd: Path, timeout_s: float) -> str:
    """Run ``command`` (a LibreOffice command line) in ``cwd`` with ``HOME`` there; its stderr."""
    env = {**os.environ, "HOME": str(cwd)}
    try:
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                stdin=subprocess.DEVNULL, env=env, cwd=cwd, start_new_session=True)
    except OSError as exc:
        raise OfficeFailed(f"无法启动 LibreOffice（{Path(command[0]).name}）：{exc.strerror or exc}") from exc
    try:
        _, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise OfficeFailed(f"超过 {timeout_s:.0f} 秒仍未完成，已终止", timed_out=True) from None
    except BaseException:
        _kill_group(proc)
        raise
    return err.decode("utf-8", errors="replace")


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()
