"""Behind a reverse proxy, logins are throttled by the address the proxy saw (not the proxy's)."""

from __future__ import annotations

import re
from ipaddress import ip_network

import pytest

from assistant.services import client_address
from assistant.settings import SettingsError, load_settings

PROXIES = (ip_network("10.0.0.5"), ip_network("10.0.1.0/24"))


@pytest.mark.parametrize(("peer", "forwarded", "expected"), [
    ("192.168.3.7", None, "192.168.3.7"),  # no proxy
    ("192.168.3.7", "1.2.3.4", "192.168.3.7"),  # a header from someone who is not our proxy
    ("10.0.0.5", "192.168.3.7", "192.168.3.7"),  # through our proxy
    ("10.0.0.5", "192.168.3.7, 10.0.1.9", "192.168.3.7"),  # through two of ours
    ("10.0.0.5", "6.6.6.6, 192.168.3.7", "192.168.3.7"),  # the client's own invention is left of it
    ("10.0.0.5", "not-an-address, 192.168.3.7", "192.168.3.7"),
    ("10.0.0.5", None, "10.0.0.5"),  # the proxy itself, with no header
    ("10.0.0.5", "10.0.1.2", "10.0.1.2"),  # only proxies: the farthest one
])
def test_the_address_of_a_login(peer: str, forwarded: str | None, expected: str) -> None:
    assert client_address(peer, forwarded, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address("10.0.0.5", "192.168.3.7", ()) == "10.0.0.5"


def test_the_setting_reads_addresses_and_networks_and_names_a_bad_one() -> None:
    found = load_settings({"NIANBAO_TRUSTED_PROXIES": "10.0.0.5，10.0.1.0/24 ::1"}).trusted_proxies
    assert found == (ip_network("10.0.0.5"), ip_network("10.0.1.0/24"), ip_network("::1"))
    with pytest.raises(SettingsError, match=re.escape("NIANBAO_TRUSTED_PROXIES 中的“10.0.0.x”")):
        load_settings({"NIANBAO_TRUSTED_PROXIES": "10.0.0.x"})
