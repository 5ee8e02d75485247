"""Copy an editor would sign: each fact once, news before opinion, opinion attributed, the
latest day first, sentences that stand alone."""

from __future__ import annotations

from datetime import datetime

from newsdesk.evaluate.rouge import is_faithful
from newsdesk.write.edition import Sentence, StoryWriteUp
from newsdesk.write.files import story_record
from newsdesk.write.framing import source_words
from newsdesk.write.sources import SourceArticle
from newsdesk.write.summarize import ExtractiveWriter

REPORT_TEXT = (
    "The Supreme Court on Wednesday declined to block a Texas law that bans most abortions "
    "after about six weeks of pregnancy. The justices voted 5 to 4 in an unsigned order "
    "issued shortly before midnight. Chief Justice John Roberts joined the three liberal "
    "justices in dissent.")
OPINION_TEXT = (
    "It is difficult to see how the Court could rule any other way on the Texas law. "
    "The statute was written to keep state officials out of the enforcement business. "
    "I think the majority was right to stay out of a fight it cannot referee.")


def _article(key: str, outlet: str, url: str, text: str, title: str,
             published: datetime | None = None) -> SourceArticle:
    return SourceArticle(id=key, outlet=outlet, title=title, url=url, text=text,
                         language="en", published=published)


def _report() -> SourceArticle:
    return _article("r1", "Associated Press", "https://example.com/news/texas-abortion",
                    REPORT_TEXT, "Supreme Court declines to block Texas abortion law")


def _opinion() -> SourceArticle:
    return _article("o1", "National Review (Opinion)",
                    "https://example.com/opinion/court-gets-it-right", OPINION_TEXT,
                    "Supreme Court Gets It Right on Texas Abortion Law")


def _sentences(write_up: StoryWriteUp) -> list[Sentence]:
    return [sentence for paragraph in write_up.paragraphs for sentence in paragraph]


def _faithful(sentence: Sentence, articles: list[SourceArticle]) -> bool:
    article = next(a for a in articles if a.url == sentence.citation.url)
    return any(is_faithful(words, [article.text], "en") for words in source_words(sentence.text))


def test_opinion_comes_last_and_every_quote_names_its_outlet() -> None:
    articles = [_opinion(), _report()]
    write_up = ExtractiveWriter().write("s1", articles)
    sentences = _sentences(write_up)
    kinds = [s.kind for s in sentences]
    assert kinds[0] == "report" and "opinion" in kinds
    assert kinds == sorted(kinds, key=lambda kind: kind == "opinion")
    assert all(s.kind == "report" for s in write_up.paragraphs[0])
    for sentence in sentences:
        assert _faithful(sentence, articles)
        if sentence.kind == "opinion":
            assert sentence.text.startswith("National Review argues: “")
            assert "(Opinion)" not in sentence.text


def test_the_headline_comes_from_the_report_not_the_opinion_piece() -> None:
    write_up = ExtractiveWriter().write("s1", [_opinion(), _report()])
    assert write_up.headline == "Supreme Court declines to block Texas abortion law"
    assert write_up.headline_url == _report().url


def test_a_story_of_opinion_pieces_only_is_labelled_and_fully_attributed() -> None:
    other = _article("o2", "Jane Doe", "https://example.com/columnists/jane/texas",
                     "The law is a cynical trick that dodges the courts. It cannot stand for "
                     "long once a clinic finds a way to challenge it.", "A cynical trick")
    articles = [_opinion(), other]
    write_up = ExtractiveWriter().write("s1", articles)
    assert write_up.headline.startswith("Opinion: ")
    sentences = _sentences(write_up)
    assert sentences and all(s.kind == "opinion" for s in sentences)
    assert all(" argues: “" in s.text and _faithful(s, articles) for s in sentences)
    assert write_up.one_liner is not None and " argues: “" in write_up.one_liner.text


