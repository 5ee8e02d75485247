"""Words of copy for scoring sentences and titles, in any language the desk reads.

Regex word tokens for alphabetic scripts; jieba words for Chinese; character bigrams for
Japanese (no segmenter ships for it). Function words are dropped so that what two
sentences share is what they are about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.text.tokens import jieba_segmenter, simplified_chinese
from newsdesk.write.sentences import CJK_LANGUAGES

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "a an the and or but if of to in on at by for from with about as into over after "
        "before than that this these those it its is are was were be been being has have had "
        "do does did will would can could should may might must not no so up out he she they "
        "we you i his her their our your him them us who whom which what when where why how "
        "said says say also more most some any all there here just new one two".split()
    ),
    "nl": frozenset(
        "de het een en of maar als van in op aan bij voor met uit over naar dat die dit deze "
        "is zijn was waren wordt werd worden heeft hebben had zal zou kan niet geen ook er "
        "hij zij ze wij we je u hun haar zich om te tot door".split()
    ),
    "de": frozenset(
        "der die das den dem des ein eine einen einem einer und oder aber wenn von zu in im "
        "am an auf bei für mit aus über nach dass ist sind war waren wird wurde werden hat "
        "haben hatte kann nicht kein auch er sie es wir ihr sich um".split()
    ),
    "fr": frozenset(
        "le la les l un une des du de d et ou mais si à au aux en dans sur par pour avec "
        "que qui ce cette ces est sont était été sera a ont avait ne pas plus il elle ils "
        "elles nous vous se sa son ses leur leurs".split()
    ),
    "es": frozenset(
        "el la los las un una unos unas y o pero si de del a al en sobre por para con que "
        "quien este esta estos estas es son era fue será ha han había no más él ella ellos "
        "nosotros se su sus lo le les".split()
    ),
    "zh": frozenset(
        "的 了 在 是 和 与 及 也 都 就 而 对 将 把 被 "
        "从 到 为 这 那 其 之 他 她 它 们 等 说 表示".split()
    ),
}


def function_words(lang: str | None) -> frozenset[str]:
    """The function words of a language (English for one without a list), lower-cased."""
    return _FUNCTION_WORDS.get(_language(lang), _FUNCTION_WORDS["en"])


ATTRIBUTION_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("said says say told according announced stated wrote added".split()),
    "nl": frozenset("zei zegt zeggen zeiden volgens meldt meldde aldus verklaarde schreef".split()),
    "de": frozenset("sagte sagt sagten laut erklärte teilte schrieb kündigte".split()),
    "fr": frozenset("dit déclaré selon affirmé annoncé indiqué expliqué écrit".split()),
    "es": frozenset("dijo según afirmó declaró anunció explicó señaló escribió".split()),
    "zh": frozenset("表示 称 说 据 指出 宣布 透露 介绍".split()),
}


# The first and second person: the outlet's writer speaking for themself or to the
# reader ("let me take a different stance", "you should"). Outside quotation marks such a
# sentence would speak in the desk's voice. Chinese is left out: its state media write
# 我国, "our country", for China in plain news copy.
_PERSONAL_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("i me my mine myself we us our ours ourselves you your yours yourself "
                    "yourselves let's".split()),
    "nl": frozenset("ik mij me mijn wij we ons onze jij je jou jouw jullie u uw".split()),
    "de": frozenset("ich mich mir mein meine meinen meinem meiner wir uns unser unsere "
                    "unseren unserem du dich dir dein deine".split()),
    "fr": frozenset("je j me moi mon ma mes nous notre nos tu te toi ton ta tes vous votre "
                    "vos".split()),
    "es": frozenset("yo me mi mis nosotros nosotras nos nuestro nuestra nuestros nuestras tú "
                    "te ti tu tus usted ustedes vosotros".split()),
}
_QUOTED = re.compile(r"“[^”]*”?|\"[^\"]*\"?|«[^»]*»?|„[^“]*“?")
_PERSONAL_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def in_writers_voice(text: str, lang: str | None) -> bool:
    """True when the copy, outside its quotations, speaks in the first or second person."""
    personal = _PERSONAL_WORDS.get(_language(lang))
    if personal is None:
        return False
    for match in _PERSONAL_WORD.finditer(_QUOTED.sub(" ", text)):
        word = match.group()
        if word == "US":  # the country
            continue
        folded = word.lower().replace("’", "'")
        if folded in personal or folded.split("'")[0] in personal:  # "let's", "you're"
            return True
    return False


# Words that report a question someone asked ("The senator asked the director: did ...?").
_ASKING_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("ask asks asked asking wondered wonders questioned".split()),
    "nl": frozenset("vroeg vroegen vraagt vragen afgevraagd".split()),
    "de": frozenset("fragte fragten fragt fragen gefragt".split()),
    "fr": frozenset("demande demandé demandait demandent interrogé".split()),
    "es": frozenset("preguntó pregunta preguntaron preguntan".split()),
    "zh": frozenset("问 问道 询问 提问 质问 追问 反问".split()),
}
_QUESTION_END = re.compile(r"[?？][\s\"'”’»)）]*$")


def asks_the_reader(text: str, lang: str | None) -> bool:
    """True when the copy, outside its quotations, is a question that does not report
    someone asking it: the outlet's own question to its readers ("So what does the new
    rule mean for renters?", "Planning a trip abroad this summer?"), which in a roundup
    the desk would be asking."""
    if not _QUESTION_END.search(_QUOTED.sub(" ", text)):
        return False
    asking = _ASKING_WORDS.get(_language(lang), _ASKING_WORDS["en"])
    return not any(word in asking for word in all_words(text, lang))


@dataclass(frozen=True)
class CopyWords:
    """What the writer needs of one piece of copy, from a single pass of tokenising it
    (for Chinese, one jieba pass instead of one per measure)."""

    content: list[str]
    pairs: frozenset[tuple[str, str]]
    count: int
    attributed: bool

    @classmethod
    def of(cls, text: str, lang: str | None) -> CopyWords:
        """Tokenise `text` once and derive every measure from its words."""
        language = _language(lang)
        words = all_words(text, language)
        folded = [_fold(word, language) for word in words]
        function_words = _FUNCTION_WORDS.get(language, _FUNCTION_WORDS["en"])
        verbs = ATTRIBUTION_WORDS.get(language, ATTRIBUTION_WORDS["en"])
        return cls(
            content=[word for word in folded if word not in function_words],
            pairs=frozenset((a, b) for a, b in zip(folded, folded[1:], strict=False)
                            if a not in function_words or b not in function_words),
            count=len(words),
            attributed=any(word in verbs for word in words),
        )


def is_attributed(text: str, lang: str | None) -> bool:
    """True when the copy says who said, told or announced what it reports ("..., he
    said", "according to ...")."""
    return CopyWords.of(text, lang).attributed


def content_words(text: str, lang: str | None) -> list[str]:
    """The words a piece of copy is about: lower-cased, function words dropped, in order."""
    return CopyWords.of(text, lang).content


def word_pairs(text: str, lang: str | None) -> frozenset[tuple[str, str]]:
    """Adjacent word pairs of the copy (folded like `content_words`), leaving out pairs of
    two function words ("of the"), which say nothing about the story."""
    return CopyWords.of(text, lang).pairs


def _language(lang: str | None) -> str:
    """The primary subtag of a language tag, lower-cased; 'en' when unknown."""
    return (lang or "en").split("-")[0].lower()


def _fold(word: str, language: str) -> str:
    """Fold English possessives and plurals so 'vaccines' and "Biden's" match their stems."""
    if language != "en":
        return word
    for suffix in ("'s", "’s"):
        if word.endswith(suffix):
            return word[: -len(suffix)]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def all_words(text: str, lang: str | None) -> list[str]:
    """Every word of the copy, lower-cased; CJK runs segmented (jieba) or as bigrams."""
    language = (lang or "en").split("-")[0].lower()
    words: list[str] = []
    cursor = 0
    for run in _CJK_RUN.finditer(text):
        words.extend(_alphabetic_words(text[cursor:run.start()]))
        words.extend(_cjk_words(run.group(), language))
        cursor = run.end()
    words.extend(_alphabetic_words(text[cursor:]))
    return words


def count_words(text: str, lang: str | None) -> int:
    """Length of copy in words (CJK counted in segmented words), for word budgets."""
    return len(all_words(text, lang))


def _alphabetic_words(text: str) -> list[str]:
    """Regex word tokens, lower-cased."""
    return [match.group().lower() for match in _WORD.finditer(text)]


def _cjk_words(run: str, language: str) -> list[str]:
    """Chinese words by jieba, in simplified characters (so a Taiwanese and a mainland
    outlet's sentences share their words); other CJK text (Japanese kana/kanji) as
    character bigrams."""
    if language in CJK_LANGUAGES and language != "zh":
        return [run[i:i + 2] for i in range(max(1, len(run) - 1))]
    return [word for word in jieba_segmenter().lcut(simplified_chinese(run)) if word.strip()]


# Words that point back to what the sentence before said: pronouns and connectives. A
# sentence opening with one needs its own predecessor before it.
_BACK_REFERENCES: dict[str, tuple[str, ...]] = {
    "en": ("he", "she", "they", "it", "its", "his", "her", "their", "them", "this", "that",
           "these", "those", "but", "and", "or", "nor", "also", "however", "still", "yet",
           "meanwhile", "instead", "such", "so", "then", "there", "here", "thus", "therefore",
           "moreover", "furthermore", "nevertheless", "nonetheless", "otherwise", "besides",
           "as a result", "in addition", "in turn", "even so", "at the same time"),
    "nl": ("hij", "zij", "ze", "het", "dit", "dat", "deze", "die", "maar", "en", "ook",
           "toch", "daarom", "daarnaast", "bovendien", "echter", "wel"),
    "de": ("er", "es", "dies", "diese", "dieser", "dieses", "aber", "und", "doch", "auch",
           "deshalb", "daher", "dabei", "dazu", "damit", "trotzdem", "zudem", "außerdem"),
    "fr": ("il", "elle", "ils", "elles", "cela", "ceci", "ce", "mais", "et", "aussi",
           "pourtant", "cependant", "donc", "ainsi"),
    "es": ("él", "ella", "ellos", "ellas", "esto", "eso", "pero", "y", "también", "sin embargo",
           "además", "así"),
}
_OPENING_WORDS = re.compile(r"^[\"“‘'«„(]*([^\W\d_]+(?:\s+[^\W\d_]+){0,3})")


def opens_with_reference(text: str, lang: str | None) -> bool:
    """True when the sentence opens with a pronoun or connective that points back to the
    sentence before it ("They will also ...", "But all of this changed ..."), also behind a
    short lead-in ("According to economists, this is ...", "On Monday, they ...")."""
    text = text.strip()
    if _points_back(text, lang):
        return True
    lead_in, comma, rest = text.partition(",")
    return bool(comma) and len(lead_in.split()) <= _LEAD_IN_WORDS and _points_back(rest, lang)


_LEAD_IN_WORDS = 5  # "According to the Labor Department," and shorter


def _points_back(text: str, lang: str | None) -> bool:
    match = _OPENING_WORDS.match(text.strip())
    if not match:
        return False
    opening = match.group(1).lower().split()
    references = _BACK_REFERENCES.get(_language(lang), ())
    return any(opening[:len(ref.split())] == ref.split() for ref in references)


# A sentence that credits the ones before it ("All of these issues ... were laid out this
# week by Katie Hobbs"): it opens with a summing-up reference and says whose they are. The
# sentences it sums up are that person's claims, written as if they were facts.
_SUMMING_UP: dict[str, tuple[str, ...]] = {
    "en": ("all of these", "all these", "all of this", "all this", "all of those", "these",
           "those", "each of these", "such"),
}
_CLAIM_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset("alleged alleges allegation allegations claimed claims accusations laid "
                    "outlined detailed listed described cited charged accused leveled "
                    "levelled argued".split()),
}


def credits_what_came_before(text: str, lang: str | None) -> bool:
    """True when the sentence sums up the ones before it and credits them to someone
    ("All of these issues ... were laid out this week by Katie Hobbs", "These claims were
    made by ...", "Those are the allegations, Smith said.")."""
    language = _language(lang)
    match = _OPENING_WORDS.match(text.strip())
    if not match or language not in _SUMMING_UP:
        return False
    opening = match.group(1).lower().split()
    if not any(opening[:len(ref.split())] == ref.split() for ref in _SUMMING_UP[language]):
        return False
    words = set(_alphabetic_words(_QUOTED.sub(" ", text)))
    return bool(words & (_CLAIM_WORDS[language] | ATTRIBUTION_WORDS[language]))


def is_lone_quote(text: str) -> bool:
    """True when the sentence is nothing but a quotation, its speaker unsaid
    (“We will win.”); a quotation with its attribution ("..., he said.") is not."""
    return not _QUOTED.sub(" ", text).strip(" .,;:!?-–—")
