"""What is not news in an article's copy: calls to action, bylines, credits, datelines.

A sentence is either dropped whole (boilerplate) or trimmed at its start (a dateline, a
section label), so what remains is still a verbatim substring of the source.
"""

from __future__ import annotations

import re

# Calls to action and page furniture, in the languages the desk reads.
_BOILERPLATE = re.compile(
    r"""
    \b(click|tap)\s+here\b | ^\W*read\s+(more|also|next|the\s+full)\b
    | \bsubscribe\s+(now|today|here|to\s+(our|the))\b | \bsign\s+up\s+(for|to|here|now)\b
    | \bour\s+newsletter\b | ^\W*follow\s+(us|@) | \bshare\s+this\b
    | ^\W*advertisement\W*$ | ^\W*(related|see\s+also|watch|listen)\s*: | all\s+rights\s+reserved
    | ^\W*(copyright|©) | \bthis\s+(article|story)\s+(was|has\s+been)\s+(originally\s+)?
      (published|updated|corrected) | \bcontributed\s+to\s+this\s+report\b
    | ^\W*(photo|image|picture|video)\s*(credit|courtesy|:)
    | \((photo|image|picture)\s+(by|credit|courtesy)\b | \bgetty\s+images\b | \bshutterstock\b
    | \bAP\s+Photo\b | ^\W*(updated|published|posted)\s*:?\s*\d
    | ^\W*lees\s+(ook|meer) | \babonneer | ^\W*lesen\s+sie\s+(auch|mehr) | ^\W*mehr\s+zum\s+thema
    | \babonnieren\b | ^\W*lire\s+(aussi|la\s+suite) | \babonnez-vous\b | ^\W*leer\s+m[aá]s
    | \bsuscr[ií]be | ^\W*lea\s+tambi[eé]n
    | 责任编辑 | 原标题 | 点击(查看|阅读|进入|关注) | 扫码 | 关注我们 | 版权所有 | 未经授权
    | ^\W*(来源|编辑|记者|作者)\s*[:：]
    """,
    re.IGNORECASE | re.VERBOSE,
)

# "By Jane Doe", "By Jane Doe and John Roe, Reuters", "Door Jan Jansen", "Von Max Muster".
_BYLINE = re.compile(
    r"^\W*(?i:by|door|von|par|por)\s+[A-Z][\w.'’-]+(\s+(and|en|und|et|y|&|[A-Z][\w.'’-]+),?){0,6}"
    r"\s*([|,–—-]\s*[\w .]+)?\W*$"
)

# "WASHINGTON (Reuters) - ", "NEW YORK, April 22 (AP) — ", "(CNN) ", "BEIJING — ".
_DATELINE = re.compile(
    r"""^(
        [A-Z][A-Z.'’-]+(\s+[A-Z][A-Z.'’-]+){0,3}      # a city in capitals
        (,\s*[A-Z][\w.]*(\s+[A-Z\d][\w.]*){0,2})?      # , State / , April 22
        \s*(\([^()]{1,40}\))?\s*[-–—]+\s*             # (Agency) and a dash
      | \([A-Z][\w .&]{0,30}\)\s*([-–—]+\s*)?         # (CNN) or (CNN) -
      | [A-Z][A-Z.'’-]+(\s+[A-Z][A-Z.'’-]+){0,3}\s*\([^()]{1,40}\)\s+  # BERLIN (dpa)
    )""",
    re.VERBOSE,
)


# Section labels of "smart brevity" house styles (Axios, Semafor, Politico): "Why it
# matters: The ...". A known list, because "Walensky also said: ..." must keep its speaker.
_SECTION_LABEL = re.compile(
    r"""^\W{0,3}(
        why\s+it\s+matters | the\s+big\s+picture | driving\s+the\s+news | between\s+the\s+lines
      | what\s+they['’]re\s+saying | what\s+we['’]re\s+(hearing|watching) | what\s+to\s+watch
      | what['’]s\s+next | the\s+bottom\s+line | bottom\s+line | yes,?\s+but | be\s+smart
      | by\s+the\s+numbers | state\s+of\s+play | catch\s+up\s+quick | zoom\s+(in|out)
      | flashback | reality\s+check | the\s+intrigue | the\s+other\s+side | our\s+thought\s+bubble
      | go\s+deeper | the\s+backstory | the\s+latest | context | details | the\s+news
      | know\s+more | the\s+view\s+from\s+[\w ]{1,30} | room\s+for\s+disagreement
      | of\s+note | the\s+details | what\s+happened | what\s+it\s+means | key\s+quote
    )\s*:\s+""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(sentence: str) -> bool:
    """True for page furniture that an editor would never quote: calls to action,
    bylines, photo credits, copyright lines."""
    stripped = sentence.strip()
    if not stripped:
        return True
    return bool(_BOILERPLATE.search(stripped) or _BYLINE.match(stripped))


def trim_dateline(sentence: str) -> str:
    """The sentence without a leading dateline ("WASHINGTON (Reuters) - "), else unchanged.

    The result is a suffix of the input, so it stays verbatim in the source.
    """
    match = _DATELINE.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end():].lstrip()
    # Keep the sentence whole when the "dateline" was really its opening words.
    if len(rest) < 20 or not (rest[:1].isupper() or rest[:1] in "\"'“‘"):
        return sentence
    return rest


def trim_label(sentence: str) -> str:
    """The sentence without a leading section label ("Why it matters: "), else unchanged.

    Like `trim_dateline`, the result is a suffix of the input (verbatim in the source).
    """
    match = _SECTION_LABEL.match(sentence)
    if not match:
        return sentence
    rest = sentence[match.end():]
    if len(rest) < 20 or not (rest[:1].isupper() or rest[:1] in "\"'“‘"):
        return sentence
    return rest