def test_first_person_copy_is_opinion_even_outside_an_opinion_section() -> None:
    column = _article("c1", "Daily Planet", "https://example.com/2021/09/02/texas-law",
                      "I have covered the court for twenty years. I have never seen an order "
                      "like this one. We should all be worried about what comes next. My "
                      "readers know where I stand on the Texas law.", "What I saw")
    write_up = ExtractiveWriter().write("s1", [_report(), column])
    for sentence in _sentences(write_up):
        assert sentence.kind == "report" or sentence.text.startswith("Daily Planet argues: “")


def test_a_fact_the_outlets_agree_on_is_stated_once() -> None:
    first = _article("a", "Reuters", "https://example.com/a",
                     "President Joe Biden pledged to cut U.S. greenhouse gas emissions in half "
                     "by 2030 at a virtual summit. The target is not binding unless Congress "
                     "approves it.", "Biden pledges to halve emissions by 2030")
    second = _article("b", "Bloomberg", "https://example.com/b",
                      "Biden announced that the U.S. will cut its greenhouse gas emissions in "
                      "half by 2030 at the virtual summit. Environmental activists said the "
                      "target was not ambitious enough.", "Biden sets 2030 emissions goal")
    sentences = _sentences(ExtractiveWriter().write("s1", [first, second], paragraphs=3))
    about_2030 = [s for s in sentences if "2030" in s.text]
    assert len(about_2030) == 1
    assert any("activists" in s.text or "Congress" in s.text for s in sentences)


def test_a_sentence_opening_with_a_pronoun_follows_its_own_predecessor() -> None:
    first = _article("a", "Reuters", "https://example.com/a",
                     "The city council approved a budget of 40 million euros for new bike "
                     "lanes on Tuesday. They will be built along the river by 2024. Cyclists "
                     "have asked for safer routes for years.", "Council approves bike lanes")
    second = _article("b", "Local News", "https://example.com/b",
                      "Road works on the ring road start next month and last until spring. "
                      "But the mayor said the new lanes would ease traffic in the centre.",
                      "Road works on the ring road")
    sentences = _sentences(ExtractiveWriter().write("s1", [first, second], paragraphs=3))
    texts = [s.text for s in sentences]
    for index, text in enumerate(texts):
        if text.startswith(("They ", "But ")):
            assert index > 0
            article = first if sentences[index].citation.url == first.url else second
            before = article.text[:article.text.index(text)].rstrip()
            assert before.endswith(texts[index - 1])


def test_the_latest_day_leads_and_earlier_days_are_marked() -> None:
    monday = _article("m", "Reuters", "https://example.com/monday",
                      "Senate Republicans blocked a bill to fund the government in a 48 to 50 "
                      "vote. Democrats said they would try again later in the week.",
                      "Senate blocks bill to avert shutdown", datetime(2021, 9, 27, 20))
    thursday = _article("t", "Associated Press", "https://example.com/thursday",
                        "Congress passed a stopgap bill on Thursday that keeps the government "
                        "open until December. President Biden signed the measure hours before "
                        "the deadline.", "Congress averts government shutdown",
                        datetime(2021, 9, 30, 22))
    articles = [monday, thursday]
    write_up = ExtractiveWriter().write("s1", articles, paragraphs=3)
    sentences = _sentences(write_up)
    assert write_up.headline == "Congress averts government shutdown"
    assert sentences[0].citation.url == thursday.url
    for sentence in sentences:
        assert _faithful(sentence, articles)
    older = [s for s in sentences if s.citation.url == monday.url]
    assert older and older[0].text.startswith("On Monday, ")
    assert story_record(write_up)["sentences"][0]["date"] == "2021-09-30"


def test_write_file_lines_carry_each_sentence_with_url_kind_and_date() -> None:
    write_up = ExtractiveWriter().write("s1", [_report(), _opinion()])
    record = story_record(write_up)
    assert [s["text"] for s in record["sentences"]] == [s.text for s in _sentences(write_up)]
    assert {s["kind"] for s in record["sentences"]} == {"report", "opinion"}
    assert all(set(s) == {"text", "url", "kind", "date"} for s in record["sentences"])
    assert all(s["text"] in record["summary"] for s in record["sentences"])


