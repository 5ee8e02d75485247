"""The editor's desk: a web app to review, edit, approve and publish editions.

It runs beside the store the command line uses and reads and changes editions only
through the application layer (`newsdesk.app.review` and `newsdesk.app.editions`), the
functions behind `newsdesk show`, `edit`, `approve` and `publish`, so the rules are the same:
an edit is saved as a new version, an approved edition that is edited goes back to draft,
a published edition is final, and a desk that asks for review publishes only approved
editions. In the browser an editor may rewrite the edition's title and intro and the
headlines, and drop, reorder or move stories and drop sentences; the sentences themselves
stay as the sources wrote them, each linked to its article (rewriting copy stays with
`newsdesk edit`).

No JavaScript: links and forms, readable on a phone. The app binds to loopback unless
told otherwise and has no accounts, so it is for the editor's own machine. Every form
carries a token drawn when the app starts and every POST must return it from this
origin, so a page elsewhere cannot make the editor's browser approve or publish (CSRF).
Copy is escaped by Jinja2 and source links are shown only for http(s) URLs.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from newsdesk.app import editions as editions_app
from newsdesk.app import review
from newsdesk.app.listener import Listener
from newsdesk.app.stats import worker_health
from newsdesk.config import Settings
from newsdesk.deskapp.hosts import AllowedHosts, HostGuard
from newsdesk.desks.config import find_desk, list_desk_names
from newsdesk.errors import NewsdeskError
from newsdesk.publish.claim import AlreadyPublished
from newsdesk.publish.presentation import citation_link, edition_dateline, language_tag
from newsdesk.publish.sanitize import plain_text
from newsdesk.store import Store
from newsdesk.store.models import MAX_INTEGER
from newsdesk.write.edition import Edition, StoryWriteUp

SECTIONS = ("lead", "also")
NOTICES = {
    "drafted": "A new draft: review it, edit it, then approve it.",
    "drafted-empty": "No stories met the bar for this window: the draft is empty.",
    "saved": "Saved as a new version.",
    "approved": "Approved: it can be published.",
    "published": "Published: the site, the feed and the desk's other outputs are written.",
    "already-published": "Already published: nothing was done again, nothing sent again.",
    "previewed": "Dry run: nothing was published or sent; what would be is in the data "
                 "directory's previews folder.",
    "unchanged": "Nothing changed: no new version saved.",
}
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class FormError(NewsdeskError):
    """A submitted form with a field that cannot be applied."""


def create_app(settings: Settings, store: Store, *, token: str | None = None,
               allowed_hosts: AllowedHosts | None = None) -> Starlette:
    """The desk app over `store`; `token` is the forms' CSRF token (random by default).

    Only requests whose Host (and a POST's Origin or Referer) is in `allowed_hosts` are
    answered (default: loopback names on any port)."""
    allowed = allowed_hosts or AllowedHosts.loopback()
    desk = _Desk(settings, store, token or secrets.token_urlsafe(32), allowed)
    routes = [
        Route("/", desk.index, methods=["GET"]),
        Route("/desk.css", desk.stylesheet, methods=["GET"]),
        Route("/favicon.svg", desk.favicon, methods=["GET"]),
        Route("/roundup", desk.roundup, methods=["POST"]),
        Route("/workers", desk.workers, methods=["GET"]),
        Route("/editions/{edition_id}", desk.show, methods=["GET"]),
        Route("/editions/{edition_id}/edit", desk.edit_form, methods=["GET"]),
        Route("/editions/{edition_id}/edit", desk.save_edit, methods=["POST"]),
        Route("/editions/{edition_id}/approve", desk.approve, methods=["POST"]),
        Route("/editions/{edition_id}/publish", desk.publish, methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(HostGuard, allowed=allowed)])


class _Desk:
    """The app's handlers, over one store and the application layer. Drafting and the
    actions on an edition run in worker threads (a model may take minutes, SMTP may
    wait), one at a time, so two of them never save versions of one edition at once."""

    def __init__(self, settings: Settings, store: Store, token: str,
                 allowed: AllowedHosts) -> None:
        self.settings = settings
        self.store = store
        self.token = token
        self.allowed = allowed
        self._changes = threading.Lock()  # one draft, edit, approval or publication at a time

    def _one_at_a_time(self, change: Callable[..., Any], *args: Any) -> Any:
        with self._changes:
            return change(*args)

    # ----- pages -----
    async def index(self, request: Request) -> Response:
        rows = [_listing(row) for row in review.edition_rows(self.store)]
        return self._page("index.html", editions=rows,
                          desks=list_desk_names(self.settings.home),
                          default_desk=self.settings.default_desk)

    async def show(self, request: Request) -> Response:
        edition_id = request.path_params["edition_id"]
        try:
            version = _version_param(edition_id, request.query_params.get("version"))
            view = review.edition_view(self.store, edition_id, version)
        except NewsdeskError as exc:
            return self._error(exc, 404)
        versions = [(v["version"], v["origin"], _minute(v["saved"])) for v in view.history]
        return self._page("edition.html", edition=view.edition, status=view.status,
                          latest=view.latest, versions=versions, why=view.placements,
                          review_required=self._review_required(view.edition.desk),
                          notice=NOTICES.get(request.query_params.get("done", "")))

    async def workers(self, request: Request) -> Response:
        """Each worker's last heartbeat and step, the queue depth and the lag, as
        `newsdesk stats` gives them."""
        return self._page("workers.html", health=worker_health(self.store))

    async def edit_form(self, request: Request) -> Response:
        edition_id = request.path_params["edition_id"]
        try:
            edition = review.editable_edition(self.store, edition_id)
        except NewsdeskError as exc:
            return self._error(exc, _status_of(exc))
        return self._page("edit.html", edition=edition, stories=_form_stories(edition))

    # ----- actions -----
    async def roundup(self, request: Request) -> Response:
        """Compose a draft of a desk from its ranked stories, as `newsdesk roundup` does."""
        form = await self._checked_form(request)
        if isinstance(form, Response):
            return form
        try:
            edition = await run_in_threadpool(self._one_at_a_time, self._compose, form)
        except NewsdeskError as exc:
            return self._error(exc, 400)
        return _see(edition.id, "drafted-empty" if edition.is_empty else "drafted")

    def _compose(self, form: Mapping[str, str]) -> Edition:
        """The draft the roundup form asks for (in a worker thread: a model may take
        minutes, and the other pages must keep answering meanwhile)."""
        desk = editions_app.with_window(find_desk(form.get("desk", ""), self.settings.home,
                                                  self.settings.desks),
                                        form.get("since", "").strip() or None)
        return editions_app.roundup(self.settings, self.store, desk, Listener()).edition

    async def save_edit(self, request: Request) -> Response:
        return await self._edition_action(request, self._save_edit)

    async def approve(self, request: Request) -> Response:
        return await self._edition_action(request, self._approve)

    async def publish(self, request: Request) -> Response:
        return await self._edition_action(request, self._publish)

    def _save_edit(self, edition_id: str, form: Mapping[str, str]) -> str:
        saved = review.revise_edition(self.store, edition_id,
                                      lambda current: apply_form(current, form),
                                      seen_version=_form_version(form))
        return "saved" if saved else "unchanged"

    def _approve(self, edition_id: str, form: Mapping[str, str]) -> str:
        editions_app.approve(self.settings, self.store, edition_id,
                             seen_version=_form_version(form))
        return "approved"

    def _publish(self, edition_id: str, form: Mapping[str, str]) -> str:
        """Publish once: a second request (a double click, an old tab, another desk app)
        is told it is already published, and nothing happens again."""
        dry_run = form.get("dry_run") == "on"
        try:
            editions_app.publish(self.settings, self.store, edition_id, dry_run=dry_run,
                                 seen_version=_form_version(form))
        except AlreadyPublished:
            return "already-published"
        return "previewed" if dry_run else "published"

    async def _edition_action(
        self, request: Request, act: Callable[[str, Mapping[str, str]], str]
    ) -> Response:
        """Check the POSTed form, run `act` on the edition, and go back to its page with
        the notice `act` names; a refused action is an error page and changes nothing."""
        edition_id = request.path_params["edition_id"]
        form = await self._checked_form(request)
        if isinstance(form, Response):
            return form
        try:  # in a worker thread: publishing builds a site and may wait on SMTP
            done = await run_in_threadpool(self._one_at_a_time, act, edition_id, form)
        except NewsdeskError as exc:
            return self._error(exc, _status_of(exc))
        return _see(edition_id, done)

    async def stylesheet(self, request: Request) -> Response:
        return Response(_asset("deskapp", "desk.css"), media_type="text/css",
                        headers=SECURITY_HEADERS)

    async def favicon(self, request: Request) -> Response:
        """The published site's icon, so the browser's tab matches the desk's site."""
        return Response(_asset("publish", "favicon.svg"), media_type="image/svg+xml",
                        headers=SECURITY_HEADERS)

    # ----- helpers -----
    def _review_required(self, desk_name: str) -> bool | None:
        """Whether the edition's desk asks for review; None when its desk file is gone."""
        try:
            return find_desk(desk_name, self.settings.home, self.settings.desks).review.required
        except NewsdeskError:
            return None

    async def _checked_form(self, request: Request) -> Mapping[str, str] | Response:
        """The POSTed form, or a 403 page when it lacks the token or comes from elsewhere
        (an Origin, or else a Referer, that is not one of the desk's own names)."""
        sender = request.headers.get("origin") or request.headers.get("referer")
        if sender and sender != "null" and not self.allowed.allows_origin(sender):
            return self._error(NewsdeskError("this form came from another site; "
                                                      "nothing was changed"), 403)
        form = await request.form()
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
        if not secrets.compare_digest(fields.get("csrf", ""), self.token):
            return self._error(NewsdeskError("the form has expired or did not come "
                                                      "from this desk; reload the page"), 403)
        return fields

    def _page(self, template: str, code: int = 200, **context: Any) -> HTMLResponse:
        html = _templates().get_template(template).render(csrf=self.token, **context)
        return HTMLResponse(html, status_code=code, headers=SECURITY_HEADERS)

    def _error(self, error: Exception, code: int) -> HTMLResponse:
        return self._page("error.html", code, message=str(error), status_code=code)


def apply_form(current: Edition, form: Mapping[str, str]) -> Edition:
    """The edition as the editor's form leaves it: title, intro, headlines, which stories
    stay in which section and order, and which sentences stay. Sentences keep their text
    and citation; a story moved to the leads without paragraphs leads with its one line."""
    placed: dict[str, list[tuple[int, int, StoryWriteUp]]] = {section: [] for section in SECTIONS}
    for index, story in enumerate(current.leads + current.also):
        prefix = f"story-{index}"
        if form.get(f"{prefix}-keep") != "on":
            continue
        section = form.get(f"{prefix}-section", "")
        if section not in SECTIONS:
            raise FormError(f"story {index + 1}: choose lead or also, not {section!r}")
        order = _order(form.get(f"{prefix}-order", ""), index)
        headline = _edited(form.get(f"{prefix}-headline", ""), story.headline)
        paragraphs = [
            [s for k, s in enumerate(paragraph) if form.get(f"{prefix}-s{p}-{k}") == "on"]
            for p, paragraph in enumerate(story.paragraphs)
        ]
        paragraphs = [paragraph for paragraph in paragraphs if paragraph]
        if section == "lead" and not paragraphs and story.one_liner is not None:
            paragraphs = [[story.one_liner]]
        edited = replace(story, headline=headline, paragraphs=paragraphs)
        placed[section].append((order, index, edited))
    leads, also = ([story for _, _, story in sorted(placed[s], key=lambda t: t[:2])]
                   for s in SECTIONS)
    return replace(current, title=_edited(form.get("title", ""), current.title),
                   intro=_edited(form.get("intro", ""), current.intro), leads=leads, also=also)


def _edited(submitted: str, before: str) -> str:
    """The submitted text as one clean line; the text before when the editor left it as
    the form showed it (a form cannot carry line breaks in a headline)."""
    text = plain_text(submitted)
    return before if text == plain_text(before) else text


def _order(value: str, index: int) -> int:
    try:
        return int(value)
    except ValueError:
        raise FormError(f"story {index + 1}: the order must be a whole number, "
                        f"not {value!r}") from None


def _form_version(form: Mapping[str, str]) -> int:
    """The edition's version the form was made from; 0 (no version matches it, so the
    form is refused as stale) when the form carries none."""
    value = form.get("version", "")
    return int(value) if value.isascii() and value.isdigit() else 0


def _version_param(edition_id: str, value: str | None) -> int | None:
    """The `?version=` asked for (None: the latest); a number past any version is refused."""
    if not value or not value.isdigit() or int(value) == 0:
        return None
    if int(value) > MAX_INTEGER:
        raise NewsdeskError(f"edition {edition_id} has no version {value}")
    return int(value)


def _status_of(error: NewsdeskError) -> int:
    """400 for a bad form, 404 for an unknown edition (`editions` says "no edition ..."),
    409 for a stale form or an action the edition's state refuses."""
    if isinstance(error, FormError):
        return 400
    return 404 if str(error).startswith("no edition") else 409


def _see(edition_id: str, done: str) -> RedirectResponse:
    """After a POST, back to the edition page (303), with a fixed notice."""
    return RedirectResponse(f"/editions/{edition_id}?done={done}", status_code=303)


def _listing(row: dict[str, Any]) -> dict[str, Any]:
    """An edition's row (`review.edition_rows`) with its times to the minute."""
    return row | {"created": _minute(row["created"]), "published": _minute(row["published"])}


def _minute(moment: str | None) -> str:
    """A stored ISO time to the minute, UTC ('2025-03-14 09:00'); '' for none."""
    return (moment or "")[:16].replace("T", " ")


def _form_stories(edition: Edition) -> list[dict[str, Any]]:
    """Each story of the edition with its form index, section and order."""
    stories = []
    for index, story in enumerate(edition.leads + edition.also):
        section = "lead" if index < len(edition.leads) else "also"
        order = index + 1 if section == "lead" else index - len(edition.leads) + 1
        stories.append({"index": index, "story": story, "section": section, "order": order})
    return stories


@cache
def _asset(package: str, name: str) -> bytes:
    """A file of `newsdesk.<package>`'s templates folder."""
    return (resources.files(f"newsdesk.{package}") / "templates" / name).read_bytes()


@cache
def _templates() -> Environment:
    env = Environment(loader=PackageLoader("newsdesk.deskapp", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["text"] = plain_text
    env.globals.update(citation_link=citation_link, dateline=edition_dateline,
                       language_tag=language_tag)
    return env
