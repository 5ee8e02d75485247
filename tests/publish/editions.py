"""Realistic editions for the publish tests, hostile titles included.

A plain module (not only fixtures) so that the crash-safety test's child process can build
the same editions.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.write.edition import Citation, Edition, Sentence, StoryWriteUp

HOSTILE_SCRIPT = "<script>alert(1)</script> Alibaba's cloud unit files for listing"
HOSTILE_IMG = '"><img src=x onerror=alert(1)> Tencent opens games to overseas studios'
HOSTILE_CRLF = "Xiaomi ships EV\r\nBcc: victim@example.com\r\n\r\nfree money"

WEEK_END = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)


def _cite(outlet: str, slug: str, title: str, language: str = "en", days: int = 1) -> Citation:
    """A source article on a fictional outlet domain."""
    domain = {"TechNode": "technode.example", "36氪 (36Kr)": "36kr.example",
              "Pandaily & Co": "pandaily.example", "Reuters": "reuters.example",
              "South China Morning Post": "scmp.example", "财新 Caixin": "caixin.example",
              "KrASIA": "kr-asia.example"}[outlet]
    return Citation(url=f"https://{domain}/news/{slug}", outlet=outlet, title=title,
                    language=language, published=WEEK_END - timedelta(days=days))


def _deepseek() -> StoryWriteUp:
    """An English lead built from three outlets, two paragraphs."""
    a = _cite("TechNode", "deepseek-r2", "DeepSeek readies R2 model as rivals cut prices")
    b = _cite("Reuters", "deepseek-chips", "DeepSeek's next model trained on domestic chips")
    c = _cite("South China Morning Post", "deepseek-users", "DeepSeek app tops 100 million users")
    return StoryWriteUp(
        story_id="story-deepseek-r2",
        headline="DeepSeek readies R2 as Chinese AI price war deepens",
        paragraphs=[
            [Sentence("DeepSeek is preparing to release its R2 reasoning model ahead of "
                      "schedule, according to people familiar with the matter.", a),
             Sentence("The model was trained largely on Huawei Ascend chips.", b)],
            [Sentence("The company's chatbot app passed 100 million users in February.", c,
                      written_by="qwen2.5-7b-instruct"),
             Sentence("Rivals including Alibaba and ByteDance cut API prices by up to 90% "
                      "in response.", a)],
        ],
        one_liner=Sentence("DeepSeek is preparing to release its R2 reasoning model.", a),
        sources=[a, b, c], languages=["en"], headline_language="en",
    )


def _xiaomi() -> StoryWriteUp:
    """A lead whose headline carries CRLF and whose outlets carry & and unicode."""
    a = _cite("Pandaily & Co", "xiaomi-su7", HOSTILE_CRLF)
    b = _cite("36氪 (36Kr)", "xiaomi-su7-zh", "小米SU7 Ultra 交付", language="zh", days=2)
    return StoryWriteUp(
        story_id="story-xiaomi-su7",
        headline=HOSTILE_CRLF,
        paragraphs=[[Sentence("Xiaomi delivered 20,000 SU7 Ultra cars in its first month "
                              "& raised its annual target.", a),
                     Sentence("小米表示，SU7 Ultra 的订单已超过预期。", b)]],
        one_liner=Sentence("Xiaomi raised its annual EV delivery target.", a),
        sources=[a, b], languages=["en", "zh"], headline_language="en",
    )


def _hostile_lead() -> StoryWriteUp:
    """A lead whose headline and sentences are script-injection attempts."""
    a = _cite("KrASIA", "alibaba-cloud", HOSTILE_SCRIPT)
    b = _cite("Reuters", "alibaba-cloud-ipo", HOSTILE_IMG, days=3)
    return StoryWriteUp(
        story_id="../../etc/passwd",
        headline=HOSTILE_SCRIPT,
        paragraphs=[[Sentence(HOSTILE_IMG, b),
                     Sentence("Alibaba Group said the listing would happen within 12 months "
                              "[see](javascript:alert(1)).", a)]],
        one_liner=Sentence(HOSTILE_SCRIPT, a),
        sources=[a, b], languages=["en"], headline_language="en",
    )


def _caixin_zh() -> StoryWriteUp:
    """A Chinese-only story: keeps its original headline with a language tag."""
    a = _cite("财新 Caixin", "chip-subsidy", "国家大基金三期投向半导体设备", language="zh")
    return StoryWriteUp(
        story_id="story-chip-fund-zh",
        headline="国家大基金三期投向半导体设备",
        paragraphs=[[Sentence("国家集成电路产业投资基金三期首批投资聚焦光刻设备。", a)]],
        one_liner=Sentence("国家大基金三期首批投资聚焦光刻设备。", a),
        sources=[a], languages=["zh"], headline_language="zh",
    )


def _tencent() -> StoryWriteUp:
    """A plain English list item."""
    a = _cite("TechNode", "tencent-hunyuan", "Tencent open-sources Hunyuan video model", days=4)
    return StoryWriteUp(
        story_id="story-tencent-hunyuan",
        headline="Tencent open-sources Hunyuan video model",
        paragraphs=[[Sentence("Tencent released the weights of its Hunyuan video model.", a)]],
        one_liner=Sentence("Tencent released the weights of its Hunyuan video model.", a),
        sources=[a], languages=["en"], headline_language="en",
    )


def make_edition(number: int = 11, *, hostile: bool = True) -> Edition:
    """Edition ``number`` of the China tech desk (later numbers are later weeks)."""
    end = WEEK_END + timedelta(weeks=number - 11)
    leads = [_deepseek(), _xiaomi()] + ([_hostile_lead()] if hostile else [])
    return Edition(
        id=f"china-tech-2025-w{number:02d}",
        desk="china-tech",
        desk_title="China Tech Weekly",
        title=f"China Roundup: week {number}, DeepSeek's R2 & Xiaomi's EV sprint",
        created_at=end,
        window_start=end - timedelta(days=7),
        window_end=end,
        intro="Hello and welcome back to China Roundup, our digest of the week's tech news "
              "in China & beyond.",
        leads=leads,
        also=[_caixin_zh(), _tencent()],
        status="published",
        published_at=end + timedelta(hours=1),
    )


def make_editions() -> list[Edition]:
    """Two consecutive editions, oldest first."""
    return [make_edition(10, hostile=False), make_edition(11)]
