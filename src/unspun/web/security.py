"""What every request goes through before a route sees it (docs/web.md, "Security model").

- **Host**: without a token the app answers only to loopback names and the host it was
  bound to, so a page elsewhere cannot reach it through DNS rebinding.
- **Token**: with one, every request needs ``Authorization: Bearer <token>`` or the session
  cookie the login page sets (``HttpOnly``, ``SameSite=Strict``; it holds an HMAC of the
  token, not the token). Pages without it go to the login page; the API answers 401.
- **Cross-site writes**: a POST whose ``Origin`` is another site, or that the browser marks
  ``Sec-Fetch-Site: cross-site``, is refused (403), so no other page can post to the app on
  a visitor's behalf; page forms also carry a CSRF token (``csrf_token``, ``csrf_ok``).
- **Limits**: a body over ``body_limit`` is refused (413) before or while it is read, and a
  body still arriving after ``timeout`` seconds gets 408.
- **Headers**: a Content-Security-Policy with no script source at all (routes serving stored
  reports set a stricter one), ``nosniff``, no referrer, no framing.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote, urlsplit

from unspun.web.settings import WebSettings, is_loopback

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "unspun_session"
CSRF_COOKIE = "unspun_csrf"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
OPEN_PATHS = ("/login", "/static/")
"""Reachable without the token: the login page and the stylesheets it needs."""


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class Keys:
    """The secrets behind the session cookie and the CSRF tokens."""

    def __init__(self, token: str | None) -> None:
        self.token = token
        # With a token the keys derive from it (tokens survive a restart); without, a fresh
        # random key per process (a form left open across a restart asks to reload).
        seed = token.encode("utf-8") if token else secrets.token_bytes(32)
        self.session = hmac.new(seed, b"unspun session", hashlib.sha256).hexdigest()
        self._csrf_key = hmac.new(seed, b"unspun csrf", hashlib.sha256).digest()

    def token_ok(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.encode(), self.token.encode())

    def csrf_token(self, cookie: str) -> str:
        return hmac.new(self._csrf_key, cookie.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, cookie: str | None, given: str | None) -> bool:
        return bool(cookie and given) and hmac.compare_digest(self.csrf_token(cookie or ""),
                                                              given or "")


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    out = {}
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            out[name] = value
    return out


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class Guard:
    """The ASGI middleware that enforces the list above."""

    def __init__(self, app: App, settings: WebSettings, keys: Keys) -> None:
        self.app = app
        self.settings = settings
        self.keys = keys
        self.hosts = {settings.host, *settings.allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path: str = scope["path"]
        api = path.startswith("/api/") and path != "/api/v1/docs"
        refusal = self._refusal(scope, headers, path, api)
        if refusal is not None:
            status, code, message = refusal
            if status == 303:
                await _redirect(send, "/login?next=" + quote(path, safe="/"))
            else:
                await _error(send, status, code, message, api)
            return
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.settings.body_limit:
            await _error(send, 413, "too_large", "the request body is over the limit of "
                         f"{self.settings.body_limit} bytes", api)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [h for h in HEADERS if h[0] not in names]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", CSP.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        try:
            await self.app(scope, self._limited(receive), send_with_headers)
        except (_TooLarge, _TooSlow) as exc:
            if started:
                raise
            if isinstance(exc, _TooLarge):
                await _error(send, 413, "too_large", "the request body is over the limit of "
                             f"{self.settings.body_limit} bytes", api)
            else:
                await _error(send, 408, "timeout", "the request body took too long to arrive",
                             api)

    def _refusal(self, scope: Scope, headers: dict[str, str], path: str,
                 api: bool) -> tuple[int, str, str] | None:
        host = _host_name(headers.get("host", ""))
        if not self.keys.token and not (is_loopback(host) or host in self.hosts):
            return 400, "bad_host", f"this server does not answer to the host {host!r}"
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site", "")
            # Origin "null" comes from sandboxed frames and privacy modes: only the browser's
            # own Sec-Fetch-Site can vouch for such a request.
            foreign = (origin == "null" and site != "same-origin") or (
                origin not in (None, "null") and urlsplit(origin).netloc != headers.get("host"))
            if site in ("cross-site", "same-site") or foreign:
                return 403, "cross_origin", "requests from another site are refused"
        if self.keys.token and not path.startswith(OPEN_PATHS):
            auth = headers.get("authorization", "")
            bearer = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
            cookie = _cookies(headers).get(SESSION_COOKIE, "")
            if not (self.keys.token_ok(bearer)
                    or hmac.compare_digest(cookie.encode(), self.keys.session.encode())):
                if api or scope["method"] != "GET":
                    return 401, "unauthorized", "this server needs a token: send " \
                        "'Authorization: Bearer <token>'"
                return 303, "", ""
        return None

    def _limited(self, receive: Receive) -> Receive:
        limit = self.settings.body_limit
        deadline = time.monotonic() + self.settings.timeout
        seen = 0
        complete = False

        async def wrapped() -> Message:
            nonlocal seen, complete
            if complete:  # the body is in: later reads only wait for a disconnect
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), deadline - time.monotonic())
            except TimeoutError:
                raise _TooSlow() from None
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
                complete = not message.get("more_body", False)
            return message

        return wrapped


async def _error(send: Send, status: int, code: str, message: str, api: bool) -> None:
    """A JSON error for the API, a small HTML page for a person."""
    if api:
        body = json.dumps({"code": code, "message": message}).encode()
        ctype = b"application/json"
    else:
        from html import escape

        body = (f"<!DOCTYPE html><title>unspun: {status}</title><h1>{status}</h1>"
                f"<p>{escape(message)}</p>").encode()
        ctype = b"text/html; charset=utf-8"
    headers = [(b"content-type", ctype), (b"content-length", str(len(body)).encode()),
               (b"content-security-policy", CSP.encode()), *HEADERS]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send: Send, location: str) -> None:
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("latin-1", "replace")),
                            (b"content-length", b"0"), *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
