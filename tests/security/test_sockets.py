"""The live socket: oversized frames close it with an application code (4009) and no
server error; a handshake's Origin must match in scheme, host and port."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator

pytestmark = pytest.mark.django_db(transaction=True)


async def handshake(origin: bytes | None, host: bytes = b"127.0.0.1:8000", scheme="ws"):
    from website.asgi import application

    headers = [(b"host", host)] + ([(b"origin", origin)] if origin else [])
    socket = WebsocketCommunicator(application, "/ws/", headers=headers)
    socket.scope["scheme"] = scheme
    connected, _ = await socket.connect(timeout=5)
    await socket.disconnect()
    return connected


@pytest.mark.asyncio
async def test_an_origin_on_another_port_of_the_same_host_is_refused(settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert await handshake(b"http://127.0.0.1:8000") is True
    assert await handshake(b"http://127.0.0.1:9999") is False
    assert await handshake(b"https://127.0.0.1:8000") is False
    assert await handshake(b"http://127.0.0.1.evil.example:8000") is False
    assert await handshake(b"null") is False


@pytest.mark.asyncio
async def test_the_configured_origins_and_the_handshakes_own_origin_are_accepted(settings):
    settings.ALLOWED_HOSTS = ["samendenk.example.nl", "127.0.0.1"]
    settings.SITE_URL = "https://samendenk.example.nl"
    settings.CSRF_TRUSTED_ORIGINS = ["https://beheer.samendenk.example.nl"]
    # Behind nginx: the site's public origin (default port 443 written or not).
    assert await handshake(b"https://samendenk.example.nl", host=b"127.0.0.1:8101") is True
    assert await handshake(b"https://samendenk.example.nl:443", host=b"127.0.0.1:8101")
    assert await handshake(b"https://beheer.samendenk.example.nl", host=b"127.0.0.1:8101")
    assert not await handshake(b"http://samendenk.example.nl", host=b"127.0.0.1:8101")
    # Served directly (make run on another port): the origin the handshake was sent to.
    assert await handshake(b"http://127.0.0.1:8123", host=b"127.0.0.1:8123") is True
    assert await handshake(b"http://127.0.0.1:8124", host=b"127.0.0.1:8123") is False
    # A host this site does not serve is refused even when Host and Origin agree.
    assert await handshake(b"http://evil.example:8000", host=b"evil.example:8000") is False


def test_oversized_frames_close_with_4009_and_no_server_error(redis_url, tmp_path):
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    from tests.groups.test_live_redis import daphne

    log = tmp_path / "daphne.log"
    with (
        daphne(redis_url, "sd_harden_b_frames", log) as url,
        connect(url, open_timeout=10, max_size=None) as ws,
        pytest.raises(ConnectionClosed) as closed,
    ):
        for _ in range(6):
            ws.send("x" * (65 * 1024))
            ws.recv(timeout=10)
        ws.recv(timeout=10)
    assert closed.value.rcvd is not None, "closed without a close frame"
    assert closed.value.rcvd.code == 4009
    text = log.read_text()
    assert "invalid close code" not in text and "Traceback" not in text, text