def test_sources_disagreeing_on_a_number_give_no_unattributed_sentence() -> None:
    first = _article("a", "Reuters", "https://example.com/a",
                     "At least 12 people died when floods swept through the valley on Sunday. "
                     "Rescue teams were still searching for survivors.", "Floods kill 12")
    second = _article("b", "Local News", "https://example.com/b",
                      "At least 15 people died when floods swept through the valley on Sunday, "
                      "officials said. Roads to three villages remain closed.", "Floods kill 15")
    articles = [first, second]
    sentences = _sentences(ExtractiveWriter().write("s1", articles, paragraphs=3))
    died = [s for s in sentences if "died" in s.text]
    assert len(died) == 1  # the toll once, as its outlet's word: the figures differ
    outlet = died[0].citation.outlet
    assert died[0].text.startswith(f"{outlet} reports: “At least 1")
    assert all(_faithful(s, articles) and s.citation.outlet for s in sentences)
    undisputed = [s for s in sentences if "died" not in s.text]
    assert undisputed and not any("reports:" in s.text for s in undisputed)


def test_sources_agreeing_on_the_figures_are_not_framed() -> None:
    first = _article("a", "Reuters", "https://example.com/a",
                     "At least 12 people died when floods swept through the valley on Sunday. "
                     "Rescue teams were still searching for survivors.", "Floods kill 12")
    second = _article("b", "Local News", "https://example.com/b",
                      "At least 12 people died when floods swept through the valley on Sunday, "
                      "officials said. Roads to three villages remain closed.", "Floods kill 12")
    sentences = _sentences(ExtractiveWriter().write("s1", [first, second], paragraphs=3))
    assert sentences and not any("reports:" in s.text for s in sentences)


def test_articles_without_a_sentence_in_the_desk_language_give_an_honest_write_up() -> None:
    german = SourceArticle(id="d", outlet="Tagesschau", title="Flut im Tal",
                           url="https://example.com/de",
                           text="Mindestens zwölf Menschen starben bei der Flut im Tal. Die "
                                "Rettungskräfte suchen weiter nach Überlebenden.",
                           language="de")
    write_up = ExtractiveWriter().write("s1", [german], language="en")
    assert write_up.headline_language == "de"
    for sentence in _sentences(write_up):
        assert sentence.citation.url == german.url and sentence.text in german.text


def test_a_figure_is_stated_once_however_differently_the_outlets_word_it() -> None:
    wire = _article("a", "Wire", "https://example.com/a",
                    "Employers added just 184,000 jobs last month, far below the gains of the "
                    "spring and a sign that companies cannot find workers. Wages rose 0.4% "
                    "from the month before.", "Hiring slows sharply")
    paper = _article("b", "Paper", "https://example.com/b",
                     "The economy created far fewer jobs than forecast in June, just 184,000, "
                     "and the jobless rate rose to 4.1%, the Labor Department reported Friday. "
                     "Economists had expected about 400,000 new positions.", "Hiring misses")
    sentences = _sentences(ExtractiveWriter().write("s1", [wire, paper], paragraphs=3))
    assert len([s for s in sentences if "184,000" in s.text]) == 1
    assert len(sentences) >= 2  # the other facts still told


def test_a_pronoun_behind_a_short_lead_in_still_points_back() -> None:
    from newsdesk.write.words import opens_with_reference

    assert opens_with_reference("According to economists, this is a clear sign.", "en")
    assert opens_with_reference("On Monday, they voted again.", "en")
    assert not opens_with_reference("According to economists, the recovery is slow.", "en")
    assert not opens_with_reference("Biden, who spoke on Friday, said it was bad.", "en")
    assert not opens_with_reference(  # "that" points inside its own sentence
        "The economy added 266,000 jobs in April, and that was a disappointment.", "en")


