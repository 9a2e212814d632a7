"""Bytes on the wire between a real browser and the app, counted by a loopback TCP proxy.

The browser talks to the proxy, the proxy to the app: every byte the server sends is counted as it
is sent (compressed if the websocket negotiated permessage-deflate, gzip where HTTP uses it),
split into the websocket (Streamlit's messages, the maps among them) and plain HTTP (the page,
scripts, the static base layers). Loopback only; used by bench/benchmark.py.
"""
from __future__ import annotations

import asyncio
import threading
from contextlib import contextmanager
from urllib.parse import urlparse


class CountingProxy:
    """A TCP proxy on 127.0.0.1 that counts server-to-browser bytes per kind ("ws" or "http")."""

    def __init__(self, target_url: str) -> None:
        u = urlparse(target_url)
        self.host, self.port = u.hostname, u.port
        self.down = {"ws": 0, "http": 0}
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    def reset(self) -> None:
        self.down = {"ws": 0, "http": 0}

    async def _pipe(self, reader, writer, kind: str | None) -> None:
        try:
            while data := await reader.read(65536):
                if kind:
                    self.down[kind] += len(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_r, client_w) -> None:
        try:
            first = await client_r.read(65536)
            kind = "ws" if first.startswith(b"GET /_stcore/stream") else "http"
            server_r, server_w = await asyncio.open_connection(self.host, self.port)
            server_w.write(first)
            await server_w.drain()
            await asyncio.gather(self._pipe(client_r, server_w, None), self._pipe(server_r, client_w, kind))
        except (ConnectionError, asyncio.CancelledError):
            client_w.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"
        self._ready.set()
        self._loop.run_forever()
        self._loop.close()

    async def _shutdown(self) -> None:
        """Stop listening, end every open connection."""
        self._server.close()
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    @contextmanager
    def running(self):
        t = threading.Thread(target=self._run, daemon=True)
        t.start()
        self._ready.wait(10)
        try:
            yield self
        finally:
            asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            t.join(10)
