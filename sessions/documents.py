"""Printable documents (session record, discharge instructions, REMS monitoring record) as PDF.

The same template serves the printable page and the PDF, so the two never disagree. WeasyPrint
lays it out with `static/css/document.css` (A4/Letter pages, page numbers, the patient's
identifiers in every page's header). It is given the stylesheet as a file and may fetch nothing
else: a clinical document must not depend on, or leak to, any URL.
"""

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

DOCUMENT_CSS = "css/document.css"


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    with open(finders.find(DOCUMENT_CSS), encoding="utf-8") as css:
        stylesheet = CSS(string=css.read())
    embedded_only = URLFetcher(allowed_protocols=["data"])
    return HTML(string=html, url_fetcher=embedded_only).write_pdf(stylesheets=[stylesheet])


def pdf_response(template: str, context: dict, *, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
