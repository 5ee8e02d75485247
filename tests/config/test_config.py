"""Settings: the config file, environment overrides and clear errors."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from newsdesk.config import (
    credential,
    load_settings,
    parse_networks,
    publish_fault_delay,
    publish_kill_point,
)
from newsdesk.errors import NewsdeskError
from newsdesk.options import (
    COPY_RULES,
    DeskDefaults,
    DiversitySettings,
    EngineSettings,
    FetchSettings,
    LlmSettings,
    RankingWeights,
    WriterSettings,
    settable,
)
from tests.conftest import REPO_ROOT


def test_defaults_put_sqlite_in_the_data_directory(isolated_home: Path) -> None:
    settings = load_settings()
    assert settings.home == isolated_home
    assert settings.database_url == f"sqlite:///{isolated_home / 'newsdesk.db'}"


def test_environment_overrides_the_config_file(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_home / "config.toml").write_text(
        'database_url = "sqlite:////tmp/from-file.db"\nallowed_networks = ["10.0.0.0/8"]\n'
    )
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    from_file = load_settings()
    assert from_file.database_url == "sqlite:////tmp/from-file.db"
    assert from_file.allowed_networks == (ipaddress.ip_network("10.0.0.0/8"),)
    monkeypatch.setenv("NEWSDESK_DATABASE_URL", "postgresql://x@127.0.0.1/y")
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "192.168.0.0/16")
    from_env = load_settings()
    assert from_env.database_url == "postgresql://x@127.0.0.1/y"
    assert from_env.allowed_networks == (ipaddress.ip_network("192.168.0.0/16"),)


def test_allowed_networks_are_empty_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_ALLOWED_NETWORKS")
    assert load_settings().allowed_networks == ()


def test_bad_network_is_a_clear_error() -> None:
    with pytest.raises(NewsdeskError, match="'banana' is not a network"):
        parse_networks("127.0.0.0/8, banana", origin="NEWSDESK_ALLOWED_NETWORKS")


def test_unknown_or_broken_settings_are_clear_errors(isolated_home: Path) -> None:
    config = isolated_home / "config.toml"
    config.write_text("databse_url = 'x'\n")
    with pytest.raises(NewsdeskError, match="unknown setting 'databse_url'"):
        load_settings()
    config.write_text("[fetch]\nper_hots = 3\n")
    with pytest.raises(NewsdeskError, match="unknown \\[fetch\\] setting 'per_hots'"):
        load_settings()
    config.write_text("this is = = not toml")
    with pytest.raises(NewsdeskError, match="not valid TOML"):
        load_settings()


def test_the_options_default_to_the_values_they_had_as_constants(isolated_home: Path) -> None:
    settings = load_settings()
    assert (settings.fetch.max_connections, settings.fetch.per_host,
            settings.fetch.max_body_bytes, settings.fetch.max_decoded_bytes,
            settings.fetch.max_redirects, settings.fetch.total_timeout) == (
        16, 2, 10 * 2**20, 20 * 2**20, 5, 60.0)
    assert settings.engine == EngineSettings(
        window_days=14, window_articles=20_000, candidates=10, merge_probability=0.7,
        merge_similarity=0.8, copy_threshold=0.6, num_perm=64)
    assert (DiversitySettings().near_duplicate_cosine,
            DiversitySettings().near_duplicate_titles) == (0.92, 0.6)
    assert (WriterSettings().words_per_paragraph, WriterSettings().lead_paragraphs) == (56, 3)
    assert (COPY_RULES.min_novelty, COPY_RULES.same_fact_overlap, COPY_RULES.title_vote,
            COPY_RULES.attributed_weight) == (0.5, 0.5, 2.0, 2.0)
    assert (RankingWeights().outlets, RankingWeights().relevance,
            RankingWeights().update_new_outlets) == (3.0, 2.5, 2)


def test_fetch_and_engine_tables_set_their_options(isolated_home: Path) -> None:
    (isolated_home / "config.toml").write_text(
        "[fetch]\nmax_redirects = 2\nread_timeout = 5\n"
        "[engine]\ncandidates = 20\nmerge_probability = 0.9\nwindow_days = 7\n")
    settings = load_settings()
    assert (settings.fetch.max_redirects, settings.fetch.read_timeout) == (2, 5)
    assert (settings.engine.candidates, settings.engine.merge_probability,
            settings.engine.window_days, settings.engine.num_perm) == (20, 0.9, 7, 64)


def test_allowed_networks_reach_the_fetcher_settings(
        isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_ALLOWED_NETWORKS", "10.0.0.0/8")
    (isolated_home / "config.toml").write_text("[fetch]\nper_host = 3\n")
    fetch = load_settings().fetch
    assert (fetch.allowed_networks, fetch.per_host) == ((ipaddress.ip_network("10.0.0.0/8"),), 3)


@pytest.mark.parametrize(("text", "expected"), [
    ("[engine]\ncandidates = 0\n", "[engine] candidates must be between 1 and 1000, not 0"),
    ("[engine]\nmerge_probability = 1.5\n", "[engine] merge_probability must be between 0 and 1"),
    ("[engine]\ncandidates = 2.5\n", "[engine] candidates must be a whole number, not 2.5"),
    ("[engine]\nwindow_days = '14'\n", "[engine] window_days must be a whole number, not '14'"),
    ("[engine]\nmerge_similarity = nan\n", "[engine] merge_similarity must be between -1 and 1"),
    ("[engine]\ncandidate = 5\n", "unknown [engine] setting 'candidate'"),
    ("[fetch]\nmax_redirects = -1\n", "[fetch] max_redirects must be between 0 and 20, not -1"),
    ("[fetch]\nfull_text = 1\n", "[fetch] full_text must be true or false, not 1"),
    ("[fetch]\nuser_agent = 'me'\n", "unknown [fetch] setting 'user_agent'"),
    ("engine = 3\n", "engine must be a table ([engine]), not 3"),
    ("[writer]\nwords_per_paragraph = 5\n",
     "[writer] words_per_paragraph must be between 10 and 1000, not 5"),
    ("[writer]\nbackend = 'gpt'\n", "[writer] backend must be one of extractive, llm, not 'gpt'"),
    ("[writer]\nbackend = 'llm'\n", "[writer] backend 'llm' needs [llm] endpoint and model"),
    ("[llm]\ntimeout = 0\n", "[llm] timeout must be between 1 and 86400, not 0"),
    ("[llm]\nmodel = 7\n", "[llm] model must be a string, not 7"),
    ("[llm]\nendpoint = 'ftp://x/v1'\n", "[llm] endpoint must be the http(s) address"),
    ("[llm]\napi_key = 'sk-secret'\n", "[llm] api_key is not read from a file"),
    ("[llm]\nbase_url = 'http://x/v1'\n", "unknown [llm] setting 'base_url'"),
    ("[ranking]\noutlets = -1\n", "[ranking] outlets must be between 0 and 100, not -1"),
    ("[ranking]\noutlet = 1\n", "unknown [ranking] setting 'outlet'"),
    ("[diversity]\nnear_duplicate_cosine = 2\n",
     "[diversity] near_duplicate_cosine must be between -1 and 1, not 2"),
    ("[diversity]\nentities = {}\n", "unknown [diversity] setting 'entities'"),
])
def test_a_bad_option_is_a_one_line_error_naming_file_table_and_key(
        isolated_home: Path, text: str, expected: str) -> None:
    (isolated_home / "config.toml").write_text(text)
    with pytest.raises(NewsdeskError) as caught:
        load_settings()
    message = str(caught.value)
    assert expected in message and str(isolated_home / "config.toml") in message
    assert "\n" not in message


def test_credentials_come_from_the_variable_the_desk_names(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_TEST_SECRET", "s3cret")
    monkeypatch.delenv("NEWSDESK_TEST_UNSET", raising=False)
    assert credential("NEWSDESK_TEST_SECRET") == "s3cret"
    assert credential("NEWSDESK_TEST_UNSET") is None and credential(None) is None


def test_publish_test_hooks_are_off_unless_their_variables_are_set(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_PUBLISH_FAULT_DELAY", raising=False)
    monkeypatch.delenv("NEWSDESK_PUBLISH_KILL_AT", raising=False)
    assert (publish_fault_delay(), publish_kill_point()) == (0.0, None)
    monkeypatch.setenv("NEWSDESK_PUBLISH_FAULT_DELAY", "0.25")
    monkeypatch.setenv("NEWSDESK_PUBLISH_KILL_AT", "sent:2")
    assert (publish_fault_delay(), publish_kill_point()) == (0.25, "sent:2")


@pytest.mark.parametrize("kind", [FetchSettings, EngineSettings, RankingWeights,
                                  WriterSettings, LlmSettings, DiversitySettings])
def test_the_readme_names_every_option_a_user_may_set(kind: type) -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert [key for key in settable(kind) if key not in readme] == []


def _beat_desk(home: Path, tables: str = "") -> None:
    """A desk file `beat` in the data directory, with `tables` of its own options."""
    (home / "desks").mkdir(exist_ok=True)
    (home / "desks" / "beat.toml").write_text(
        f'title = "Beat"\ndescription = "A test beat."\n{tables}', encoding="utf-8")


def test_the_writer_table_sets_every_desks_writer_unless_a_desk_sets_its_own(
        isolated_home: Path) -> None:
    from newsdesk.app.editions import load_desk
    from newsdesk.write.generative import writer_for

    (isolated_home / "config.toml").write_text(
        "[writer]\nwords_per_paragraph = 40\nlead_paragraphs = 2\n")
    _beat_desk(isolated_home, "[writer]\nlead_paragraphs = 4\n")
    settings = load_settings()
    house = load_desk(settings, "china-tech")
    assert (house.writer.words_per_paragraph, house.writer.lead_paragraphs) == (40, 2)
    assert writer_for(house).words_per_paragraph == 40
    beat = load_desk(settings, "beat")
    assert (beat.writer.words_per_paragraph, beat.writer.lead_paragraphs) == (40, 4)


def test_the_llm_table_says_where_the_model_is_for_every_desk(isolated_home: Path) -> None:
    from newsdesk.app.editions import load_desk
    from newsdesk.write.generative import GenerativeWriter, writer_for

    (isolated_home / "config.toml").write_text(
        '[writer]\nbackend = "llm"\n'
        '[llm]\nendpoint = "http://127.0.0.1:8080/v1"\nmodel = "house-model"\n'
        'api_key_env = "NEWSDESK_LLM_KEY"\ntimeout = 90\nconcurrency = 2\n')
    _beat_desk(isolated_home, '[writer]\nmodel = "beat-model"\n')
    settings = load_settings()
    writer = writer_for(load_desk(settings, "china-tech"))
    assert isinstance(writer, GenerativeWriter)
    assert (writer.settings.endpoint, writer.settings.model, writer.settings.api_key_env,
            writer.settings.timeout, writer.concurrency) == (
        "http://127.0.0.1:8080/v1", "house-model", "NEWSDESK_LLM_KEY", 90, 2)
    beat = load_desk(settings, "beat").writer
    assert (beat.backend, beat.llm.model, beat.llm.timeout) == ("llm", "beat-model", 90)


def test_an_llm_table_alone_leaves_the_writer_extractive(isolated_home: Path) -> None:
    from newsdesk.app.editions import load_desk

    (isolated_home / "config.toml").write_text(
        '[llm]\nendpoint = "http://127.0.0.1:8080/v1"\nmodel = "house-model"\n')
    _beat_desk(isolated_home, '[writer]\nbackend = "llm"\n')
    settings = load_settings()
    assert load_desk(settings, "china-tech").writer.backend == "extractive"
    assert load_desk(settings, "beat").writer.llm.model == "house-model"


def test_the_ranking_table_sets_every_desks_weights_unless_a_desk_sets_its_own(
        isolated_home: Path) -> None:
    from newsdesk.app.editions import load_desk

    (isolated_home / "config.toml").write_text("[ranking]\noutlets = 5.0\nrelevance = 0.5\n")
    _beat_desk(isolated_home, "[ranking]\noutlets = 1.0\n")
    settings = load_settings()
    house = load_desk(settings, "china-tech").ranking
    assert (house.outlets, house.relevance, house.languages) == (5.0, 0.5, 1.0)
    beat = load_desk(settings, "beat").ranking
    assert (beat.outlets, beat.relevance) == (1.0, 0.5)


def test_the_diversity_table_sets_every_desks_thresholds_and_keeps_its_entities(
        isolated_home: Path) -> None:
    from newsdesk.app.editions import load_desk

    (isolated_home / "config.toml").write_text(
        "[diversity]\nnear_duplicate_cosine = 0.95\nnear_duplicate_titles = 0.5\n")
    _beat_desk(isolated_home, "[diversity]\nnear_duplicate_titles = 0.7\n")
    settings = load_settings()
    house = load_desk(settings, "china-tech").diversity
    assert (house.near_duplicate_cosine, house.near_duplicate_titles) == (0.95, 0.5)
    assert "Huawei" in dict(house.entities)  # the desk's own entity table stays
    beat = load_desk(settings, "beat").diversity
    assert (beat.near_duplicate_cosine, beat.near_duplicate_titles) == (0.95, 0.7)
    assert beat.entities == ()


def test_the_config_file_newsdesk_init_writes_reads_back_as_the_defaults(
        isolated_home: Path) -> None:
    from newsdesk.app.run import DEFAULT_CONFIG

    config = isolated_home / "config.toml"
    config.write_text(DEFAULT_CONFIG, encoding="utf-8")
    assert load_settings().desks == DeskDefaults()
    # Its commented-out tables are valid too, once a user takes the comment marks away.
    uncommented = [line[2:] if line.startswith("# ") and "=" in line or line.startswith("# [")
                   else line for line in DEFAULT_CONFIG.splitlines()]
    config.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    house = load_settings().desks
    assert (house.writer.llm.model, house.ranking, house.diversity) == (
        "qwen2.5-7b-instruct", RankingWeights(), DiversitySettings())