def test_a_figure_in_words_or_with_a_scale_is_one_fact() -> None:
    from newsdesk.write.novelty import Fact, same_fact
    from newsdesk.write.words import CopyWords

    def fact(text: str) -> Fact:
        return Fact.of(text, CopyWords.of(text, "en"))

    # "in half" is the 50% another outlet gives; "1 million" is one figure, not "1".
    halved = fact("President Joe Biden pledged to cut U.S. greenhouse gas emissions in half by "
                  "2030 as he convened 40 world leaders in a virtual summit intended to "
                  "demonstrate renewed American resolve to fight climate change.")
    percent = fact("Biden announced in opening remarks for the two-day summit that the U.S. "
                   "will reduce its own greenhouse gas emissions 50%-52% from 2005 levels.")
    pledged = fact("The United States pledged to cut in half the amount of climate-wrecking "
                   "coal and petroleum fumes it is pumping out.")
    assert same_fact(halved, percent) and same_fact(halved, pledged)
    floated = fact("Axios adds that forecasters had floated gains close to 1 million, making "
                   "this the biggest miss, relative to expectations, in decades.")
    expected = fact("Forecasters had anticipated that the economy would add nearly 1 million "
                    "nonfarm payroll jobs and that the unemployment rate would drop to 5.8%.")
    assert same_fact(floated, expected)
    # A shared year and a few words are not one fact.
    assert not same_fact(fact("The plan cuts coal power plants' emissions by 2030, the agency "
                              "said on Monday."),
                         fact("Carmakers must sell mostly electric cars by 2030 under the "
                              "agency's plan, officials said."))


def test_claims_credited_only_after_them_are_not_stated_as_fact() -> None:
    # The first two sentences are the secretary of state's allegations; their speaker is
    # named only in the third. Out of the article they would read as our own statement.
    claims = _article("a", "Paper", "https://example.com/a",
                      "Untrained volunteers are searching the ballots for traces of bamboo. "
                      "Thousands of ballots are left unattended and unsecured. All of these "
                      "issues with the review were laid out this week by Katie Hobbs, the "
                      "secretary of state, in a letter to the review's organisers.",
                      "Arizona review is riddled with flaws, secretary of state says")
    other = _article("b", "Wire", "https://example.com/b",
                     "The secretary of state, Katie Hobbs, said the review of the ballots was "
                     "riddled with flaws. The Senate's contractors will keep counting until "
                     "the middle of May.", "Secretary of state criticises ballot review")
    sentences = _sentences(ExtractiveWriter().write("s1", [claims, other], paragraphs=3))
    texts = " ".join(s.text for s in sentences)
    assert "bamboo" not in texts and "unattended" not in texts
    assert "riddled with flaws" in texts


def test_what_a_summing_up_sentence_credits() -> None:
    from newsdesk.write.words import credits_what_came_before

    assert credits_what_came_before("All of these issues were laid out on Monday by the "
                                    "secretary of state.", "en")
    assert credits_what_came_before("Those are the allegations, Smith said.", "en")
    assert not credits_what_came_before("These measures passed the Senate on Tuesday.", "en")
    assert not credits_what_came_before("The figures were laid out by the agency.", "en")


def test_an_earlier_day_is_named_once_and_the_source_read_on() -> None:
    from datetime import date

    from newsdesk.write.framing import on_day, source_words

    latest, sunday = date(2021, 8, 17), date(2021, 8, 15)
    told = "The spokesman told Al-Jazeera TV on Sunday that the war is over."
    assert on_day(told, sunday, latest) == told  # the sentence dates itself
    fully = "Fully vaccinated Americans could get another dose next month."
    framed = on_day(fully, sunday, latest)
    assert framed == "On Sunday, fully vaccinated Americans could get another dose next month."
    assert fully in source_words(framed)
    for name in ("US officials said the airport was open.", "Italy said no.",
                 "Sully Jones won the vote."):
        assert on_day(name, sunday, latest) == f"On Sunday, {name}"
