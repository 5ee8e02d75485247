"""A long fuzz session for the sanitiser, outside CI: random hostile HTML, invariants checked.

Run: /work/main/.venv/bin/python bench/fuzz_sanitize.py [--inputs 200000] [--seed 1]
Prints the number of inputs tried and every input whose output kept an executable construct
(there must be none), then exits non-zero if any were found.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsdesk.publish.sanitize import sanitize_html  # noqa: E402
from tests.publish.xss_vectors import XSS_VECTORS, executable_constructs  # noqa: E402

PIECES = ["<", ">", "</", "/>", "=", '"', "'", "`", " ", "\t", "\n", "\x00", "&#", "&#x",
          ";", "&colon;", "&Tab;", "&NewLine;", "script", "SCRIPT", "img", "a", "svg", "iframe",
          "style", "src", "href", "onerror", "onload", "ONCLICK", "javascript:", "data:",
          "vbscript:", "alert(1)", "<!--", "-->", "<![CDATA[", "]]>", "https://x.example/",
          "expression(", "url(", "<math>", "<noscript>", "<template>", "<p>", "<a ", "<img ",
          "<svg ", "<style>", "<script>", "<iframe ", "<meta ", "http-equiv=refresh",
          "formaction=", "srcdoc=", "<form>", "<base href=", "&lt;", "&gt;", "&amp;", "\u2028",
          "\ufeff", "<xmp>", "<title>", "<textarea>", "<select>", "<object ", "<embed "]


def hostile_input(rng: random.Random) -> str:
    """Mix random pieces, fragments of known vectors and random code points."""
    parts = []
    for _ in range(rng.randint(1, 40)):
        roll = rng.random()
        if roll < 0.6:
            parts.append(rng.choice(PIECES))
        elif roll < 0.8:
            vector = rng.choice(XSS_VECTORS)
            start = rng.randrange(len(vector))
            parts.append(vector[start:start + rng.randint(1, 30)])
        else:
            parts.append("".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(1, 4))))
    return "".join(parts)


def main() -> None:
    """Run the session and report its size and findings."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures, start = 0, time.perf_counter()
    for n in range(args.inputs):
        html = hostile_input(rng)
        base = None if n % 2 else "https://news.example/a/"
        problems = executable_constructs(sanitize_html(html, base_url=base))
        if problems:
            failures += 1
            print(f"UNSAFE: {html!r} -> {problems}")
    elapsed = time.perf_counter() - start
    print(f"fuzz inputs tried: {args.inputs}, unsafe outputs: {failures}, "
          f"seed {args.seed}, {elapsed:.1f} s")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
