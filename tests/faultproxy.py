"""A TCP proxy a test (or tools/load.py) puts between the app and PostgreSQL or Redis, and breaks on purpose.

    proxy = FaultProxy("127.0.0.1", 5432).start()   # listens on 127.0.0.1:proxy.port
    proxy.cut()        # close every open connection and refuse new ones (the server is "down")
    proxy.restore()    # listen again on the same port; the app reconnects by itself
    proxy.delay = 1.0  # hold each chunk a second (a hung server); 0 to stop
    proxy.reset()      # drop open connections with a TCP reset, keep accepting new ones
    proxy.held         # how many of the app's requests ``delay`` has held (its waits on a hung server)
    proxy.wait_until_held(1)  # a test waits on that happening, not on the clock

Threads, not asyncio, so it runs beside Django's synchronous test client and gunicorn alike. Loopback only.
"""

import contextlib
import socket
import struct
import threading
import time


class FaultProxy:
    def __init__(self, target_host: str, target_port: int, *, host: str = "127.0.0.1"):
        self.target = (target_host, int(target_port))
        self.host = host
        self.port = 0
        self.delay = 0.0
        self.held = 0
        self._held_changed = threading.Condition()
        self._listener: socket.socket | None = None
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._lock = threading.Lock()

    def start(self) -> "FaultProxy":
        self._listen()
        return self

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            _shut(listener)  # wakes the thread blocked in accept()
        self._drop_all(reset=False)

    def reset(self) -> None:
        self._drop_all(reset=True)

    def restore(self) -> None:
        self.delay = 0.0
        if self._listener is None:
            self._listen()

    def close(self) -> None:
        self.cut()

    def wait_until_held(self, count: int, *, timeout: float = 30.0) -> bool:
        """Whether ``delay`` has held ``count`` requests from the app; the timeout only stops a broken test hanging."""
        with self._held_changed:
            return self._held_changed.wait_for(lambda: self.held >= count, timeout)

    def __enter__(self) -> "FaultProxy":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))  # port 0 the first time; the same port after a cut
        listener.listen(256)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # cut or closed
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            for source, sink in ((client, upstream), (upstream, client)):
                from_app = source is client
                threading.Thread(target=self._pump, args=(source, sink, pair, from_app), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, pair, from_app: bool) -> None:
        try:
            while data := source.recv(65536):
                if self.delay:
                    if from_app:  # counted before the hold, so a test sees the app waiting while it waits
                        with self._held_changed:
                            self.held += 1
                            self._held_changed.notify_all()
                    time.sleep(self.delay)
                sink.sendall(data)
        except OSError:
            pass
        self._drop(pair, reset=False)

    def _drop_all(self, *, reset: bool) -> None:
        with self._lock:
            pairs = list(self._pairs)
        for pair in pairs:
            self._drop(pair, reset=reset)

    def _drop(self, pair, *, reset: bool) -> None:
        with self._lock:
            if pair not in self._pairs:
                return
            self._pairs.discard(pair)
        for sock in pair:
            if reset:  # linger 0: close() sends RST instead of FIN
                with contextlib.suppress(OSError):
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            _shut(sock, how=socket.SHUT_RD if reset else socket.SHUT_RDWR)


def _shut(sock: socket.socket, how: int = socket.SHUT_RDWR) -> None:
    """Shutting down first wakes a thread blocked on the socket, which a bare close() does not."""
    with contextlib.suppress(OSError):
        sock.shutdown(how)
    sock.close()
