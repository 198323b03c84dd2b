"""The server: waitress (a small, pure-Python WSGI server that runs the same on Windows), serving
the application of one workspace, on a port of its own choosing unless told."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from waitress.server import create_server

from generator.web.app import create_app
from generator.web.guard import Guard

THREADS = 8


class Server:
    """A server for `workspace`, listening on `host`:`port` (0: a free port) once made."""

    def __init__(self, workspace: Path, host: str = "127.0.0.1", port: int = 0, password: str | None = None,
                 token: str | None = None) -> None:
        self.guard = Guard(host, 0, password=password)
        if token:
            self.guard.token = token
        self._app = create_app(workspace, self.guard)
        self._server = create_server(self._dispatch, host=host, port=port, threads=THREADS, ident="taskdoc",
                                     clear_untrusted_proxy_headers=True)
        self.guard.port = int(getattr(self._server, "effective_port", port))  # one address: one port
        self._thread: threading.Thread | None = None

    def _dispatch(self, environ: dict[str, Any], start_response: Any) -> Any:
        return self._app(environ, start_response)

    @property
    def port(self) -> int:
        return self.guard.port

    @property
    def url(self) -> str:
        """The address to open, with the token."""
        return self.guard.url()

    def run(self) -> None:
        """Serve until interrupted (Ctrl+C) or closed."""
        self._server.run()

    def start(self) -> Server:
        """Serve in a background thread (for tests)."""
        self._thread = threading.Thread(target=self.run, name="taskdoc-server", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving. A server running in a thread is stopped from inside its own loop, which is
        emptied so that it returns; its sockets are closed only then, once its workers are done
        (closing them while the loop waits on them fails with a bad file descriptor)."""
        server: Any = self._server
        if self._thread is None or not self._thread.is_alive():
            server.close()
            return
        dispatchers: list[Any] = []

        def stop() -> None:
            dispatchers.extend(server._map.values())
            server._map.clear()

        server.trigger.pull_trigger(stop)
        self._thread.join(timeout=5)
        server.task_dispatcher.shutdown()
        for dispatcher in dispatchers:
            dispatcher.close()
