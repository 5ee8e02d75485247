"""The editor's desk web app: read, edit, approve and publish editions in a browser's forms.

Runs the app in process (Starlette's test client) over a real store on both backends.
"""

from __future__ import annotations

import re

import httpx
import pytest
from typer.testing import CliRunner

from newsdesk.cli import app as cli_app
from newsdesk.write.editions import edition_versions, get_edition, list_editions
from tests.deskapp.conftest import TOKEN, Desk
from tests.modelserver import ECHO, ModelServer, writer_table
from tests.newsroom_feeds import desk_toml
from tests.publish.editions import HOSTILE_IMG, HOSTILE_SCRIPT
from tests.stories.newsroom import Newsroom


def _form(desk: Desk, **changes: str | None) -> dict[str, str]:
    """The edit form as the page fills it in (every box ticked), with `changes` applied
    (None unticks or removes a field)."""
    page = desk.client.get(f"/editions/{desk.edition_id}/edit")
    assert page.status_code == 200
    fields: dict[str, str] = {}
    for tag in re.findall(r"<(?:input|textarea|select)\b[^>]*>", page.text):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if "checkbox" in tag:
            fields[name.group(1)] = "on"
        elif tag.startswith("<select"):
            fields[name.group(1)] = _selected(page.text, name.group(1))
        else:
            fields[name.group(1)] = _unescape(value.group(1)) if value else ""
    fields["intro"] = _unescape(re.search(r'<textarea id="intro"[^>]*>(.*?)</textarea>',
                                          page.text, re.S).group(1))
    for key, value in changes.items():
        if value is None:
            fields.pop(key, None)
        else:
            fields[key] = value
    return fields


def _selected(html: str, name: str) -> str:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.search(r'<option value="([^"]+)" selected', select).group(1)


def _unescape(text: str) -> str:
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&#34;", '"'), ("&#39;", "'"),
                         ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return text


def _stored(desk: Desk):
    with desk.store.session() as session:
        record, edition = get_edition(session, desk.edition_id)
        return record.status, record.version, edition


def test_the_index_lists_editions_and_escapes_their_titles(desk: Desk) -> None:
    page = desk.client.get("/")
    assert page.status_code == 200
    assert f'href="/editions/{desk.edition_id}"' in page.text
    assert "status-draft" in page.text
    assert "DeepSeek&#39;s R2 &amp; Xiaomi&#39;s EV sprint" in page.text
    assert "Content-Security-Policy" in page.headers
    assert "script-src" not in page.headers["Content-Security-Policy"]


def test_an_edition_page_shows_every_sentence_with_its_source_and_no_live_markup(
    desk: Desk,
) -> None:
    page = desk.client.get(f"/editions/{desk.edition_id}")
    assert page.status_code == 200
    assert "The model was trained largely on Huawei Ascend chips." in page.text
    assert 'href="https://reuters.example/news/deepseek-chips"' in page.text
    assert HOSTILE_SCRIPT not in page.text and HOSTILE_IMG not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script" not in page.text and "javascript:" not in page.text.split("[see]")[0]
    assert not re.search(r'href="javascript:', page.text)
    assert 'action="/editions/' in page.text and f'value="{TOKEN}"' in page.text
    assert "approve the edition to publish it" in page.text  # the desk asks for review
    # A model's wording is marked for the editor; the sources' own words are not.
    assert page.text.count("worded by qwen2.5-7b-instruct") == 1


def test_an_edition_page_says_why_each_story_is_there(desk: Desk) -> None:
    page = desk.client.get(f"/editions/{desk.edition_id}").text
    why = re.findall(r"Why this story: score ([0-9.]+)", page)
    assert why == ["4.25", "3.25", "2.25", "1.25", "0.25"]  # leads, then the list
    first = page.split("Why this story: score 4.25", 1)[1].split("</details>", 1)[0]
    assert "<td>outlets</td><td>2.00</td>" in first and "<td>recency</td><td>1.25</td>" in first
    assert "languages" not in first  # a signal that gave nothing is not listed
    earlier = desk.client.get(f"/editions/{desk.edition_id}?version=1").text
    assert "Why this story" in earlier  # version 1 is the latest here


