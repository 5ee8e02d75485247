"""Write-up quality and speed on a roundup file: ROUGE vs the editors, baselines, faithfulness.

    /work/main/.venv/bin/python bench/bench_writeups.py [../shared/data/roundups/allsides-dev.jsonl]
    ... --attributed-weights 1,2 --restated-cosines 0.8,1.1  # the write-up with other constants
    ... --llm-endpoint http://127.0.0.1:8080/v1 --llm-model NAME   # the LLM writer instead

Prints a markdown table (ROUGE-1/2/L F1, stemmed, vs the editors' first roundup paragraph;
headlines vs the editors' headline), the write-up's ROUGE on two fixed halves of the stories
(to show a change holds on both), the share of sentences attributed and faithful to their
source (verbatim, or a clean trim of one of its sentences, our frame aside), and writing
throughput. Then the editorial checks of ../shared/tools/copy_check.py (repeated facts,
novelty, openers without antecedent, opinion without attribution, opinion headlines) for
the write-ups and for the editors' own roundups, on the whole file and on its two halves by
date (the earlier half is where constants are chosen; the later one is held out).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.evaluate.summaries import (  # noqa: E402 - after the path set-up
    evaluate_baselines,
    evaluate_writer,
    load_stories,
)
from newsdesk.text.embed import Embedder  # noqa: E402
from newsdesk.write import restate, selection  # noqa: E402
from newsdesk.write.files import story_record  # noqa: E402
from newsdesk.write.generative import GenerativeWriter, LlmSettings  # noqa: E402
from newsdesk.write.restate import default_embedder  # noqa: E402
from newsdesk.write.summarize import ExtractiveWriter  # noqa: E402

DEFAULT_FILE = REPO.parent / "shared" / "data" / "roundups" / "allsides-dev.jsonl"


def main() -> None:
    """Run the writer and the baselines on one roundup file and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--language", default="en")
    parser.add_argument("--folds", type=int, default=2,
                        help="also report the write-up's ROUGE on this many fixed halves")
    parser.add_argument("--attributed-weights", type=_weights, default=[],
                        help="also score the write-up with each of these ATTRIBUTED_WEIGHT "
                             "values (comma-separated), overall and per fold")
    parser.add_argument("--restated-cosines", type=_weights, default=[],
                        help="also score the write-up with each of these RESTATED_COSINE "
                             "values (comma-separated; above 1 turns the check off)")
    parser.add_argument("--llm-endpoint", help="score the LLM writer with the model behind "
                        "this OpenAI-compatible endpoint instead (e.g. http://127.0.0.1:8080/v1)")
    parser.add_argument("--llm-model", default="default", help="the model to ask for")
    args = parser.parse_args()
    stories, references = load_stories(args.path)
    writer = (GenerativeWriter(LlmSettings(endpoint=args.llm_endpoint, model=args.llm_model))
              if args.llm_endpoint else ExtractiveWriter(embedder=_Remembered(default_embedder())))
    writer.write(stories[0].id, stories[0].articles)  # load lazy resources before timing
    report = evaluate_writer(writer, stories, references, args.language)
    baselines = evaluate_baselines(stories, references, args.language)
    print(f"{args.path.name}: {report.stories} stories\n")
    print("| system | R-1 | R-2 | R-L |\n|---|---|---|---|")
    rows = [
        ("lead of one article (cut to the reference's length)", baselines["lead"]),
        ("first sentence of each article", baselines["first_sentences"]),
        ("greedy extractive oracle", baselines["oracle"]),
        (f"newsdesk {writer.name} write-up ({report.mean_words:.0f} words)", report.summary),
        ("headline = first article's title", baselines["title_headline"]),
        ("newsdesk headline", report.headline),
    ]
    for name, scores in rows:
        print(f"| {name} | {scores['rouge1']:.1f} | {scores['rouge2']:.1f} "
              f"| {scores['rougeL']:.1f} |")
    for fold in range(args.folds):
        part = [s for s in stories if _fold(s.id, args.folds) == fold]
        scores = evaluate_writer(writer, part, references, args.language).summary
        print(f"| write-up, fold {fold + 1}/{args.folds} ({len(part)} stories) "
              f"| {scores['rouge1']:.1f} | {scores['rouge2']:.1f} | {scores['rougeL']:.1f} |")
    for weight in args.attributed_weights:
        _score_constant(selection, "ATTRIBUTED_WEIGHT", weight, writer, stories, references, args)
    for cosine in args.restated_cosines:
        _score_constant(restate, "RESTATED_COSINE", cosine, writer, stories, references, args)
    print(f"\nsentences: {report.sentences}, attributed {report.attributed_share:.1f}%, "
          f"verbatim or a clean trim in cited source {report.verbatim_share:.1f}%")
    print(f"writing: {report.stories} stories in {report.seconds:.2f} s "
          f"= {report.stories_per_second:.0f} stories/s")
    if isinstance(writer, GenerativeWriter):
        print(f"model sentences dropped as unsupported by their citations: {writer.dropped}")
    _editorial_checks(args.path, writer, stories, references, args)


