"""Forwarding headers are believed from FORWARDED_ALLOW_IPS only (generator/web/middleware.py)."""
import asyncio

import pytest

from generator.web.middleware import ForwardedHeadersMiddleware

FORGED = [(b"host", b"127.0.0.1:7860"), (b"x-forwarded-host", b"evil2.example"), (b"x-forwarded-proto", b"https"),
          (b"x-forwarded-for", b"203.0.113.9"), (b"x-gradio-server", b"http://evil3.example"), (b"accept", b"*/*")]


def seen_by_the_app(trusted: str, peer: str | None) -> dict:
    seen = {}

    async def app(scope, receive, send):
        seen.update(headers=dict(scope["headers"]), client=scope["client"], scheme=scope["scheme"])

    scope = {"type": "http", "headers": list(FORGED), "client": (peer, 5000) if peer else None, "scheme": "http",
             "path": "/", "method": "GET"}
    asyncio.run(ForwardedHeadersMiddleware(app, trusted=trusted)(scope, None, None))
    return seen


@pytest.mark.parametrize("trusted, peer", [("", "127.0.0.1"), ("10.0.0.0/8", "127.0.0.1"), ("10.0.0.1", None),
                                           ("10.0.0.0/8", "testclient")])
def test_an_untrusted_peer_loses_its_forwarding_headers(trusted, peer):
    seen = seen_by_the_app(trusted, peer)
    assert set(seen["headers"]) == {b"host", b"accept"}
    assert seen["scheme"] == "http" and seen["client"] == ((peer, 5000) if peer else None)


@pytest.mark.parametrize("trusted, peer", [("*", "198.51.100.7"), ("10.0.0.0/8", "10.1.2.3"),
                                           ("::1, 127.0.0.1", "::1")])
def test_a_trusted_proxy_is_believed_and_names_the_client(trusted, peer):
    seen = seen_by_the_app(trusted, peer)
    assert seen["headers"][b"x-forwarded-host"] == b"evil2.example"
    assert seen["scheme"] == "https" and seen["client"][0] == "203.0.113.9"