def test_an_edit_saves_a_new_version_with_headlines_order_and_sentences_changed(
    desk: Desk,
) -> None:
    status, version, before = _stored(desk)
    assert (status, version) == ("draft", 1)
    dropped = before.leads[0].paragraphs[0][1].text
    form = _form(
        desk,
        title="China Roundup: the desk's own title",
        **{"story-0-headline": "DeepSeek's R2 is coming <soon>",
           "story-0-s0-1": None,            # drop the second sentence of the first lead
           "story-1-order": "9",            # Xiaomi to the end of the leads
           "story-2-keep": None,            # drop the hostile lead
           "story-4-section": "lead",       # the Tencent item becomes a lead
           "story-4-order": "2"},
    )
    saved = desk.client.post(f"/editions/{desk.edition_id}/edit", data=form,
                             follow_redirects=False)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/editions/{desk.edition_id}?done=saved"
    status, version, after = _stored(desk)
    assert (status, version) == ("draft", 2)
    assert after.title == "China Roundup: the desk's own title"
    assert [s.story_id for s in after.leads] == [
        "story-deepseek-r2", "story-tencent-hunyuan", "story-xiaomi-su7"]
    assert [s.story_id for s in after.also] == ["story-chip-fund-zh"]
    assert after.leads[0].headline == "DeepSeek's R2 is coming <soon>"
    kept = [s.text for p in after.leads[0].paragraphs for s in p]
    assert dropped not in kept and len(kept) == 3
    original = {s.text: s.citation for story in before.leads + before.also
                for p in story.paragraphs for s in p}
    assert all(original[s.text] == s.citation
               for story in after.leads for p in story.paragraphs for s in p)
    page = desk.client.get(saved.headers["location"])
    assert "Saved as a new version." in page.text
    assert "DeepSeek&#39;s R2 is coming &lt;soon&gt;" in page.text
    with desk.store.session() as session:
        origins = [(v.version, v.origin) for v in edition_versions(session, desk.edition_id)]
    assert origins == [(1, "roundup"), (2, "edit")]
    assert "version 1" in page.text and f"/editions/{desk.edition_id}?version=1" in page.text


def test_saving_the_form_unchanged_makes_no_new_version(desk: Desk) -> None:
    saved = desk.client.post(f"/editions/{desk.edition_id}/edit", data=_form(desk),
                             follow_redirects=False)
    assert saved.headers["location"].endswith("done=unchanged")
    assert _stored(desk)[1] == 1


@pytest.mark.parametrize("change,status,message", [
    ({"csrf": "forged"}, 403, "did not come from this desk"),
    ({"csrf": None}, 403, "did not come from this desk"),
    ({"version": "0"}, 409, "changed since this page was opened"),
    ({"story-0-order": "first"}, 400, "must be a whole number"),
    ({"story-0-section": "front-page"}, 400, "choose lead or also"),
    ({"story-0-headline": "   "}, 409, "empty headline"),
    ({"title": ""}, 409, "title is empty"),
])
def test_a_bad_or_forged_edit_is_refused_and_nothing_is_saved(
    desk: Desk, change: dict, status: int, message: str
) -> None:
    form = _form(desk, title="Changed", **change) if "title" not in change else _form(
        desk, **change)
    refused = desk.client.post(f"/editions/{desk.edition_id}/edit", data=form)
    assert refused.status_code == status
    assert message in _unescape(refused.text)
    assert _stored(desk)[1] == 1