def _editorial_checks(path: Path, writer: ExtractiveWriter, stories: list, references: dict,
                      args: argparse.Namespace) -> None:
    """The copy checks of the shared yardstick for our write-ups and the editors' own
    roundups: on the whole file, its earlier half by date and its later (held-out) half."""
    checker = path.resolve().parents[1].parent / "tools" / "copy_check.py"
    if not checker.is_file():
        print(f"\neditorial checks skipped: {checker} not found")
        return
    spec = importlib.util.spec_from_file_location("copy_check", checker)
    copy_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy_check)
    gold = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    pred = {s.id: story_record(writer.write(s.id, s.articles, language=args.language))
            for s in stories}
    by_date = sorted((g for g in gold if str(g["id"]) in pred), key=lambda g: (g["date"], g["id"]))
    half = len(by_date) // 2
    parts = [("all", gold), (f"earlier half (to {by_date[half - 1]['date']})", by_date[:half]),
             (f"later half, held out (from {by_date[half]['date']})", by_date[half:])]
    print("\n| copy | stories | R-2 | headline R-1 | repeated facts | novelty "
          "| openers without antecedent | opinion sentences | of them unattributed "
          "(share of all sentences) | opinion headlines |\n" + "|---" * 10 + "|")
    for name, part in parts:
        ids = {str(g["id"]) for g in part}
        rouge = evaluate_writer(writer, [s for s in stories if s.id in ids], references,
                                args.language)
        ours = copy_check.score(part, pred)
        print(f"| newsdesk, {name} | {ours['writeups']} | {rouge.summary['rouge2']:.2f} "
              f"| {rouge.headline['rouge1']:.1f} | {ours['redundant']:.1%} "
              f"| {ours['novelty']:.3f} | {ours['orphans']:.2%} | {ours['opinion_sentences']} "
              f"| {ours['opinion_as_news']:.2%} | {ours['opinion_headlines']:.1%} |")
        editors = copy_check.score(part, None)
        print(f"| editors, {name} | {editors['writeups']} | | | {editors['redundant']:.1%} "
              f"| {editors['novelty']:.3f} | | | | |")


def _score_constant(module: ModuleType, constant: str, value: float, writer: ExtractiveWriter,
                    stories: list, references: dict, args: argparse.Namespace) -> None:
    """One row: the write-up's R-1/R-2 with `module.constant` set to `value`, overall and
    on each fold (the shipped value is restored afterwards)."""
    shipped = getattr(module, constant)
    setattr(module, constant, value)
    try:
        scores = [evaluate_writer(writer, stories, references, args.language).summary]
        for fold in range(args.folds):
            part = [s for s in stories if _fold(s.id, args.folds) == fold]
            scores.append(evaluate_writer(writer, part, references, args.language).summary)
    finally:
        setattr(module, constant, shipped)
    cells = " | ".join(f"{s['rouge1']:.1f} / {s['rouge2']:.2f}" for s in scores)
    print(f"| write-up, {constant} {value:g}: R-1 / R-2 overall, then per fold | {cells} |")


class _Remembered:
    """The sentence model with each sentence's vector kept: the bench writes every story
    several times (overall, per half, per constant), the vectors need computing once."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder, self.name = embedder, embedder.name
        self.version, self.dim = embedder.version, embedder.dim
        self._vectors: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of `texts`, computed for those not seen before."""
        new = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if new:
            self._vectors.update(zip(new, self.embedder.embed(new), strict=True))
        return np.stack([self._vectors[text] for text in texts])


def _weights(text: str) -> list[float]:
    """A comma-separated list of numbers."""
    return [float(part) for part in text.split(",")]


def _fold(story_id: str, folds: int) -> int:
    """A story's fold: a stable hash of its id, so the halves never depend on file order."""
    return int(hashlib.md5(story_id.encode()).hexdigest(), 16) % folds


if __name__ == "__main__":
    main()
