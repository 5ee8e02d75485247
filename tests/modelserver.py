"""A chat-completions endpoint on 127.0.0.1 for the LLM writer's tests: real HTTP, the
answers scripted (no model runs here)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def numbered(request: dict) -> dict[int, str]:
    """The numbered source sentences the writer sent, by number."""
    text = request["messages"][1]["content"]
    lines = [line for line in text.splitlines() if line.startswith("[")]
    return {int(line[1:line.index("]")]): line.split(") ", 1)[1] for line in lines}


ECHO = "<echo the first source sentence>"


def writer_table(endpoint: str, model: str = "test-model") -> str:
    """A desk file's `[writer]` table for the model behind `endpoint`."""
    return f'\n[writer]\nbackend = "llm"\nendpoint = "{endpoint}"\nmodel = "{model}"\n'


class ModelServer:
    """A chat-completions endpoint on 127.0.0.1 that answers from a script."""

    def __init__(self) -> None:
        self.replies: list[tuple[int, str]] = []
        self.otherwise: tuple[int, str] = (500, "")  # once the script runs out
        self.requests: list[tuple[dict, dict]] = []
        self.delay = 0.0  # seconds to think before answering
        self.on_request: Callable[[], None] | None = None  # called as each request arrives
        self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if server.on_request is not None:
                    server.on_request()
                with server._lock:
                    server.requests.append((dict(self.headers), json.loads(body)))
                    status, content = (server.replies.pop(0) if server.replies
                                       else server.otherwise)
                    server.in_flight += 1
                    server.most_in_flight = max(server.most_in_flight, server.in_flight)
                time.sleep(server.delay)
                with server._lock:
                    server.in_flight -= 1
                if content == ECHO:  # copy the first source sentence back, cited
                    first = sorted(numbered(json.loads(body)).items())[0]
                    content = f"HEADLINE: x\n{first[1]} [{first[0]}]"
                payload = (json.dumps({"choices": [{"message": {"role": "assistant",
                                                                "content": content}}]})
                           if status == 200 else content).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, content: str, status: int = 200) -> None:
        self.replies.append((status, content))

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
