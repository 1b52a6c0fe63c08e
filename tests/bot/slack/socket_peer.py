"""Slack's end of a Socket Mode connection, on 127.0.0.1: a WebSocket server that sends envelopes.

Just enough of RFC 6455 for slack_sdk's built-in client: the opening handshake, unmasked text
frames out, masked frames in (text, ping, close). Slack's Socket Mode protocol on top: a `hello`,
then envelopes `{envelope_id, type, payload, ...}`, each acknowledged by the app with a frame
carrying the same `envelope_id` and, for a slash command or a form, the ack's payload.
"""

from __future__ import annotations

import base64
import hashlib
import json
import queue
import socket
import struct
import subprocess
import threading
import time
from typing import Any

WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455, section 1.3
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA
WAIT_S = 60.0  # a bound on waits that end at once when the connection or the ack comes
POLL_S = 0.05


class SocketPeer:
    """Accepts Socket Mode connections; `send` an envelope on the latest, `ack_for` its acknowledgement."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._acks: queue.Queue[dict[str, Any]] = queue.Queue()
        self._connected = threading.Event()
        self._conn: socket.socket | None = None
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._send_lock = threading.Lock()

    @property
    def url(self) -> str:
        """What apps.connections.open returns: where the client connects."""
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=test-ticket"

    def __enter__(self) -> SocketPeer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        if self._conn is not None:
            self._conn.close()

    def wait_connected(self, process: subprocess.Popen[str] | None = None) -> None:
        """Until the app has connected and been greeted; fail at once if `process` exits first.

        The app connects once it has started (imports, migrations, auth.test), which on a loaded
        machine takes far longer than usual: the wait is bounded, not short.
        """
        deadline = time.monotonic() + WAIT_S
        while not self._connected.wait(POLL_S):
            if process is not None and process.poll() is not None:
                raise AssertionError(f"the app exited with status {process.returncode} before connecting")
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not open a Socket Mode connection")

    def send(self, envelope_id: str, kind: str, payload: dict[str, Any], **extra: Any) -> None:
        """Deliver one envelope, as Slack does."""
        envelope = {"envelope_id": envelope_id, "type": kind, "payload": payload}
        self._send_frame(TEXT, json.dumps(envelope | extra).encode())

    def ack_for(self, envelope_id: str) -> dict[str, Any]:
        """The app's acknowledgement of one envelope (bounded wait)."""
        while True:
            ack = self._acks.get(timeout=WAIT_S)
            if ack.get("envelope_id") == envelope_id:
                return ack

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return  # the peer is closed
            threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        try:
            self._handshake(conn)
            self._conn = conn
            self._send_frame(TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode())
            self._connected.set()
            self._read_frames(conn)
        except OSError:
            return  # the app closed the connection

    def _handshake(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(1024)
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        digest = hashlib.sha1((headers["Sec-WebSocket-Key"] + WEBSOCKET_GUID).encode()).digest()
        accept = base64.b64encode(digest).decode()
        conn.sendall(
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Accept: {accept}\r\n\r\n".encode()
        )

    def _read_frames(self, conn: socket.socket) -> None:
        while True:
            opcode, data = _read_frame(conn)
            if opcode == TEXT:
                self._acks.put(json.loads(data))
            elif opcode == PING:
                self._send_frame(PONG, data)
            elif opcode == CLOSE:
                return

    def _send_frame(self, opcode: int, data: bytes) -> None:
        if self._conn is None:
            raise RuntimeError("no Socket Mode connection yet")
        length = len(data)
        if length < 126:
            header = struct.pack("!BB", 0x80 | opcode, length)
        elif length < 1 << 16:
            header = struct.pack("!BBH", 0x80 | opcode, 126, length)
        else:
            header = struct.pack("!BBQ", 0x80 | opcode, 127, length)
        with self._send_lock:
            self._conn.sendall(header + data)


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise OSError("connection closed")
        data += chunk
    return data


def _read_frame(conn: socket.socket) -> tuple[int, bytes]:
    first, second = _read_exactly(conn, 2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", _read_exactly(conn, 2))
    elif length == 127:
        (length,) = struct.unpack("!Q", _read_exactly(conn, 8))
    mask = _read_exactly(conn, 4) if second & 0x80 else b"\0\0\0\0"
    data = bytes(byte ^ mask[i % 4] for i, byte in enumerate(_read_exactly(conn, length)))
    return first & 0x0F, data
