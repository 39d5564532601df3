"""Reading back the PDFs the pages serve: the text of each page, as a reader would copy it
(runs of white space, including where a line wrapped, read as one space)."""

import io

from pypdf import PdfReader


def pdf_pages(response) -> list[str]:
    assert response["Content-Type"] == "application/pdf"
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages]
