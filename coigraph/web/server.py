"""Running the app: uvicorn in the foreground (``coigraph serve``), or in a thread (tests, benchmark)."""

from __future__ import annotations

import socket
import threading
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from coigraph.web.security import check_bind


def _config(app: Any, host: str, port: int, log_level: str) -> Any:
    import uvicorn

    # proxy headers off: nothing in front of the app may rewrite who is asking or which host
    return uvicorn.Config(app, host=host, port=port, log_level=log_level, proxy_headers=False,
                          server_header=False, date_header=True, access_log=log_level == "info")


def serve(app: Any, *, open_browser: bool = True, log_level: str = "warning",
          ready: Callable[[str], None] | None = None) -> None:
    """Serve ``app`` (from :func:`~coigraph.web.create_app`, at the host and port it was made for)
    until Ctrl-C; open the browser on its home page once it listens."""
    import uvicorn

    host, port = app.state.host, app.state.port
    check_bind(host, authentication=getattr(app.state, "users", None) is not None)
    server = uvicorn.Server(_config(app, host, port, log_level))
    address = app.state.address
    if open_browser or ready:
        def when_up() -> None:
            while not server.started and not server.should_exit:
                time.sleep(0.05)
            if server.started:
                if ready:
                    ready(address)
                if open_browser:
                    webbrowser.open(address)

        threading.Thread(target=when_up, daemon=True).start()
    server.run()


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on now (for tests)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` in a background thread (at the host and port it was made for); yields its
    address; stops it on exit."""
    import uvicorn

    host, port = app.state.host, app.state.port
    check_bind(host, authentication=getattr(app.state, "users", None) is not None)
    server = uvicorn.Server(_config(app, host, port, "warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    try:
        yield app.state.address
    finally:
        server.should_exit = True
        thread.join(10)


__all__ = ["serve", "running", "free_port"]
