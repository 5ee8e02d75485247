"""Small stories written by us for the write stage's tests."""

from __future__ import annotations

import pytest

from newsdesk.write.sources import SourceArticle


@pytest.fixture
def climate_story() -> list[SourceArticle]:
    """Three English reports of one event; the AP lead repeats Reuters word for word."""
    return [
        SourceArticle(
            id="a1", outlet="Reuters",
            title="Biden pledges to halve U.S. emissions by 2030 - Reuters",
            url="https://example.com/reuters/climate",
            text=("WASHINGTON (Reuters) - President Joe Biden pledged on Thursday to cut U.S. "
                  "greenhouse gas emissions by half by 2030 at a virtual climate summit with 40 "
                  "world leaders.\nThe target nearly doubles the commitment the United States "
                  "made under the Paris climate agreement.\nClick here to subscribe to our "
                  "climate newsletter."),
        ),
        SourceArticle(
            id="a2", outlet="Associated Press", title="Biden opens climate summit with pledge",
            url="https://example.com/ap/climate",
            text=("President Joe Biden pledged on Thursday to cut U.S. greenhouse gas emissions "
                  "by half by 2030 at a virtual climate summit with 40 world leaders. "
                  "Environmental groups said the pledge to cut emissions was a strong start, "
                  "while business groups warned about the costs for industry.\n"
                  "By Ellen Knickmeyer"),
        ),
        SourceArticle(
            id="a3", outlet="Washington Times", title="Biden sets emissions target at summit",
            url="https://example.com/wt/climate",
            text=("Republicans said the emissions target would hurt the U.S. economy and cost "
                  "jobs in the energy sector. China and India did not announce new targets at "
                  "the climate summit on Thursday. Mr. Biden said the United States would lead "
                  "by example and the..."),
        ),
    ]


@pytest.fixture
def chinese_article() -> SourceArticle:
    """A Chinese report of the same climate summit."""
    return SourceArticle(
        id="z1", outlet="新华社", title="拜登在气候峰会上承诺减排",
        url="https://example.com/xinhua/climate", language="zh",
        text="美国总统拜登周四在气候峰会上承诺，到2030年将温室气体排放量减少一半。"
             "“我们必须行动！”他说。中国和印度没有宣布新的目标。",
    )
