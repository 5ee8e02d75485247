"""What an edition says about itself: its intro, its machine-readable sentences, its
language codes, old stored editions included."""

from __future__ import annotations

import json
from dataclasses import replace

from newsdesk.store import Store
from newsdesk.write.edition import Sentence
from newsdesk.write.editions import (
    edit_edition,
    edition_from_json,
    edition_to_json,
    get_edition,
    save_draft,
)
from newsdesk.write.intro import INTRO_HEADLINE_CHARS, write_intro
from tests.write.test_editions import _citation, _edition, _ranked, _story


def test_each_story_carries_its_sentences_with_url_kind_and_date() -> None:
    edition = _edition()
    opinion = replace(edition.leads[0].paragraphs[1][0], kind="opinion")
    edition.leads[0].paragraphs[1] = [opinion]
    data = json.loads(json.dumps(edition_to_json(edition)))
    lead, also = data["leads"][0], data["also"][0]
    assert [s["text"] for s in lead["sentences"]] == [
        "First sentence.", "第二句。", "Third sentence."]
    assert [s["kind"] for s in lead["sentences"]] == ["report", "report", "opinion"]
    assert lead["sentences"][1]["url"] == "https://xinhua.example/2"
    assert lead["sentences"][0]["date"] == _citation("reuters").published.isoformat()
    assert lead["summary"] == "First sentence. 第二句。\n\nThird sentence."
    assert also["sentences"] == [{"text": "Item.", "url": "https://ft.example/1",
                                  "kind": "report", "date": also["sources"][0]["published"]}]
    assert edition_from_json(data) == edition  # the kind survives the round trip


def test_an_edition_stored_before_sentences_and_one_code_scheme_still_loads() -> None:
    data = edition_to_json(_edition())
    for story in data["leads"] + data["also"]:
        del story["sentences"], story["summary"]
    data["leads"][0]["languages"] = ["eng", "zho", "zh-CN"]
    data["leads"][0]["headline_language"] = "en-US"
    data["leads"][0]["sources"][1]["language"] = "zh_Hant"
    lead = edition_from_json(data).leads[0]
    assert (lead.languages, lead.headline_language) == (["en", "zh"], "en")
    assert lead.sources[1].language == "zh"
    assert lead.paragraphs[0][0].kind == "report"


def test_the_intro_names_the_leads_only_and_in_short() -> None:
    long = "Senate " + "plans a vote to avert a government shutdown " * 6
    leads = [replace(_story("s1"), headline=long), _story("s2")]
    also = [replace(_story(f"a{n}"), headline=f"Also headline {n}") for n in range(40)]
    intro = write_intro("China Tech Weekly", leads, also)
    assert "Also headline" not in intro
    assert "Headline s2 — 华为" in intro and "Senate plans a vote" in intro
    assert len(intro) < 2 * INTRO_HEADLINE_CHARS + 120
    assert intro.startswith("This edition of China Tech Weekly brings 42 stories from 2 "
                            "outlets in 2 languages.")


def test_an_edit_remakes_the_intro_from_the_final_layout(store: Store) -> None:
    first = _edition()
    first.intro = write_intro(first.desk_title, first.leads, first.also)
    with store.session() as session:
        record = save_draft(session, first, [_ranked("s1", 4), _ranked("s2", 6)])
        _, current = get_edition(session, record.id)
    dropped = replace(current, leads=[replace(current.leads[1], headline="A sharper one")])
    with store.session() as session:
        edit_edition(session, record.id, dropped)
        _, now = get_edition(session, record.id)
    assert "A sharper one" in now.intro and "Headline s1" not in now.intro
    assert now.intro.startswith("This edition of China Tech Weekly brings 2 stories")


def test_an_intro_the_editor_wrote_is_kept(store: Store) -> None:
    with store.session() as session:
        record = save_draft(session, _edition(), [_ranked("s1", 4)])
        _, current = get_edition(session, record.id)
    own = replace(current, intro="Our own words.", leads=current.leads[:1],
                  also=[replace(current.also[0], one_liner=Sentence("Item.", _citation("ft")))])
    with store.session() as session:
        edit_edition(session, record.id, own)
        _, now = get_edition(session, record.id)
    assert now.intro == "Our own words."
