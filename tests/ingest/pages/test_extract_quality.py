"""Extraction quality gate on public test pages: a drop below the pinned floors fails.

Floors sit a little under the figures measured with trafilatura 2.3 (see
bench/extraction_quality.py for the full report).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.evaluate.extraction import (
    score_newspaper_pages,
    score_readability_pages,
    token_f1,
)

pytestmark = pytest.mark.shared


def test_readability_pages_meet_title_byline_and_date_floors(shared_data: Path) -> None:
    # measured: 127/130 extracted, title 0.606 exact / 0.630 normalised / 0.709 contained,
    # byline 0.763 (76 cases), date 0.939 (33 cases)
    summary = score_readability_pages(shared_data / "pages" / "mozilla-readability").summary()
    assert summary["pages"] == 130
    assert summary["extracted"] >= 125
    assert summary["title_normalised"] >= 0.60
    assert summary["title_contained"] >= 0.68
    assert summary["byline"] >= 0.72
    assert summary["date"] >= 0.90


def test_newspaper_pages_meet_text_and_metadata_floors(shared_data: Path) -> None:
    # measured: 20/20 extracted, title 0.45 exact / 0.50 normalised / 0.85 contained,
    # byline 0.833 (12 cases), date 1.0 (16 cases), text token F1 0.930 (20 cases)
    folder = shared_data / "pages" / "newspaper4k" / "tests" / "data"
    summary = score_newspaper_pages(folder).summary()
    assert summary["extracted"] == summary["pages"] == 20
    assert summary["title_contained"] >= 0.80
    assert summary["byline"] >= 0.75
    assert summary["date"] >= 0.93
    assert summary["text_f1"] >= 0.90


def test_token_f1_counts_cjk_characters_as_tokens() -> None:
    assert token_f1("深圳新建", "深圳新建") == 1.0
    assert token_f1("深圳", "深圳新建") == pytest.approx(2 / 3)
    assert token_f1("", "text") == 0.0
