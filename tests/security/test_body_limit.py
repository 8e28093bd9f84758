"""Big bodies are refused with a 413 and a Dutch message before they are read: by the ASGI
entry point (Daphne, uvicorn), the WSGI one (gunicorn) and Django itself."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from django.core.asgi import get_asgi_application

from website.body_limit import ASGIBodyLimit

NINETY_MB = 90 * 1024 * 1024


def run_asgi(path: str, headers: list, chunks: list[bytes]) -> tuple[dict, bytes, int]:
    """Run one request through the body limit in front of Django's ASGI handler; returns
    the response start, the body and how many body messages the app pulled."""
    app = ASGIBodyLimit(get_asgi_application())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), *headers],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    pulled = 0
    sent: list[dict] = []

    async def receive():
        nonlocal pulled
        if pulled < len(chunks):
            pulled += 1
            return {"type": "http.request", "body": chunks[pulled - 1], "more_body": True}
        await asyncio.sleep(3600)

    async def send(message):
        sent.append(message)

    asyncio.run(asyncio.wait_for(app(scope, receive, send), 30))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start, body, pulled


def test_a_90_mb_anonymous_post_is_refused_before_a_byte_is_read():
    start, body, pulled = run_asgi(
        "/account/login/",
        [(b"content-length", str(NINETY_MB).encode()), (b"content-type", b"text/plain")],
        [b"x" * 65536] * 10,
    )
    assert start["status"] == 413 and pulled == 0
    assert "te groot" in body.decode()


def test_a_streamed_body_without_length_is_refused_once_it_passes_the_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    start, body, pulled = run_asgi(
        "/api/groups/x/threads", [(b"content-type", b"application/json")], [b"x" * 65536] * 40
    )
    assert start["status"] == 413
    assert json.loads(body)["code"] == "too_big" and "te groot" in json.loads(body)["detail"]
    # Refused after just over 1 MB of the 2.5 MB sent.
    assert pulled == 17


def test_the_admin_takes_uploads_up_to_its_own_limit(settings):
    """20 MB to the admin passes on to the application; the same to the site does not."""
    settings.REQUEST_MAX_BODY_SIZE = 25 * 1024 * 1024
    reached = []

    async def app(scope, receive, send):
        reached.append(scope["path"])
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def send(message):
        pass

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    for path in ("/beheer/images/multiple/add/", "/denkgroepen/"):
        scope = {"type": "http", "path": path, "headers": [(b"content-length", b"20971520")]}
        asyncio.run(ASGIBodyLimit(app)(scope, receive, send))
    assert reached == ["/beheer/images/multiple/add/"]


def test_gunicorn_page_processes_refuse_by_content_length():
    from website.wsgi import application

    statuses = []
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/account/login/",
        "CONTENT_LENGTH": str(NINETY_MB),
        "wsgi.input": io.BytesIO(b""),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "wsgi.url_scheme": "http",
    }
    body = b"".join(application(environ, lambda status, headers: statuses.append(status)))
    assert statuses == ["413 Request Entity Too Large"] and "te groot" in body.decode()


@pytest.mark.django_db
def test_an_api_body_over_the_data_limit_is_a_json_413_not_a_500(member_client, member):
    from tests import factories

    group = factories.ThinkGroupFactory()
    factories.add_to_group(member, group)
    response = member_client.post(
        f"/api/groups/{group.slug}/threads",
        data=json.dumps({"title": "Een titel", "body": "x" * (6 * 1024 * 1024)}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


@pytest.mark.django_db
def test_a_form_body_over_the_data_limit_is_a_dutch_413_page(client):
    response = client.post("/account/login/", {"login": "x" * (6 * 1024 * 1024)})
    assert response.status_code == 413 and "te groot" in response.content.decode()
