"""`newsdesk serve`: the editor's desk in a browser (review, edit, approve, publish)."""

from __future__ import annotations

import ipaddress
import threading
from typing import TYPE_CHECKING

import typer

from newsdesk.cli.context import console, opened_store
from newsdesk.errors import NewsdeskError

if TYPE_CHECKING:
    import socket

    from newsdesk.config import Settings
    from newsdesk.store import Store
    from newsdesk.worker.stopping import StopSignal


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (where only this machine can connect)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on host:port; a one-line error when the port is taken."""
    import socket

    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except socket.gaierror as exc:
        raise NewsdeskError(f"cannot listen on {host}: {exc.strerror}") from None
    except OSError as exc:
        raise NewsdeskError(f"cannot listen on {host}:{port}: {exc.strerror or exc} "
                            "(choose another --port)") from None


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the app."""

    @app.command()
    def serve(
        host: str = typer.Option("127.0.0.1", help="Address to listen on."),
        port: int = typer.Option(8765, min=1, max=65535, help="Port to listen on."),
        allow_remote: bool = typer.Option(
            False, "--allow-remote",
            help="Listen on a non-loopback address (the desk has no accounts: put it "
                 "behind an authenticating proxy).",
        ),
        allowed_host: list[str] = typer.Option(
            None, "--allowed-host", metavar="NAME",
            help="Another Host name the desk answers to (repeatable), e.g. the proxy's "
                 "desk.example.org; by default only the address and localhost on the port.",
        ),
        worker: bool = typer.Option(
            False, "--worker", help="Also run the worker loop (fetch, cluster, editions) "
                                    "in this process."),
    ) -> None:
        """Serve the editor's desk: review, edit, approve and publish editions in a browser."""
        from newsdesk.deskapp.hosts import AllowedHosts

        if not is_loopback(host) and not allow_remote:
            raise NewsdeskError(f"{host} is reachable from other machines and the desk has no "
                                "accounts; use --allow-remote behind an authenticating proxy")
        try:
            names = AllowedHosts.for_address(host, port, allowed_host or ())
        except ValueError as exc:
            raise NewsdeskError(f"--allowed-host: {exc}") from None
        import uvicorn

        from newsdesk.deskapp.app import create_app

        listener = listening_socket(host, port)
        with listener, opened_store() as (settings, store):
            console().print(f"editor's desk on http://{_url_host(host)}:{port}/ (Ctrl-C to stop)")
            background = _start_worker(settings, store) if worker else None
            server = uvicorn.Server(uvicorn.Config(
                create_app(settings, store, allowed_hosts=names), log_level="warning"))
            try:
                server.run(sockets=[listener])
            finally:
                if background is not None:
                    background[1].event.set()
                    background[0].join(timeout=10)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _start_worker(settings: Settings, store: Store) -> tuple[threading.Thread, StopSignal]:
    """Run the worker loop in a thread beside the desk app (see `newsdesk worker`)."""
    from newsdesk.cli.worker import log_to_stderr
    from newsdesk.worker import WorkerOptions, start_worker_thread

    log_to_stderr()
    return start_worker_thread(settings, store, WorkerOptions())
