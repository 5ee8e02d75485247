"""Quality gate: write-ups of the AllSides roundup stories against the editors' copy.

Floors sit slightly under the measured figures (bench/bench_writeups.py: write-up R-2 17.50,
headline R-1 45.2); a drop below them fails the build, as does any sentence that is
unattributed, or neither verbatim in its source nor a clean trim of one of its sentences.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.evaluate.summaries import evaluate_writer, load_stories
from newsdesk.write.summarize import ExtractiveWriter

SUMMARY_R2_FLOOR = 17.3
HEADLINE_R1_FLOOR = 44.0


@pytest.mark.shared
def test_write_ups_stay_above_the_rouge_floors_and_fully_attributed(shared_data: Path) -> None:
    path = shared_data / "roundups" / "allsides-dev.jsonl"
    if not path.is_file():
        pytest.skip(f"roundup file not found at {path}")
    stories, references = load_stories(path)
    report = evaluate_writer(ExtractiveWriter(), stories, references)
    assert report.stories >= 370
    assert report.summary["rouge2"] >= SUMMARY_R2_FLOOR
    assert report.headline["rouge1"] >= HEADLINE_R1_FLOOR
    assert report.sentences > report.stories
    assert report.attributed_share == 100.0
    assert report.verbatim_share == 100.0
