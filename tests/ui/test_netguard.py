"""The network guard itself: it refuses and records non-loopback traffic, allows loopback.

Run inside a loopback-only network namespace, so that even a broken guard could not send a
packet anywhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ui.conftest import NETGUARD, netns_available

PROBE = r"""
import socket, os
assert os.environ.get("NIANBAO_NETGUARD_ACTIVE"), "guard not installed"
results = []
for target in [("192.0.2.1", 80), ("2001:db8::1", 80)]:
    family = socket.AF_INET6 if ":" in target[0] else socket.AF_INET
    try:
        socket.socket(family, socket.SOCK_STREAM).connect(target)
        results.append("connected")
    except ConnectionRefusedError as exc:
        results.append("refused" if "netguard" in str(exc) else "other:" + str(exc))
try:
    socket.getaddrinfo("example.com", 443)
    results.append("resolved")
except socket.gaierror as exc:
    results.append("refused" if "netguard" in str(exc) else "other")
try:
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("198.51.100.7", 53))
    results.append("sent")
except ConnectionRefusedError:
    results.append("refused")
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(1)
client = socket.create_connection(server.getsockname(), timeout=5)
results.append("loopback ok")
socket.getaddrinfo("localhost", 80)
results.append("localhost ok")
print(",".join(results))
"""


def test_guard_refuses_and_records(tmp_path: Path) -> None:
    if not netns_available():
        pytest.skip("需要 unshare/nsenter（root）以便在只有回环接口的网络命名空间中测试")
    log = tmp_path / "guard.jsonl"
    env = {**os.environ, "PYTHONPATH": str(NETGUARD), "NIANBAO_NETGUARD_LOG": str(log)}
    command = ["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$@"', "sh",
               sys.executable, "-c", PROBE]
    done = subprocess.run(command, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "refused,refused,refused,refused,loopback ok,localhost ok"
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert [e["kind"] for e in entries] == ["connect", "connect", "getaddrinfo", "sendto"]
    assert "192.0.2.1" in entries[0]["target"] and entries[0]["stack"]


def test_guard_is_off_without_its_variable(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_NETGUARD_LOG"}
    env["PYTHONPATH"] = str(NETGUARD)
    done = subprocess.run([sys.executable, "-c",
                           "import os, socket; print(os.environ.get('NIANBAO_NETGUARD_ACTIVE'),"
                           " socket.socket.connect.__qualname__)"],
                          env=env, capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["None", "socket.connect"]
