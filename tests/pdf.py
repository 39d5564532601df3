"""Reading back the PDFs the pages serve: the text of each page, as a reader would copy it."""

import io

from pypdf import PdfReader


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
