"""The LLM writer: talks to an OpenAI-compatible server over real HTTP on localhost, keeps
only what the cited source sentences support, and falls back to the extractive writer."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.desks.config import load_desk
from newsdesk.publish.presentation import wording_note
from newsdesk.stories.model import RankedStory
from newsdesk.write.compose import write_stories
from newsdesk.write.generative import GenerativeWriter, LlmSettings, is_supported, writer_for
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import ExtractiveWriter
from tests.modelserver import ECHO, ModelServer, numbered

ARTICLES = [
    SourceArticle(
        id="a", outlet="Wire A", title="Central bank holds interest rates at 4.5%",
        url="https://wire-a.example/rates",
        text=("The central bank kept its key interest rate at 4.5% on Thursday, governor "
              "Maria Lopez said. Inflation fell to 2.4% in March, the bank said in a "
              "statement. The decision was expected by most economists."),
        language="en"),
    SourceArticle(
        id="b", outlet="Paper B", title="Rates unchanged as inflation cools",
        url="https://paper-b.example/rates",
        # (not "at 4.5%" again: a second sentence of the same figure is the same fact)
        text=("Lopez told reporters that rates would stay at that level until inflation fell "
              "further. Markets rose 1.2% after the announcement on Thursday."),
        language="en"),
]


@pytest.fixture
def model() -> Iterator[ModelServer]:
    server = ModelServer()
    yield server
    server.close()


def _writer(endpoint: str, **extra: object) -> GenerativeWriter:
    return GenerativeWriter(LlmSettings(endpoint=endpoint, model="test-model", timeout=5,
                                        **extra))  # type: ignore[arg-type]


def test_a_grounded_answer_becomes_the_write_up_each_sentence_cited_to_its_article(
    model: ModelServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_TEST_KEY", "sk-test")
    writer = _writer(model.endpoint, api_key_env="NEWSDESK_TEST_KEY")
    # First learn how the writer numbers the sentences, then answer with those numbers.
    model.answer("HEADLINE: Central bank holds rates at 4.5%\nnothing cited here")
    writer.write("s1", ARTICLES)
    numbers = {text: n for n, text in numbered(model.requests[0][1]).items()}
    kept = next(n for t, n in numbers.items() if t.startswith("The central bank kept"))
    told = next(n for t, n in numbers.items() if t.startswith("Lopez told"))
    model.answer(
        "HEADLINE: Central bank holds interest rates at 4.5%\n"
        f"The central bank kept its key interest rate at 4.5% on Thursday, governor "
        f"Maria Lopez said. [{kept}]\n\n"
        f"Lopez told reporters that rates would stay at that level until inflation fell "
        f"further. [{told}]\n")
    up = writer.write("s1", ARTICLES)
    headers, request = model.requests[1]
    assert request["model"] == "test-model" and request["temperature"] == 0
    assert headers["Authorization"] == "Bearer sk-test"
    assert up.headline == "Central bank holds interest rates at 4.5%"
    assert [[(s.text, s.citation.outlet) for s in p] for p in up.paragraphs] == [
        [("The central bank kept its key interest rate at 4.5% on Thursday, governor Maria "
          "Lopez said.", "Wire A")],
        [("Lopez told reporters that rates would stay at that level until inflation fell "
          "further.", "Paper B")],
    ]
    assert writer.dropped == 0
    assert {s.written_by for p in up.paragraphs for s in p} == {"test-model"}
    assert ExtractiveWriter().write("s1", ARTICLES).paragraphs[0][0].written_by is None


def test_unsupported_sentences_are_dropped_and_the_rest_kept(model: ModelServer) -> None:
    writer = _writer(model.endpoint)
    model.answer("HEADLINE: x")
    writer.write("s1", ARTICLES)
    numbers = {text: n for n, text in numbered(model.requests[0][1]).items()}
    kept = next(n for t, n in numbers.items() if t.startswith("The central bank kept"))
    model.answer(
        "HEADLINE: Central bank raises rates to 5%\n"  # a number no source gives
        f"The central bank kept its key interest rate at 4.5% on Thursday. [{kept}]\n"
        f"The central bank kept its key interest rate at 5% on Thursday. [{kept}]\n"
        f"The central bank surprised every economist with its decision. [{kept}]\n"
        f"Governor Ana Ruiz kept the key interest rate on Thursday. [{kept}]\n"
        "The central bank kept its key interest rate at 4.5% on Thursday. [99]\n")
    up = writer.write("s1", ARTICLES)
    sentences = [s.text for p in up.paragraphs for s in p]
    assert sentences == ["The central bank kept its key interest rate at 4.5% on Thursday."]
    assert writer.dropped == 4  # wrong number, new words, a new name, a citation to nothing
    assert up.headline != "Central bank raises rates to 5%"  # the sources' own title instead
    assert up.headline_url is not None


def test_an_answer_with_nothing_supported_gives_the_extractive_write_up(
    model: ModelServer
) -> None:
    model.answer("HEADLINE: Rates soar\nThe bank doubled rates to 9% amid panic. [1]\n")
    up = _writer(model.endpoint).write("s1", ARTICLES)
    assert up == ExtractiveWriter().write("s1", ARTICLES)


@pytest.mark.parametrize(("status", "content"), [
    (500, "internal error"),
    (200, ""),  # an empty answer
])
def test_a_failing_model_gives_the_extractive_write_up(
    model: ModelServer, status: int, content: str
) -> None:
    model.answer(content, status)
    assert _writer(model.endpoint).write("s1", ARTICLES) == ExtractiveWriter().write(
        "s1", ARTICLES)


def test_a_model_that_cannot_be_reached_is_logged_and_written_extractively(
    caplog: pytest.LogCaptureFixture
) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with caplog.at_level(logging.WARNING, logger="newsdesk.write.generative"):
        up = _writer(f"http://127.0.0.1:{port}/v1").one_liner("s1", ARTICLES)
    assert up == ExtractiveWriter().one_liner("s1", ARTICLES)
    assert "cannot be reached" in caplog.text


def test_a_one_liner_is_one_grounded_sentence(model: ModelServer) -> None:
    writer = _writer(model.endpoint)
    model.answer("HEADLINE: x")
    writer.one_liner("s1", ARTICLES)
    request = model.requests[0][1]
    assert "one sentence" in request["messages"][0]["content"]
    numbers = {text: n for n, text in numbered(request).items()}
    told = next(n for t, n in numbers.items() if t.startswith("Lopez told"))
    model.answer(f"HEADLINE: Rates unchanged as inflation cools\nLopez told reporters that "
                 f"rates would stay at that level. [{told}]")
    up = writer.one_liner("s1", ARTICLES)
    assert up.paragraphs == []
    assert up.one_liner is not None
    assert up.one_liner.text == "Lopez told reporters that rates would stay at that level."
    assert up.one_liner.citation.url == "https://paper-b.example/rates"


def test_a_translation_is_held_to_the_numbers_of_what_it_cites(model: ModelServer) -> None:
    chinese = [SourceArticle(id="z", outlet="新闻 E", title="央行维持利率4.5%不变",
                             url="https://news-e.example/a",
                             text="央行周四将关键利率维持在4.5%。三月通胀率降至2.4%。",
                             language="zh")]
    writer = _writer(model.endpoint)
    model.answer("HEADLINE: x")
    writer.write("z1", chinese)
    request = model.requests[0][1]
    assert "in English" in request["messages"][0]["content"]
    model.answer("HEADLINE: Central bank keeps rate at 4.5%\n"
                 "The central bank kept its key rate at 4.5% on Thursday. [1]\n"
                 "Inflation fell to 2.1% in March. [2]\n")
    up = writer.write("z1", chinese)
    assert [s.text for p in up.paragraphs for s in p] == [
        "The central bank kept its key rate at 4.5% on Thursday."]
    assert up.headline == "Central bank keeps rate at 4.5%"
    assert up.headline_language is None  # written in the desk's language


@pytest.mark.parametrize(("statement", "supported"), [
    ("The central bank kept its key interest rate at 4.5%.", True),
    ("Governor Maria Lopez said inflation fell.", True),
    ("Markets rose 1.2% on Thursday.", True),
    ("Markets rose 1.3% on Thursday.", False),  # a number the sources do not give
    ("Governor Ana Ruiz said inflation fell.", False),  # a name they do not give
    ("The central bank slashed its key interest rate.", False),  # a word they do not use
])
def test_support_is_checked_word_name_and_number(statement: str, supported: bool) -> None:
    sources = [a.text for a in ARTICLES]
    assert is_supported(statement, "en", sources, "en") is supported


def test_a_desk_that_asks_for_a_model_gets_the_generative_writer(tmp_path: Path) -> None:
    path = tmp_path / "desk.toml"
    path.write_text('title = "T"\ndescription = "D"\n[writer]\nbackend = "llm"\n'
                    'endpoint = "http://127.0.0.1:9/v1"\nmodel = "m"\n', encoding="utf-8")
    writer = writer_for(load_desk(path))
    assert isinstance(writer, GenerativeWriter)
    assert writer.settings.endpoint == "http://127.0.0.1:9/v1"
    path.write_text('title = "T"\ndescription = "D"\n', encoding="utf-8")
    assert isinstance(writer_for(load_desk(path)), ExtractiveWriter)


def test_write_file_writes_as_the_named_desk_does(
    model: ModelServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSDESK_HOME", str(tmp_path))
    (tmp_path / "desks").mkdir()
    (tmp_path / "desks" / "llm-desk.toml").write_text(
        'title = "T"\ndescription = "D"\n[writer]\nbackend = "llm"\n'
        f'endpoint = "{model.endpoint}"\nmodel = "m"\n', encoding="utf-8")
    stories = tmp_path / "stories.jsonl"
    stories.write_text(json.dumps({"id": "s1", "articles": [
        {"source": a.outlet, "title": a.title, "url": a.url, "text": a.text}
        for a in ARTICLES]}) + "\n", encoding="utf-8")
    model.answer(ECHO)
    result = CliRunner().invoke(app, ["write-file", str(stories), "--desk", "llm-desk"])
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    sent = numbered(model.requests[0][1])
    assert line["summary"] == sent[min(sent)]  # the model's (grounded) sentence
    assert len(model.requests) == 1


def test_a_model_that_repeats_itself_or_writes_too_much_is_cut_to_the_layout(
    model: ModelServer
) -> None:
    writer = _writer(model.endpoint)
    model.answer("HEADLINE: x")
    writer.write("s1", ARTICLES)
    sentence, number = next((t, n) for n, t in numbered(model.requests[0][1]).items())
    other, second = next((t, n) for n, t in numbered(model.requests[0][1]).items()
                         if n != number)
    model.answer(f"HEADLINE: x\n{sentence} [{number}]\n\n{sentence} [{number}]\n\n"
                 f"{other} [{second}]\n\n{sentence} [{number}]\n\n{other} [{second}]")
    up = writer.write("s1", ARTICLES, paragraphs=2)
    # The repeated sentence is said once, and only two paragraphs are kept.
    assert [[s.text for s in p] for p in up.paragraphs] == [[sentence], [other]]


def test_stories_are_written_several_at_a_time_and_kept_in_order(
    model: ModelServer, tmp_path: Path
) -> None:
    model.otherwise = (200, ECHO)
    model.delay = 0.3
    path = tmp_path / "desk.toml"
    path.write_text('title = "T"\ndescription = "D"\n[writer]\nbackend = "llm"\n'
                    f'endpoint = "{model.endpoint}"\nmodel = "m"\nconcurrency = 3\n',
                    encoding="utf-8")
    desk = load_desk(path)
    writer = writer_for(desk)
    assert writer.concurrency == 3
    jobs = [(RankedStory(story_id=f"s{n}", score=1.0, raw={}, signals={}),
             ARTICLES[n % 2:] + ARTICLES[: n % 2], n < 2) for n in range(6)]
    ups = write_stories(writer, desk, jobs)
    assert [up.story_id for up in ups] == [f"s{n}" for n in range(6)]
    assert [bool(up.paragraphs) for up in ups] == [True, True, False, False, False, False]
    assert all(wording_note(up) for up in ups)  # every story in the model's words
    assert 2 <= model.most_in_flight <= 3


def test_a_cached_answer_is_not_asked_for_again(model: ModelServer, tmp_path: Path) -> None:
    model.otherwise = (200, ECHO)
    cache = tmp_path / "cache"
    first = GenerativeWriter(LlmSettings(endpoint=model.endpoint, model="m"), cache=cache)
    written = first.write("s1", ARTICLES)
    assert len(model.requests) == 1 and len(list(cache.rglob("*.txt"))) == 1
    again = GenerativeWriter(LlmSettings(endpoint=model.endpoint, model="m"), cache=cache)
    assert again.write("s1", ARTICLES) == written
    assert len(model.requests) == 1  # answered from the cache
    other = GenerativeWriter(LlmSettings(endpoint=model.endpoint, model="other"), cache=cache)
    other.write("s1", ARTICLES)
    assert len(model.requests) == 2  # another model is another question
    for path in cache.rglob("*.txt"):
        path.write_bytes(b"\xff\xfe not text")
    assert again.write("s1", ARTICLES) == written  # an unreadable entry is asked again
    assert len(model.requests) == 3


def test_a_failed_answer_is_not_cached(model: ModelServer, tmp_path: Path) -> None:
    model.answer("overloaded", 503)
    writer = GenerativeWriter(LlmSettings(endpoint=model.endpoint, model="m"),
                              cache=tmp_path / "cache")
    assert writer.write("s1", ARTICLES) == ExtractiveWriter().write("s1", ARTICLES)
    assert not list((tmp_path / "cache").rglob("*.txt"))
