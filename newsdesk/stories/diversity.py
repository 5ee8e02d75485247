"""Keep an edition diverse: not too many leads about one company, no near-duplicate items.

A story's entities are the companies it names (known names and their Chinese names and
products, e.g. 华为 and Huawei, TikTok and ByteDance) plus the capitalised names its titles
share (a Title Case headline gives its known names only: there capitals mark no names).
Place names and headline words are not entities: on a China desk every story would
otherwise be "about China".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from newsdesk.desks.config import DeskLayout
from newsdesk.stories.model import RankedStory

NEAR_DUPLICATE_COSINE = 0.92
NEAR_DUPLICATE_TITLES = 0.6

KNOWN_ENTITIES = {
    "Huawei": ["Huawei", "华为", "HarmonyOS", "鸿蒙"],
    "Alibaba": ["Alibaba", "阿里巴巴", "阿里", "Taobao", "淘宝", "Tmall", "天猫", "Qwen", "通义"],
    "Ant Group": ["Ant Group", "蚂蚁集团", "Alipay", "支付宝"],
    "Tencent": ["Tencent", "腾讯", "WeChat", "微信"],
    "ByteDance": ["ByteDance", "字节跳动", "TikTok", "Douyin", "抖音"],
    "Baidu": ["Baidu", "百度", "Ernie", "文心"],
    "Xiaomi": ["Xiaomi", "小米"],
    "JD.com": ["JD.com", "京东"],
    "Meituan": ["Meituan", "美团"],
    "PDD": ["PDD", "Pinduoduo", "拼多多", "Temu"],
    "BYD": ["BYD", "比亚迪"],
    "SMIC": ["SMIC", "中芯国际"],
    "CATL": ["CATL", "宁德时代"],
    "DeepSeek": ["DeepSeek", "深度求索"],
    "Nvidia": ["Nvidia", "英伟达"],
    "Apple": ["Apple", "苹果", "iPhone"],
    "TSMC": ["TSMC", "台积电"],
    "Shein": ["Shein", "希音"],
    "DJI": ["DJI", "大疆"],
    "Lenovo": ["Lenovo", "联想"],
    "ZTE": ["ZTE", "中兴"],
    "NIO": ["NIO", "蔚来"],
    "XPeng": ["XPeng", "小鹏"],
}
_ALIASES = {alias.casefold(): name for name, aliases in KNOWN_ENTITIES.items() for alias in aliases}
_KNOWN = re.compile(
    "|".join(
        re.escape(a) if not a.isascii() else rf"(?<![A-Za-z0-9]){re.escape(a)}(?![A-Za-z0-9])"
        for a in sorted(_ALIASES, key=len, reverse=True)
    ),
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"(?<![\w.])[A-Z][A-Za-z0-9]+(?:[.&-][A-Za-z0-9]+)*")
# Places, demonyms and headline words that say nothing about which company a story is about.
_NOT_ENTITIES = frozenset(
    """a an and as at after amid about for from how in into is it its of on or over the
    to up us u.s with why what who will new says say said report reports more most first
    china chinese beijing shanghai shenzhen hong kong taiwan us usa america american
    europe european eu uk japan india global world asia state states government
    ai ev evs ceo ipo tech technology chip chips company firm firms market markets
    week year today update live exclusive analysis opinion""".split()
)
_WORD = re.compile(r"[a-z0-9]{3,}")
_HAN = re.compile(r"[\u2e80-\u9fff]+")


def _known_names(titles: Sequence[str]) -> set[str]:
    return {_ALIASES[m.group().casefold()] for t in titles for m in _KNOWN.finditer(t)}


def _is_title_case(title: str) -> bool:
    """True for "Huawei Unveils New Phone" headlines, where capitals mark no names."""
    words = [w for w in title.split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _capitalised_names(title: str) -> set[str]:
    if _is_title_case(title):
        return set()
    names = {m.group() for m in _CAPITALISED.finditer(title)}
    return {n for n in names if n.casefold() not in _NOT_ENTITIES and n.casefold() not in _ALIASES}


def story_entities(titles: Sequence[str]) -> tuple[str, ...]:
    """The companies and names a story is about, from its articles' titles, sorted.

    With several titles, a capitalised name counts when at least two of them share it, so
    one outlet's headline wording does not make an entity.
    """
    titles = [t for t in titles if t]
    per_title = Counter(name for t in titles for name in _capitalised_names(t))
    needed = 1 if len(titles) == 1 else 2
    shared = {name for name, count in per_title.items() if count >= needed}
    return tuple(sorted(_known_names(titles) | shared))


def _title_tokens(title: str) -> set[str]:
    folded = title.casefold()
    words = set(_WORD.findall(folded))
    bigrams = {run[i : i + 2] for run in _HAN.findall(folded) for i in range(len(run) - 1)}
    return words | bigrams


def _near_duplicates(a: RankedStory, b: RankedStory) -> bool:
    if a.centroid is not None and b.centroid is not None:
        norms = float(np.linalg.norm(a.centroid) * np.linalg.norm(b.centroid))
        if norms and float(np.dot(a.centroid, b.centroid)) / norms >= NEAR_DUPLICATE_COSINE:
            return True
    tokens_a, tokens_b = _title_tokens(a.title), _title_tokens(b.title)
    if not tokens_a or not tokens_b:
        return False
    return len(tokens_a & tokens_b) / len(tokens_a | tokens_b) >= NEAR_DUPLICATE_TITLES


def _repeats(story: RankedStory, chosen: Sequence[RankedStory]) -> bool:
    return any(_near_duplicates(story, other) for other in chosen)


def select_edition(
    ranked: Sequence[RankedStory], layout: DeskLayout
) -> tuple[list[RankedStory], list[RankedStory]]:
    """Choose the lead stories and the "Also worth your attention" list from ranked stories.

    Stories left out by ranking are skipped. Leads are taken in rank order, but a story
    about an entity that already has `max_leads_per_entity` leads goes to the list instead
    (at its place in rank order). Neither leads nor list repeat a near-duplicate story.
    """
    eligible = [story for story in ranked if story.excluded is None]
    leads: list[RankedStory] = []
    per_entity: Counter[str] = Counter()
    for story in eligible:
        if len(leads) == layout.leads:
            break
        if _repeats(story, leads):
            continue
        if any(per_entity[e] >= layout.max_leads_per_entity for e in story.entities):
            continue
        leads.append(story)
        per_entity.update(story.entities)
    also: list[RankedStory] = []
    lead_ids = {story.story_id for story in leads}
    for story in eligible:
        if len(also) == layout.also:
            break
        if story.story_id not in lead_ids and not _repeats(story, leads + also):
            also.append(story)
    return leads, also
