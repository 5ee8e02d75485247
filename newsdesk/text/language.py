"""Language identification for articles, short headlines included.

Scripts that name their language (Han, kana, Hangul, Thai, Greek, Hebrew, ...) are decided
by counting characters, which is exact even for a four-character headline. Latin, Cyrillic
and Arabic text goes to py3langid restricted to the languages a news desk commonly meets,
so a short English headline is not mistaken for Luxembourgish or Volapük.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from newsdesk.text.embed import DENSE_CHARACTER_WIDTH
from newsdesk.text.language_codes import normalise_language

__all__ = ["NEWS_LANGUAGES", "detect_any_language", "detect_language", "normalise_language"]

# Enough text to decide; the rest of a 5 MB article adds nothing but time.
_SAMPLE_CHARS = 2000

NEWS_LANGUAGES = (
    "en",
    "de",
    "fr",
    "es",
    "it",
    "nl",
    "pt",
    "sv",
    "da",
    "no",
    "fi",
    "pl",
    "cs",
    "sk",
    "hu",
    "ro",
    "hr",
    "sl",
    "tr",
    "id",
    "ms",
    "vi",
    "ca",
    "et",
    "lv",
    "lt",
    "sq",
    "ru",
    "uk",
    "bg",
    "sr",
    "mk",
    "ar",
    "fa",
    "ur",
)

# Unicode name prefix of a letter -> the language its script alone implies.
_SCRIPT_LANGUAGES = {
    "CJK": "zh",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "HANGUL": "ko",
    "THAI": "th",
    "GREEK": "el",
    "HEBREW": "he",
    "DEVANAGARI": "hi",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "BENGALI": "bn",
    "TAMIL": "ta",
}

_DENSE_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA")  # the characters embed.py counts wide

@lru_cache(maxsize=1)
def _identifier() -> object:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(NEWS_LANGUAGES))
    return identifier


def _script_counts(text: str) -> tuple[dict[str, int], int]:
    """Letters of each script that names its language, and all letters, a Han or kana
    character counted `DENSE_CHARACTER_WIDTH` times: it says as much as a few Latin
    letters, so a Chinese headline with Latin names in it ("Jeff Bezos 宣布 Blue Origin
    将于明年发射 New Glenn 火箭") is still mostly Chinese."""
    counts: dict[str, int] = {}
    letters = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        weight = DENSE_CHARACTER_WIDTH if name.startswith(_DENSE_SCRIPTS) else 1
        letters += weight
        for prefix, language in _SCRIPT_LANGUAGES.items():
            if name.startswith(prefix):
                counts[language] = counts.get(language, 0) + weight
                break
    return counts, letters


def _language_by_script(counts: dict[str, int], letters: int) -> str | None:
    if counts.get("ja", 0) >= max(2, letters // 20):
        return "ja"  # Japanese mixes kana into Han; kana alone marks it
    best = max(counts, key=lambda lang: counts[lang], default=None)
    if best is not None and counts[best] * 2 >= letters:
        return best
    return None


def detect_language(text: str, prior: Mapping[str, int] | None = None) -> str | None:
    """The base language code of `text` ('en', 'zh', ...), or None when it cannot be told.

    `prior` counts the languages of the source's earlier articles. A headline or a
    one-line summary says little ("Kabinet valt over stikstof" reads as Norwegian,
    "Philips schrapt 6000 banen" as German), and a feed mostly writes in one language, so
    the detector's probabilities are weighed by the source's history (add-one smoothed
    over the news languages): a long text still decides by itself, a short one leans to
    the language its source writes in. Scripts that name their language are not weighed.
    """
    sample = (text or "")[:_SAMPLE_CHARS]
    counts, letters = _script_counts(sample)
    if letters < 2:
        return None
    by_script = _language_by_script(counts, letters)
    if by_script is not None:
        return by_script
    if not prior:
        language, _ = _identifier().classify(sample)  # type: ignore[attr-defined]
        return normalise_language(language)
    ranked = _identifier().rank(sample)  # type: ignore[attr-defined]
    language, _ = max(ranked, key=lambda pair: pair[1] * (prior.get(pair[0], 0) + 1))
    return normalise_language(language)


def detect_any_language(text: str) -> str | None:
    """The base language code py3langid reads in `text` among all the languages of its
    model: no script rule, no restriction to the news languages, no prior; None for blank
    text. The copy writer's reading of an article whose language was not given
    (write/sources.py); articles are read by `detect_language`."""
    if not text.strip():
        return None
    from py3langid import classify  # heavy: loaded on first use

    return normalise_language(classify(text[:_SAMPLE_CHARS])[0])
