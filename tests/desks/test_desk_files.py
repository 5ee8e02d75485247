"""Desk files: the built-in desk loads; every kind of bad input is a one-line error."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from newsdesk.desks.config import find_desk, list_desk_names, load_desk, parse_duration
from newsdesk.errors import NewsdeskError
from newsdesk.options import DiversitySettings, RankingWeights, WriterSettings

MINIMAL = 'title = "Test Desk"\ndescription = "Tests."\n'


def _desk_file(tmp_path: Path, body: str, name: str = "test-desk") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(MINIMAL + body, encoding="utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(NewsdeskError) as caught:
        load_desk(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_built_in_china_tech_desk_loads(tmp_path: Path) -> None:
    desk = find_desk("china-tech", tmp_path)
    assert desk.name == "china-tech"
    assert desk.schedule.window == timedelta(days=7)
    assert desk.layout.max_leads_per_entity == 2
    assert {"Huawei", "华为", "芯片"} <= set(desk.filters.include_keywords)
    assert set(desk.filters.languages) == {"en", "zh"}
    assert desk.sources.opml is not None and desk.sources.opml.name == "china-tech.opml"
    assert "china-tech" in list_desk_names(tmp_path)


def test_a_desk_in_the_data_directory_wins_over_the_built_in_one(tmp_path: Path) -> None:
    (tmp_path / "desks").mkdir()
    _desk_file(tmp_path / "desks", 'name = "china-tech"\n', name="china-tech")
    assert find_desk("china-tech", tmp_path).title == "Test Desk"


def test_a_full_desk_file_is_read_into_typed_settings(tmp_path: Path) -> None:
    path = _desk_file(
        tmp_path,
        """
language = "NL"
[sources]
urls = ["https://example.org/feed"]
[filters]
include_keywords = ["chip"]
include_regex = ["\\\\bAI\\\\b"]
languages = ["en"]
min_sources = 2
[schedule]
window = "36h"
cadence = "daily"
[layout]
leads = 2
also = 5
[review]
required = true
[outputs]
site_dir = "out"
[outputs.email]
recipients = ["a@example.org"]
sender = "desk@example.org"
smtp_host = "127.0.0.1"
smtp_port = 2525
starttls = false
password_env = "SMTP_PASSWORD"
unsubscribe = "mailto:leave@example.org"
""",
    )
    desk = load_desk(path)
    assert desk.name == "test-desk" and desk.language == "nl"
    assert desk.sources.urls == ("https://example.org/feed",)
    assert desk.filters.include_regex[0].search("new ai rules")
    assert desk.schedule.window == timedelta(hours=36)
    assert desk.schedule.cadence == timedelta(days=1)
    assert (desk.layout.leads, desk.layout.also) == (2, 5)
    assert desk.review.required is True
    assert desk.outputs.site_path(tmp_path) == tmp_path / "out"
    assert desk.outputs.email is not None and desk.outputs.email.smtp_port == 2525


def test_an_unknown_top_level_key_names_the_file_and_key(tmp_path: Path) -> None:
    message = _error(_desk_file(tmp_path, "colour = 'red'\n"))
    assert "test-desk.toml" in message and "'colour'" in message and "top level" in message


def test_an_unknown_key_in_a_nested_table_names_the_table(tmp_path: Path) -> None:
    body = "[outputs.email]\nrecipients=['a@b.c']\nsender='d@e.f'\nsmtp_host='h'\nport=25\n"
    message = _error(_desk_file(tmp_path, body))
    assert "'port'" in message and "[outputs.email]" in message


def test_a_bad_regex_names_the_pattern(tmp_path: Path) -> None:
    message = _error(_desk_file(tmp_path, "[filters]\nexclude_regex = ['(unclosed']\n"))
    assert "'(unclosed'" in message and "exclude_regex" in message


@pytest.mark.parametrize("window", ["7 days", "0d", "-1d", "7y", ""])
def test_a_bad_duration_is_an_error(tmp_path: Path, window: str) -> None:
    message = _error(_desk_file(tmp_path, f"[schedule]\nwindow = '{window}'\n"))
    assert "[schedule] window" in message and "duration" in message


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[layout]\nleads = 'three'\n", "[layout] leads must be an integer, not str"),
        ("[layout]\nleads = true\n", "[layout] leads must be an integer, not bool"),
        ("[layout]\nleads = 0\n", "[layout] leads must be at least 1"),
        ("[filters]\nlanguages = 'en'\n", "[filters] languages must be a list"),
        ("[filters]\ninclude_keywords = [1]\n", "include_keywords must be a list of non-empty"),
        ("[review]\nrequired = 'yes'\n", "[review] required must be true or false"),
        ("sources = 'x.opml'\n", "sources must be a table"),
        ("[sources]\nurls = ['ftp://x']\n", "not an http(s) URL"),
        ("name = 'Not A Slug'\n", "must be a slug"),
        ("language = 'English'\n", "must be a language code"),
        ("[outputs.email]\nrecipients=['a@b.c']\nsender='d@e.f'\nsmtp_host='h'\n"
         "unsubscribe='http://x'\n", "mailto: or https://"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_clear_error(
    tmp_path: Path, body: str, expected: str
) -> None:
    assert expected in _error(_desk_file(tmp_path, body))


def test_a_missing_title_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text('description = "x"\n', encoding="utf-8")
    assert "title is required" in _error(path)


def test_a_file_that_is_not_toml_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text("title = \n", encoding="utf-8")
    assert "not valid TOML" in _error(path)


def test_an_unknown_desk_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(NewsdeskError, match="known desks: .*china-tech"):
        find_desk("sports", tmp_path)


def test_a_desk_name_cannot_reach_outside_the_desk_folders(tmp_path: Path) -> None:
    with pytest.raises(NewsdeskError, match="not a desk name"):
        find_desk("../config", tmp_path)


def test_durations_accept_hours_days_and_weeks() -> None:
    assert [parse_duration(t) for t in ("36h", "7d", "2w")] == [
        timedelta(hours=36), timedelta(days=7), timedelta(weeks=2)
    ]


def test_the_writer_is_extractive_unless_the_desk_asks_for_a_model(tmp_path: Path) -> None:
    assert load_desk(_desk_file(tmp_path, "")).writer.backend == "extractive"
    desk = load_desk(_desk_file(tmp_path, """
