"""No template carries code the Content-Security-Policy would block: no inline <script>, no
event-handler attribute, no javascript: URL, no style attribute or <style> block (the PDFs
excepted: WeasyPrint renders them on the server, no browser ever runs them)."""

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "cohesion"
SERVER_SIDE_ONLY = {
    "indicators/templates/indicators/fact_sheet.html",
    "workshops/templates/workshops/documentation/day.html",
}
TEMPLATES = sorted(
    path
    for path in PACKAGE.glob("**/templates/**/*.html")
    if str(path.relative_to(PACKAGE)) not in SERVER_SIDE_ONLY
)

FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler": re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE),
    "style block": re.compile(r"<style[\s>]", re.IGNORECASE),
}


def test_templates_were_found():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_template_has_nothing_the_policy_blocks(path):
    text = path.read_text()
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == []
