"""The error handlers: an outage is a Dutch 503 (JSON under /api/), a bug stays a 500."""

from __future__ import annotations

import json
import logging
import sys

from django.db import OperationalError
from django.test import RequestFactory

from website.errors import OutageTracebackFilter, server_error


def handled(exc: Exception, path: str):
    """What handler500 answers while ``exc`` is being handled, as Django calls it."""
    try:
        raise exc
    except type(exc):
        return server_error(RequestFactory().get(path))


def test_a_database_outage_is_a_dutch_503_page_with_retry_after():
    response = handled(OperationalError("connection refused"), "/denkgroepen/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Even niet bereikbaar" in page and "niets van je werk verloren" in page


def test_the_api_answers_errors_as_json_detail_and_code():
    outage = handled(OperationalError("connection refused"), "/api/groups")
    assert outage.status_code == 503
    body = json.loads(outage.content)
    assert body["code"] == "unavailable" and "niet bereikbaar" in body["detail"]
    bug = handled(RuntimeError("bug"), "/api/groups")
    assert bug.status_code == 500
    assert json.loads(bug.content) == {
        "detail": "Er ging iets mis aan onze kant. Probeer het zo opnieuw.",
        "code": "server_error",
    }


def test_a_bug_keeps_its_500_page():
    response = handled(RuntimeError("bug"), "/nieuws/")
    assert response.status_code == 500 and "Er ging iets mis" in response.content.decode()


def test_outage_tracebacks_are_not_logged_per_request_but_bugs_are():
    def record(exc):
        try:
            raise exc
        except type(exc):
            info = sys.exc_info()
        return logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), info)

    keep = OutageTracebackFilter().filter
    assert keep(record(OperationalError("down"))) is False
    assert keep(record(RuntimeError("bug"))) is True