[writer]
backend = "llm"
endpoint = "http://127.0.0.1:8080/v1"
model = "qwen2.5-7b-instruct"
api_key_env = "NEWSDESK_LLM_KEY"
timeout = 30
concurrency = 2
"""))
    assert desk.writer.backend == "llm"
    assert desk.writer.llm.endpoint == "http://127.0.0.1:8080/v1"
    assert (desk.writer.llm.model, desk.writer.llm.api_key_env, desk.writer.llm.timeout) == (
        "qwen2.5-7b-instruct", "NEWSDESK_LLM_KEY", 30)
    assert desk.writer.llm.concurrency == 2


@pytest.mark.parametrize(("body", "expected"), [
    ('[writer]\nbackend = "gpt"\n', "[writer] backend is 'gpt'; use one of extractive, llm"),
    ('[writer]\nbackend = "llm"\nmodel = "m"\n', "[writer] endpoint must be the http(s)"),
    ('[writer]\nbackend = "llm"\nendpoint = "ftp://x/v1"\nmodel = "m"\n',
     "[writer] endpoint must be the http(s)"),
    ('[writer]\nbackend = "llm"\nendpoint = "http://127.0.0.1:8080/v1"\n',
     "[writer] model is required for the llm backend"),
    ('[writer]\napi_key = "sk-secret"\n', "unknown key 'api_key' in [writer]"),
])
def test_a_bad_writer_table_is_a_one_line_error(tmp_path: Path, body: str, expected: str) -> None:
    assert expected in _error(_desk_file(tmp_path, body))


def test_the_desks_options_default_to_the_house_defaults(tmp_path: Path) -> None:
    desk = load_desk(_desk_file(tmp_path, ""))
    assert (desk.ranking, desk.writer) == (RankingWeights(), WriterSettings())
    assert desk.diversity == DiversitySettings() and desk.diversity.entities == ()


def test_ranking_writer_and_diversity_tables_set_the_desks_options(tmp_path: Path) -> None:
    desk = load_desk(_desk_file(tmp_path, """
[ranking]
outlets = 4
velocity_hours = 24
update_new_outlets = 3
[writer]
words_per_paragraph = 40
lead_paragraphs = 2
[diversity]
near_duplicate_cosine = 0.95
not_entities = ["Rail"]
[diversity.entities]
"Deutsche Bahn" = ["DB", "Deutsche Bahn"]
"""))
    assert (desk.ranking.outlets, desk.ranking.velocity_hours,
            desk.ranking.update_new_outlets, desk.ranking.relevance) == (4, 24, 3, 2.5)
    assert (desk.writer.words_per_paragraph, desk.writer.lead_paragraphs) == (40, 2)
    assert desk.writer.backend == "extractive"
    assert desk.diversity == DiversitySettings(
        near_duplicate_cosine=0.95, entities=(("Deutsche Bahn", ("DB", "Deutsche Bahn")),),
        not_entities=frozenset({"rail"}))


def test_the_china_tech_desk_carries_its_entity_tables(tmp_path: Path) -> None:
    diversity = find_desk("china-tech", tmp_path).diversity
    entities = dict(diversity.entities)
    assert entities["ByteDance"] == ("ByteDance", "字节跳动", "TikTok", "Douyin", "抖音")
    assert len(entities) == 23 and {"china", "beijing", "chips"} <= diversity.not_entities


@pytest.mark.parametrize(("body", "expected"), [
    ("[ranking]\noutlets = -1\n", "[ranking] outlets must be between 0 and 100, not -1"),
    ("[ranking]\noutlets = 'many'\n", "[ranking] outlets must be a number, not 'many'"),
    ("[ranking]\nupdate_new_outlets = 1.5\n", "[ranking] update_new_outlets must be a whole"),
    ("[ranking]\noutlet = 2\n", "unknown [ranking] setting 'outlet'"),
    ("ranking = 2\n", "the top level ranking must be a table, not int"),
    ("[writer]\nwords_per_paragraph = 5\n", "[writer] words_per_paragraph must be between 10"),
    ("[writer]\nlead_paragraphs = true\n", "[writer] lead_paragraphs must be a whole number"),
    ("[diversity]\nnear_duplicate_titles = 2\n", "[diversity] near_duplicate_titles must be"),
    ("[diversity]\nnot_entities = 'China'\n", "[diversity] not_entities must be a list"),
    ("[diversity]\nentity = {}\n", "unknown key 'entity' in [diversity]"),
    ("[diversity.entities]\nHuawei = 'Huawei'\n",
     "[diversity] entities 'Huawei' must be a list of non-empty strings"),
])
def test_a_bad_desk_option_is_a_one_line_error(tmp_path: Path, body: str, expected: str) -> None:
    path = _desk_file(tmp_path, body)
    message = _error(path)
    assert expected in message and str(path) in message