def test_a_post_from_another_site_is_refused(desk: Desk) -> None:
    refused = desk.client.post(f"/editions/{desk.edition_id}/approve",
                               data={"csrf": TOKEN, "version": "1"},
                               headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    assert _stored(desk)[0] == "draft"


def test_a_draft_is_approved_then_published_and_then_final(desk: Desk) -> None:
    too_early = desk.client.post(f"/editions/{desk.edition_id}/publish",
                                 data={"csrf": TOKEN, "version": "1"})
    assert too_early.status_code == 409 and "approve" in too_early.text
    assert not (desk.home / "site" / "china-tech" / "index.html").exists()

    approved = desk.client.post(f"/editions/{desk.edition_id}/approve",
                                data={"csrf": TOKEN, "version": "1"}, follow_redirects=False)
    assert approved.status_code == 303 and _stored(desk)[0] == "approved"
    page = desk.client.get(approved.headers["location"])
    assert "Approved: it can be published." in page.text
    assert 'action="/editions/' + desk.edition_id + '/publish"' in page.text

    published = desk.client.post(f"/editions/{desk.edition_id}/publish",
                                 data={"csrf": TOKEN, "version": "1"}, follow_redirects=False)
    assert published.status_code == 303
    assert _stored(desk)[0] == "published"
    index = (desk.home / "site" / "china-tech" / "index.html").read_text(encoding="utf-8")
    assert "DeepSeek" in index
    assert (desk.home / "editions" / "china-tech" / f"{desk.edition_id}.md").exists()

    page = desk.client.get(f"/editions/{desk.edition_id}")
    assert "status-published" in page.text and "/edit" not in page.text
    final = desk.client.get(f"/editions/{desk.edition_id}/edit")
    assert final.status_code == 409 and "published and final" in final.text
    again = desk.client.post(f"/editions/{desk.edition_id}/approve",
                             data={"csrf": TOKEN, "version": "1"})
    assert again.status_code == 409


def test_a_draft_of_a_desk_is_made_from_its_stored_stories(desk: Desk) -> None:
    feeds = ["https://alpha.example/feed", "https://beta.example/feed"]
    (desk.home / "desks" / "wire.toml").write_text(
        desk_toml("wire", feeds, "site/wire"), encoding="utf-8")
    newsroom = Newsroom(desk.store)
    newsroom.add_story("s-chips", ["alpha", "beta"], title="Huawei unveils a new AI chip",
                       text="Huawei unveiled a new AI chip on Monday, the company said. "
                            "It will ship to cloud customers in China next year.")
    newsroom.add_story("s-ev", ["beta"], title="BYD cuts prices of its smallest car",
                       text="BYD cut the price of its smallest car by a tenth, it said.")
    index = desk.client.get("/").text
    assert '<option value="wire">wire</option>' in index
    assert '<option value="china-tech" selected>' in index  # the configured desk first

    made = desk.client.post("/roundup", data={"csrf": TOKEN, "desk": "wire", "since": "3d"},
                            follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].endswith("?done=drafted")
    page = desk.client.get(made.headers["location"]).text
    assert "A new draft: review it, edit it, then approve it." in page
    assert "Huawei unveils a new AI chip" in page
    assert "Huawei unveiled a new AI chip on Monday, the company said." in page
    with desk.store.session() as session:
        desks = sorted(record.desk for record in list_editions(session))
    assert desks == ["china-tech", "wire"]

    for bad, message in (({"desk": "no-such-desk"}, "no-such-desk"),
                         ({"desk": "wire", "since": "a while"}, "a while")):
        refused = desk.client.post("/roundup", data={"csrf": TOKEN, **bad})
        assert refused.status_code == 400 and message in _unescape(refused.text)
    forged = desk.client.post("/roundup", data={"csrf": "forged", "desk": "wire"})
    assert forged.status_code == 403


def test_the_desk_keeps_answering_while_a_model_writes_a_draft(desk: Desk) -> None:
    model = ModelServer()
    answered: list[int | str] = []

    def visit_the_index() -> None:  # while the draft waits on the model
        try:
            answered.append(httpx.get(f"{desk.url}/", timeout=5).status_code)
        except httpx.TimeoutException:
            answered.append("no answer")

    model.otherwise, model.on_request = (200, ECHO), visit_the_index
    feeds = ["https://alpha.example/feed", "https://beta.example/feed"]
    (desk.home / "desks" / "wire.toml").write_text(
        desk_toml("wire", feeds, "site/wire") + writer_table(model.endpoint), encoding="utf-8")
    Newsroom(desk.store).add_story(
        "s-chips", ["alpha", "beta"], title="Huawei unveils a new AI chip",
        text="Huawei unveiled a new AI chip on Monday, the company said.")
    try:
        made = desk.client.post("/roundup", data={"csrf": TOKEN, "desk": "wire", "since": "3d"},
                                follow_redirects=False)
    finally:
        model.close()
    assert made.status_code == 303 and made.headers["location"].endswith("?done=drafted")
    assert answered and set(answered) == {200}


def test_an_unknown_edition_is_a_404_page(desk: Desk) -> None:
    missing = desk.client.get("/editions/no-such-edition")
    assert missing.status_code == 404 and "no edition" in missing.text
    assert desk.client.get("/editions/no-such-edition/edit").status_code == 404


def test_serve_refuses_an_address_other_machines_can_reach() -> None:
    result = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code != 0
    assert "--allow-remote" in str(result.exception)
