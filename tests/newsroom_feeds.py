"""A small newsroom on loopback: three outlets covering the same events, as real feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

EVENTS = {
    "chips": [
        "Huawei unveils new Ascend AI chip to rival Nvidia",
        "Huawei's new Ascend AI chip takes aim at Nvidia in China",
        "Ascend: Huawei launches AI chip as Nvidia faces export curbs",
    ],
    "ev": [
        "BYD electric car sales overtake Tesla for the quarter",
        "BYD beats Tesla in quarterly electric vehicle sales",
        "Electric car maker BYD outsells Tesla again this quarter",
    ],
    "games": [
        "Tencent wins approval for new video game licences",
        "China regulator grants Tencent new video game licences",
        "Tencent and NetEase among video game licence winners",
    ],
}

BODIES = {
    "chips": (
        "Huawei on Monday unveiled its latest Ascend artificial intelligence chip, which it "
        "says matches Nvidia's best processors on training workloads. The Shenzhen company "
        "plans to ship the chip to cloud customers in China next quarter. Analysts said the "
        "launch shows how export controls have pushed Chinese firms to build their own "
        "semiconductors. Huawei did not disclose the price of the new Ascend chip."
    ),
    "ev": (
        "BYD sold more electric vehicles than Tesla in the third quarter, according to "
        "figures published on Wednesday. The Shenzhen carmaker delivered more battery "
        "electric cars than its American rival for the second time. Price cuts and new "
        "models in Europe and Southeast Asia helped BYD grow. Tesla's deliveries fell "
        "compared with the same period last year."
    ),
    "games": (
        "China's video game regulator approved a new batch of game licences on Friday, "
        "including titles from Tencent and NetEase. The approvals are a sign that Beijing "
        "is supporting the gaming industry after years of tight control. Tencent shares "
        "rose after the announcement. The regulator approved more than one hundred "
        "domestic games this month."
    ),
}


def outlet_feed(outlet: int, base: str, start: datetime | None = None) -> bytes:
    """Outlet number `outlet`'s RSS feed: one article per event, full text, in English."""
    start = start or datetime.now(UTC) - timedelta(days=1)
    items = []
    for n, (event, titles) in enumerate(EVENTS.items()):
        published = format_datetime(start + timedelta(hours=n * 3 + outlet))
        body = f"<p>{escape(BODIES[event])}</p><p>Reported by outlet {outlet}.</p>" * 2
        items.append(
            f"<item><title>{escape(titles[outlet])}</title>"
            f"<link>{base}/outlet{outlet}/{event}</link>"
            f"<guid>{base}/outlet{outlet}/{event}</guid><pubDate>{published}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Outlet {outlet}</title><link>{base}/outlet{outlet}</link>"
        f"<language>en</language>{''.join(items)}</channel></rss>"
    ).encode()


DESK = """
name = "{name}"
title = "Test Desk"
description = "Chinese technology companies: chips, electric vehicles and video games."
language = "en"

[sources]
urls = [{urls}]

[filters]
min_sources = 1

[schedule]
window = "7d"

[layout]
leads = 2
also = 4

[review]
required = {review}

[outputs]
site_dir = "{site}"
feed = true
markdown = true
{email}
"""


def desk_toml(
    name: str, urls: list[str], site: str, *, review: bool = False, email: str = ""
) -> str:
    """A desk file over the given feed URLs."""
    quoted = ", ".join(f'"{u}"' for u in urls)
    return DESK.format(name=name, urls=quoted, site=site, review=str(review).lower(), email=email)
