"""Reading back the PDFs the pages serve: the text of each page, as a reader would copy it
(runs of white space, including where a line wrapped, read as one space)."""

import io

from pypdf import PdfReader


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]


def pdf_page_size(response) -> tuple[int, int]:
    """The first page's width and height in points (A4 is 595 × 842, Letter 612 × 792)."""
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    return round(box.width), round(box.height)
