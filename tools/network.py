"""Addresses and ports for `make run`, `make shell` and `make demo`: which URLs work, which ports are taken.

`HOST=0.0.0.0 make run` lets course participants reach the web chat and the
assistant from their own devices: the servers listen on every interface, the
web chat's page is reachable at http://<this machine's address>:WEB_PORT/,
and the Rasa server must accept Socket.IO connections from that origin
(WEBCHAT_ALLOWED_ORIGINS, channels/socketio.py). This module finds the
machine's own addresses without sending anything over the network (a UDP
socket's connect() only chooses the outgoing interface).

Plain stdlib; no Rasa server code.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import socket
import sys
import urllib.error
import urllib.request
from typing import Iterable, Sequence

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "")
ALL_INTERFACES = ("0.0.0.0", "::")
# Destinations a UDP connect() is pointed at to learn the outgoing interface; nothing is sent.
_PROBE_DESTINATIONS = ("10.255.255.255", "192.168.255.255", "8.8.8.8")


def is_loopback(host: str | None) -> bool:
    if host is None or host.strip().lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other devices can use (not loopback, not link-local), best first."""
    found: list[str] = []
    for destination in _PROBE_DESTINATIONS:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.connect((destination, 9))
                found.append(sock.getsockname()[0])
            except OSError:
                continue
    try:
        found += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    usable = []
    for address in found:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_link_local or ip.is_unspecified) and address not in usable:
            usable.append(address)
    return usable


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def base_urls(host: str | None, port: int) -> list[str]:
    """URLs (without trailing slash) a server listening on `host`:`port` answers at, others' devices first.

    Loopback: only this machine (localhost). 0.0.0.0: every LAN address, then localhost.
    Any other host: that host.
    """
    if is_loopback(host):
        return [f"http://localhost:{port}"]
    if host in ALL_INTERFACES:
        return [f"http://{_url_host(a)}:{port}" for a in lan_addresses()] + [f"http://localhost:{port}"]
    return [f"http://{_url_host(str(host))}:{port}"]


def web_origins(host: str | None, web_port: int) -> list[str]:
    """The origins the web chat's page has when served on host:web_port (for WEBCHAT_ALLOWED_ORIGINS)."""
    origins = [f"http://localhost:{web_port}", f"http://127.0.0.1:{web_port}"]
    if not is_loopback(host):
        names = lan_addresses() if host in ALL_INTERFACES else [str(host)]
        if host in ALL_INTERFACES:
            names += [socket.gethostname(), socket.getfqdn()]
        for name in names:
            origin = f"http://{_url_host(name)}:{web_port}"
            if name and origin not in origins:
                origins.append(origin)
    return origins


def port_taken(port: int, host: str = "127.0.0.1") -> bool:
    """True if something already listens on host:port (so a server can't bind it)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            return exc.errno in (errno.EADDRINUSE, errno.EACCES)
    # Bound on all interfaces, a port held on loopback only would still clash.
    if host in ALL_INTERFACES:
        return port_taken(port, "127.0.0.1")
    return False


def port_taken_message(port: int, host: str, variable: str) -> str:
    """Danish: the port is taken, what probably holds it, and how to choose another (variable: RASA_PORT ...)."""
    return (
        f"Port {port} ({variable}) er allerede i brug på {host}. Kører `make run` allerede i et andet "
        f"vindue? Stop den (Ctrl-C), eller vælg en anden port, fx {variable}={port + 1} make run. "
        f"Se README, «Fejlfinding»."
    )


def first_answering(urls: Iterable[str], timeout: float = 2.0) -> str | None:
    """The first URL where an HTTP server answers (any status); loopback and LAN only, so no proxy is used."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    for url in urls:
        try:
            with opener.open(url, timeout=timeout):
                return url
        except urllib.error.HTTPError:
            return url
        except (urllib.error.URLError, OSError, ValueError):
            continue
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.network", description="Adresser og porte for make run.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("urls", help="adresserne, en server på HOST:PORT kan nås på")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p = sub.add_parser("web-origins", help="WEBCHAT_ALLOWED_ORIGINS for webchatten på HOST:WEB_PORT")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--web-port", type=int, required=True)
    p = sub.add_parser("check-ports", help="stop med en dansk fejl, hvis en port er optaget")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("ports", nargs="+", help="PORT=VARIABEL, fx 5005=RASA_PORT")
    args = parser.parse_args(argv)
    if args.command == "urls":
        print("\n".join(base_urls(args.host, args.port)))
        return 0
    if args.command == "web-origins":
        print(",".join(web_origins(args.host, args.web_port)))
        return 0
    taken = []
    for item in args.ports:
        port, _, what = item.partition("=")
        if port_taken(int(port), args.host):
            taken.append(port_taken_message(int(port), args.host, what or "PORT"))
    for message in taken:
        print(f"Stopper: {message}", file=sys.stderr)
    return 1 if taken else 0


if __name__ == "__main__":
    sys.exit(main())
