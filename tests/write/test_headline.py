"""Headlines: titles cleaned of site names and labels, trimmed, the representative one chosen."""

from __future__ import annotations

from collections import Counter

import pytest

from newsdesk.write.headline import choose_headline, clean_title, trim_title


@pytest.mark.parametrize("title,outlet,cleaned", [
    ("Biden opens climate summit - Reuters", "Reuters", "Biden opens climate summit"),
    ("Senate passes hate crimes bill | CNN Politics", "CNN (Online News)",
     "Senate passes hate crimes bill"),
    ("Apple earnings beat forecasts — The New York Times", "New York Times (News)",
     "Apple earnings beat forecasts"),
    ("BREAKING: Haitian president assassinated at his home", None,
     "Haitian president assassinated at his home"),
    ("In California, a campaign to oust Gov. Gavin Newsom qualifies for the ballot.", None,
     "In California, a campaign to oust Gov. Gavin Newsom qualifies for the ballot"),
    ("Sales of electric cars rose in the U.S.", None, "Sales of electric cars rose in the U.S."),
    ("Kamala Harris: migrant surges not going to be solved overnight", None,
     "Kamala Harris: migrant surges not going to be solved overnight"),
    ("Biden to target 50%-52% reduction in emissions by 2030", None,
     "Biden to target 50%-52% reduction in emissions by 2030"),
    ("Tesla recalls 50,000 cars over seat belts - nytimes.com", None,
     "Tesla recalls 50,000 cars over seat belts"),
])
def test_clean_title_strips_labels_site_names_and_full_stops(
    title: str, outlet: str | None, cleaned: str
) -> None:
    assert clean_title(title, outlet) == cleaned


def test_long_title_is_cut_at_a_clause_boundary() -> None:
    title = ("CDC advisers recommend resuming use of J&J's coronavirus vaccine; "
             "FDA to add blood clot warning for women under 50")
    assert trim_title(title) == "CDC advisers recommend resuming use of J&J's coronavirus vaccine"


def test_long_title_without_a_boundary_is_kept_whole() -> None:
    title = ("Ohio officials release more body cam video of fatal police shooting of Black "
             "teen and urge community to await the facts")
    assert trim_title(title) == title


def test_short_title_is_not_trimmed() -> None:
    assert trim_title("Biden recognises Armenian genocide; Turkey objects") == (
        "Biden recognises Armenian genocide; Turkey objects"
    )


def test_the_title_the_other_sources_confirm_is_chosen() -> None:
    titles = [
        Counter("four steps avert environmental catastrophe".split()),
        Counter("biden pledges halve emissions climate summit".split()),
        Counter("youth activists change narrative".split()),
    ]
    story = [
        titles[0] + Counter("earth day climate".split()),
        titles[1] + Counter("biden climate summit emissions leaders".split()),
        titles[2] + Counter("biden emissions summit earth day".split()),
    ]
    assert choose_headline(titles, story) == 1
