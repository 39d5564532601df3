"""Printable documents (session record, discharge instructions, REMS monitoring record) as PDF.

The same template serves the printable page and the PDF, so the two never disagree. WeasyPrint
lays it out with `static/css/document.css` (A4/Letter pages, page numbers, the patient's
identifiers in every page's header). It may fetch nothing: a clinical document must not depend
on, or leak to, any URL, so everything it shows is embedded.
"""

import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

DOCUMENT_CSS = "css/document.css"
CHART_CSS = "css/trend_chart.css"
_SVG_START = re.compile(r"<svg\b[^>]*>")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+);")
_VAR = re.compile(r"var\((--[\w-]+)\)")


def _static_text(name: str) -> str:
    with open(finders.find(name), encoding="utf-8") as css:
        return css.read()


def _chart_style() -> str:
    """WeasyPrint styles an inline SVG only from `<style>` inside it, without custom properties:
    the chart's sheet goes in with each `var()` replaced by its value."""
    css = _static_text(CHART_CSS)
    values = {name: value.strip() for name, value in _CUSTOM_PROPERTY.findall(css)}
    return f"<style>{_VAR.sub(lambda match: values[match.group(1)], css)}</style>"


def render_pdf(template: str, context: dict, *, request=None) -> bytes:
    html = render_to_string(template, {**context, "pdf": True}, request=request)
    style = _chart_style()
    html = _SVG_START.sub(lambda match: match.group(0) + style, html)
    embedded_only = URLFetcher(allowed_protocols=["data"])
    stylesheet = CSS(string=_static_text(DOCUMENT_CSS))
    return HTML(string=html, url_fetcher=embedded_only).write_pdf(stylesheets=[stylesheet])


def pdf_response(template: str, context: dict, *, filename: str, request=None) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
