"""Report output: a PDF rendered by WeasyPrint from the report's own HTML, and CSV files.

WeasyPrint needs Debian's pango (``libpango-1.0-0 libpangoft2-1.0-0``; ``.ci/run`` installs
it). Where it is missing, ``render_pdf`` raises ``PdfUnavailable`` and logs what to install;
the view answers with one Dutch line instead of a 500.
"""

from __future__ import annotations

import csv
import io
import logging

from django.http import HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

INSTALL_HINT = "apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 (then pip install weasyprint)"


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are not installed on this machine."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        logger.error("PDF rendering unavailable (%s); install: %s", exc, INSTALL_HINT)
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def _static_text(path: str) -> str:
    from django.contrib.staticfiles import finders

    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    with open(found, encoding="utf-8") as file:
        return file.read()


def render_pdf(html: str, *, stylesheets: tuple[str, ...] = ("reports/report.css",)) -> bytes:
    """The PDF of ``html`` with our own ``stylesheets`` (static paths) applied. WeasyPrint
    fetches nothing: the styles are read from disk and every URL in the document is refused,
    so a report's content can never make the server request an address."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"refused to fetch {url!r} while rendering a PDF")

    css = [weasyprint.CSS(string=_static_text(path)) for path in stylesheets]
    document = weasyprint.HTML(string=html, base_url="data:,", url_fetcher=NoFetching())
    return document.write_pdf(stylesheets=css)


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf_download(html: str, filename: str) -> HttpResponse:
    """The PDF of ``html`` as a download, or one Dutch line (503) where this server cannot
    make PDFs; the report's web page stays available."""
    try:
        pdf = render_pdf(html)
    except PdfUnavailable:
        return HttpResponse(
            _("The PDF cannot be made on this server at the moment; the web page is available."),
            status=503,
            content_type="text/plain; charset=utf-8",
        )
    return pdf_response(pdf, filename)


def _safe_cell(value) -> str:
    """A spreadsheet treats a cell starting with = + - @ as a formula: prefix those."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(rows: list[list], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for row in rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    # A byte-order mark so that Excel opens the UTF-8 file with the right accents.
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
