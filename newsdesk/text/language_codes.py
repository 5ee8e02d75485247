"""One scheme for language codes: ISO 639-1 two-letter codes, lower case.

Feeds and pages declare languages every way there is: `en-US`, `zh_Hant`, `zh-CN`, ISO
639-2 (`jpn`, `rus`, `por`, `ger`), ISO 639-3 individual languages (`arb` for Standard
Arabic, `cmn` for Mandarin, `pes` for Persian), retired codes (`iw`, `in`). Stored as
given, one story in Japanese counted as two languages (`ja` and `jpn`). Every code the
store keeps or reads back goes through `normalise_language`.
"""

from __future__ import annotations

import re

# Three-letter codes (ISO 639-2/T and /B, ISO 639-3 individual languages that a
# macrolanguage's two-letter code covers) and retired two-letter codes -> ISO 639-1.
_TO_TWO_LETTERS = {
    "afr": "af", "alb": "sq", "amh": "am", "ara": "ar", "arb": "ar", "arz": "ar", "apc": "ar",
    "ary": "ar", "arm": "hy", "aze": "az", "azj": "az", "baq": "eu", "bel": "be", "ben": "bn",
    "bos": "bs", "bul": "bg", "bur": "my", "cat": "ca", "ces": "cs", "chi": "zh", "cmn": "zh",
    "cym": "cy", "cze": "cs", "dan": "da", "deu": "de", "dut": "nl", "ell": "el", "eng": "en",
    "est": "et", "ekk": "et", "eus": "eu", "fas": "fa", "per": "fa", "pes": "fa", "fil": "tl",
    "fin": "fi", "fra": "fr", "fre": "fr", "geo": "ka", "ger": "de", "gle": "ga", "glg": "gl",
    "gre": "el", "guj": "gu", "hau": "ha", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu",
    "hye": "hy", "ice": "is", "ind": "id", "isl": "is", "ita": "it", "jpn": "ja", "kat": "ka",
    "kaz": "kk", "khm": "km", "kan": "kn", "kor": "ko", "kur": "ku", "lao": "lo", "lat": "la",
    "lav": "lv", "lvs": "lv", "lit": "lt", "ltz": "lb", "mac": "mk", "mal": "ml", "mar": "mr",
    "may": "ms", "mkd": "mk", "mlt": "mt", "mon": "mn", "khk": "mn", "msa": "ms", "zsm": "ms",
    "mya": "my", "nep": "ne", "npi": "ne", "nld": "nl", "nor": "no", "nob": "no", "nno": "no",
    "nb": "no", "nn": "no", "pan": "pa", "pol": "pl", "por": "pt", "pus": "ps", "ron": "ro",
    "rum": "ro", "rus": "ru", "sin": "si", "slk": "sk", "slo": "sk", "slv": "sl", "som": "so",
    "spa": "es", "sqi": "sq", "als": "sq", "srp": "sr", "swa": "sw", "swh": "sw", "swe": "sv",
    "tam": "ta", "tel": "te", "tgl": "tl", "tha": "th", "tur": "tr", "ukr": "uk", "urd": "ur",
    "uzb": "uz", "uzn": "uz", "vie": "vi", "wel": "cy", "yid": "yi", "zho": "zh", "zul": "zu",
    "iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro",
}
# Chinese in all its tags: varieties and scripts are one language to the desk.
_CHINESE = frozenset({"zh", "zho", "chi", "cmn", "yue", "wuu", "lzh", "hak", "nan", "gan"})
_NO_LANGUAGE = frozenset({"", "und", "mul", "zxx", "mis"})
_PRIMARY = re.compile(r"[a-z]{2,3}")

LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan", "cs": "Czech",
    "da": "Danish", "de": "German", "el": "Greek", "en": "English", "es": "Spanish",
    "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
    "it": "Italian", "ja": "Japanese", "ka": "Georgian", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ms": "Malay", "nl": "Dutch", "no": "Norwegian",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak",
    "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian", "sv": "Swedish", "ta": "Tamil",
    "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "zh": "Chinese",
}


def normalise_language(code: str | None) -> str | None:
    """A language tag as its ISO 639-1 code: `en-US` -> `en`, `jpn` -> `ja`, `arb` -> `ar`,
    `zh_Hant` -> `zh`; None for no tag, `und`/`mul`/`zxx`, or something that is no tag."""
    if not code:
        return None
    primary = code.strip().lower().replace("_", "-").split("-")[0]
    if primary in _NO_LANGUAGE or not _PRIMARY.fullmatch(primary):
        return None
    if primary in _CHINESE:
        return "zh"
    return _TO_TWO_LETTERS.get(primary, primary)


def language_name(code: str | None) -> str:
    """The language's English name ("Chinese" for `zh` or `zh-CN`); the code itself
    when the name is not known, "an unknown language" without one."""
    base = normalise_language(code)
    if base is None:
        return "an unknown language"
    return LANGUAGE_NAMES.get(base, base)
