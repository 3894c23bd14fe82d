"""An SMTP sink for ``bench_newsletters``: a minimal SMTP server on loopback that accepts and counts every message,
in a process of its own (so the benchmark's sender does not share its interpreter).

The tests use aiosmtpd, a whole server; it reads a message line by line in Python, which on this machine took more
time than the sender spent making and sending the copy, so it measured itself. This one reads DATA in blocks and
looks only for the end of the message. ``python -m newsletters.management.commands._sink PORT``; prints
``{"messages": N, "bytes": B}`` when stopped with SIGTERM.
"""

import asyncio
import json
import signal
import sys

END = b"\r\n.\r\n"


class Sink(asyncio.Protocol):
    counted = {"messages": 0, "bytes": 0}

    def connection_made(self, transport):
        self.transport, self.buffer, self.in_data = transport, b"", False
        transport.write(b"220 sink ESMTP\r\n")

    def data_received(self, data: bytes):
        self.buffer += data
        while True:
            if self.in_data:
                end = self.buffer.find(END)
                if end < 0:
                    return
                self.counted["messages"] += 1
                self.counted["bytes"] += end
                self.buffer, self.in_data = self.buffer[end + len(END) :], False
                self.transport.write(b"250 OK queued\r\n")
                continue
            line, found, rest = self.buffer.partition(b"\r\n")
            if not found:
                return
            self.buffer = rest
            self.command(line[:4].upper())

    def command(self, verb: bytes):
        if verb == b"EHLO":
            self.transport.write(b"250-sink\r\n250-8BITMIME\r\n250-PIPELINING\r\n250 SIZE 52428800\r\n")
        elif verb == b"DATA":
            self.in_data = True
            self.transport.write(b"354 End data with <CR><LF>.<CR><LF>\r\n")
        elif verb == b"QUIT":
            self.transport.write(b"221 Bye\r\n")
            self.transport.close()
        else:  # HELO, MAIL, RCPT, RSET, NOOP
            self.transport.write(b"250 OK\r\n")


async def serve(port: int):
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    server = await loop.create_server(Sink, "127.0.0.1", port)
    print("ready", flush=True)
    await stop
    server.close()
    print(json.dumps(Sink.counted), flush=True)


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
