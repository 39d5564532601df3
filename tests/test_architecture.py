"""The layout's import rules (docs/ARCHITECTURE.md), checked on every `make test`.

The layers and the page families' independence are import-linter contracts in pyproject.toml;
cycles and the clinical floors' freedom from HTTP and DRF are checked here over the same graph.
"""

import ast
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent

# Floors that hold clinical rules, charts and models: they compute and store, and never answer a
# request, so nothing of HTTP, templates, URL routing or DRF belongs in them.
PURE_FLOORS = ("sessions/clinical", "sessions/charts", "sessions/models")
WEB_MODULES = (
    "django.http",
    "django.shortcuts",
    "django.template",
    "django.urls",
    "django.views",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "weasyprint",
    "sessions.api",
    "sessions.pages",
    "sessions.exports",
    "sessions.services",
)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("sessions", "clinic", cache_dir=None)


def test_import_contracts_hold():
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_module_imports_itself_back(graph):
    cycles = sorted(
        f"{importer} -> {imported} -> … -> {importer}"
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    )
    assert cycles == []


def _imported_names(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_clinical_rules_charts_and_models_know_no_http_or_drf():
    offending = sorted(
        f"{path.relative_to(ROOT)} imports {name}"
        for floor in PURE_FLOORS
        for path in (ROOT / floor).rglob("*.py")
        if "migrations" not in path.parts
        for name in _imported_names(path)
        if any(name == web or name.startswith(f"{web}.") for web in WEB_MODULES)
    )
    assert offending == []
