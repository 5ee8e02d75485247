"""The write-ups of a roundup file scored once per date half: ROUGE and the editorial checks.

    NEWSDESK_SHARED_DATA=/work/shared/data .venv/bin/python bench/editorial_scores.py \
        [--vectors /tmp/vectors.pkl] [--words-per-paragraph 56] [--dump out.jsonl]

`bench/bench_writeups.py` writes every story several times (overall, per fold, per
constant, for the checks) and needs minutes of CPU for the sentence model alone; on a
shared machine it may not finish. This writes each story once, keeps the sentence vectors
in `--vectors` between runs (a rerun costs seconds of CPU), and prints per half by date
(the earlier half is where constants are chosen, the later one held out): R-1/2/L, headline
R-1, repeated facts, novelty, openers without antecedent, opinion (sentences located in an
opinion piece, unattributed share, headlines), sentences verbatim or a clean trim, mean
words, the first sentence's R-1 / R-2 against the editors' first sentence (does the
write-up open with the news the editors open with?), and the editors' own repeated facts
and novelty (`../shared/tools/copy_check.py`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import pickle
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsdesk.evaluate.rouge import mean_rouge, rouge_f1  # noqa: E402
from newsdesk.evaluate.summaries import WriterReport, _check_faithfulness, load_stories  # noqa: E402
from newsdesk.write.files import story_record, write_up_text  # noqa: E402
from newsdesk.write.restate import default_embedder  # noqa: E402
from newsdesk.write.selection import WORDS_PER_PARAGRAPH  # noqa: E402
from newsdesk.write.sentences import article_sentences  # noqa: E402
from newsdesk.write.summarize import ExtractiveWriter  # noqa: E402

SHARED = Path(os.environ.get("NEWSDESK_SHARED_DATA", REPO.parent / "shared" / "data"))


class KeptVectors:
    """The shipped sentence model with every vector kept in a file between runs."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.model, self.changed = path, None, False
        self.vectors = pickle.loads(path.read_bytes()) if path and path.is_file() else {}
        self.name, self.version, self.dim = "use-multilingual", "kept", 512

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of `texts`, computed for those never seen."""
        new = [text for text in dict.fromkeys(texts) if text not in self.vectors]
        if new:
            self.model = self.model or default_embedder()
            self.vectors.update(zip(new, self.model.embed(new), strict=True))
            self.changed = True
        return np.stack([self.vectors[text] for text in texts])

    def save(self) -> None:
        if self.path and self.changed:
            self.path.write_bytes(pickle.dumps(self.vectors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path,
                        default=SHARED / "roundups" / "allsides-dev.jsonl")
    parser.add_argument("--vectors", type=Path, help="keep sentence vectors in this file")
    parser.add_argument("--words-per-paragraph", type=int, default=WORDS_PER_PARAGRAPH)
    parser.add_argument("--dump", type=Path, help="write the write-file lines here")
    args = parser.parse_args()
    checker = SHARED.parent / "tools" / "copy_check.py"
    spec = importlib.util.spec_from_file_location("copy_check", checker)
    copy_check = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(copy_check)
    stories, references = load_stories(args.path)
    embedder = KeptVectors(args.vectors)
    writer = ExtractiveWriter(args.words_per_paragraph, embedder=embedder)
    started = time.process_time()
    ups = {story.id: writer.write(story.id, story.articles) for story in stories}
    print(f"{len(ups)} stories written in {time.process_time() - started:.1f} s of CPU")
    embedder.save()
    records = {story_id: story_record(up) for story_id, up in ups.items()}
    if args.dump:
        args.dump.write_text("".join(json.dumps(records[s.id]) + "\n" for s in stories),
                             encoding="utf-8")
    gold = [json.loads(line) for line in args.path.open(encoding="utf-8") if line.strip()]
    by_date = sorted((g for g in gold if str(g["id"]) in ups), key=lambda g: (g["date"], g["id"]))
    half = len(by_date) // 2
    articles = {story.id: story.articles for story in stories}
    print("| copy | stories | R-1 / R-2 / R-L | headline R-1 | repeated facts | novelty | openers "
          "without antecedent | opinion sentences located | unattributed opinion | opinion "
          "headlines | verbatim or clean trim | words | first sentence R-1 / R-2 |\n"
          + "|---" * 13 + "|")
    for name, part in [("all", by_date), (f"earlier half (to {by_date[half - 1]['date']})",
                                          by_date[:half]),
                       (f"later half, held out (from {by_date[half]['date']})", by_date[half:])]:
        ids = [str(g["id"]) for g in part]
        summary = mean_rouge([rouge_f1(write_up_text(ups[i]), references[i].paragraph, "en")
                              for i in ids])
        headline = mean_rouge([rouge_f1(ups[i].headline, references[i].headline, "en")
                               for i in ids])
        faithful = WriterReport(stories=len(ids))
        for i in ids:
            _check_faithfulness(faithful, articles[i], ups[i].paragraphs)
        words = sum(len(write_up_text(ups[i]).split()) for i in ids) / len(ids)
        first = mean_rouge([rouge_f1(_first_sentence(ups[i]),
                                     _editors_first(references[i].paragraph), "en")
                            for i in ids])
        ours, editors = copy_check.score(part, records), copy_check.score(part, None)
        print(f"| newsdesk, {name} | {ours['writeups']} | {summary['rouge1']:.1f} / "
              f"{summary['rouge2']:.2f} / {summary['rougeL']:.1f} | {headline['rouge1']:.1f} | "
              f"{ours['redundant']:.1%} | {ours['novelty']:.3f} | {ours['orphans']:.2%} | "
              f"{ours['opinion_sentences']} | {ours['opinion_as_news']:.2%} | "
              f"{ours['opinion_headlines']:.1%} | {faithful.verbatim}/{faithful.sentences} | "
              f"{words:.0f} | {first['rouge1']:.1f} / {first['rouge2']:.1f} |")
        print(f"| editors, {name} | {editors['writeups']} | | | {editors['redundant']:.1%} | "
              f"{editors['novelty']:.3f} | | | | | | | |")


def _editors_first(paragraph: str) -> str:
    """The editors' opening sentence."""
    return next(iter(article_sentences(paragraph, "en")), "")


def _first_sentence(write_up) -> str:  # noqa: ANN001
    """The write-up's opening sentence (its one-liner when it has no paragraphs)."""
    first = next((paragraph[0] for paragraph in write_up.paragraphs if paragraph), None)
    first = first or write_up.one_liner
    return first.text if first else ""


if __name__ == "__main__":
    main()
