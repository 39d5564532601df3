"""The HTML pages, one package per page family (charting, review, rules, REMS), each with its views,
forms, selectors and URLs. Views parse, call a service or a selector, and render; parts every family
uses are in `common.py` (the session lookup), `forms.py` and `documents.py` (PDFs)."""
