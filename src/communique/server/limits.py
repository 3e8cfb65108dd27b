"""ASGI middleware: request body size cap, Host header check and security headers.

The body cap sits in front of the framework so an oversize upload is refused before it is
buffered or parsed, whether or not the client sent a Content-Length.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# 'self' only: the UI ships its own JS and CSS, so nothing may load from elsewhere.
SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
     b"connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def _reply(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        too_big = f"request body larger than {self.max_bytes:,} bytes"
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _reply(send, 400, "invalid Content-Length")
                    return
                if declared > self.max_bytes:
                    await _reply(send, 413, too_big)
                    return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _reply(send, 413, too_big)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def host_name(header: str) -> str:
    """The name in a Host header, lower case, without port, brackets or final dot:
    ``[::1]:8080`` -> ``::1``, ``LocalHost.:80`` -> ``localhost``."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def hosts_for_bind(bind: str, extra: Iterable[str] = ()) -> set[str]:
    """The Host names a server bound to ``bind`` answers to: a loopback bind answers to every
    loopback name (localhost, 127.0.0.1, [::1]); a wildcard bind (0.0.0.0, ::) to any address
    literal (see HostCheck); any other bind to itself. ``extra`` (``--allow-host``) adds names;
    ``*`` turns the check off."""
    names = {host_name(h) for h in extra} | {host_name(bind)}
    ip = _ip(host_name(bind))
    if host_name(bind) == "localhost" or (ip is not None and ip.is_loopback):
        names |= set(LOOPBACK_NAMES)
    return names


class HostCheck:
    """DNS rebinding protection: a page on evil.example whose name the attacker re-points at
    127.0.0.1 can make the browser send requests here, but with ``Host: evil.example``; those
    are refused (421) unless the name was allowed. An address literal cannot be rebound, so a
    server bound to every interface (``0.0.0.0`` or ``::`` among the names) takes any address;
    ``*`` among the names turns the check off."""

    def __init__(self, app: ASGIApp, allowed: Iterable[str]) -> None:
        self.app = app
        self.names = {host_name(h) for h in allowed}
        self.any_ip = any(ip is not None and ip.is_unspecified for ip in map(_ip, self.names))
        self.off = "*" in self.names

    def accepts(self, header: str) -> bool:
        name = host_name(header)
        if self.off or name in self.names:
            return True
        ip = _ip(name)
        if ip is None:
            return False
        if self.any_ip:
            return True
        # 127.0.0.2 and the long forms of ::1 are loopback too (hosts_for_bind added localhost)
        return ip.is_loopback and "localhost" in self.names

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.off:
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == b"host"), "")
        if not self.accepts(header):
            await _reply(send, 421, f"this server does not answer to the host {header!r} (DNS rebinding "
                                    "protection); start it with --allow-host NAME to serve it under that name")
            return
        await self.app(scope, receive, send)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in present
                ]
            await send(message)

        await self.app(scope, receive, with_headers)
