"""Network guard for the UI tests, loaded at interpreter start through PYTHONPATH.

When ``NIANBAO_NETGUARD_LOG`` is set, every attempt to reach an address outside the loopback
range (TCP/UDP connect, sendto, or a DNS lookup of a non-local name) is refused and recorded
as one JSON line in that file, with the stack that tried. The tests read the file and fail on
any line: "offline" is proven, not assumed. Child processes inherit the guard through the
environment.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import traceback
from pathlib import Path
from typing import Any

_LOG = os.environ.get("NIANBAO_NETGUARD_LOG")
_LOCAL_NAMES = frozenset({"", "localhost", "localhost.localdomain", "ip6-localhost"})


def _is_local_host(host: Any) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]").split("%", 1)[0]
    if host.lower() in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if address.is_loopback or address.is_unspecified:
        return True
    mapped = getattr(address, "ipv4_mapped", None)
    return bool(mapped is not None and mapped.is_loopback)


def _allowed(sock: socket.socket, address: Any) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", object()):
        return True
    if isinstance(address, tuple) and address:
        return _is_local_host(address[0])
    return False


def _record(kind: str, target: Any) -> None:
    if not _LOG:
        return
    entry = {"pid": os.getpid(), "kind": kind, "target": repr(target),
             "stack": traceback.format_stack(limit=12)[:-2]}
    with Path(_LOG).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def _install() -> None:
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> None:
        if not _allowed(self, address):
            _record("connect", address)
            raise ConnectionRefusedError(f"netguard: connection to {address!r} refused (offline)")
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        if not _allowed(self, address):
            _record("connect_ex", address)
            return 111  # ECONNREFUSED
        return original_connect_ex(self, address)

    def sendto(self: socket.socket, data: Any, *args: Any) -> int:
        address = args[-1]
        if not _allowed(self, address):
            _record("sendto", address)
            raise ConnectionRefusedError(f"netguard: datagram to {address!r} refused (offline)")
        return original_sendto(self, data, *args)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_local_host(host):
            _record("getaddrinfo", host)
            raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused (offline)")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign, assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign, assignment]
    socket.socket.sendto = sendto  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = getaddrinfo
    os.environ["NIANBAO_NETGUARD_ACTIVE"] = str(os.getpid())


if _LOG:
    _install()
