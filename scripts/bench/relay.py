#!/usr/bin/env python3
"""A TCP relay that holds every HTTP request for a fixed delay before passing it on, as a
region-distant S3 endpoint adds a round trip to each request.

Usage: relay.py LISTEN_PORT TARGET_PORT DELAY_MS PORT_FILE

It listens on 127.0.0.1:LISTEN_PORT (0 for any free port, written to PORT_FILE) and forwards to
127.0.0.1:TARGET_PORT. The first bytes a client sends after the server last answered (the start of
a request) wait DELAY_MS; the rest of the request and every answer pass at once.
"""
import asyncio
import sys


async def pipe_to_server(reader, writer, state, delay):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if not state["in_request"]:
                state["in_request"] = True
                await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def pipe_to_client(reader, writer, state):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            state["in_request"] = False
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main():
    listen, target, delay_ms, port_file = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    delay = delay_ms / 1000.0

    async def handle(client_reader, client_writer):
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        state = {"in_request": False}
        await asyncio.gather(pipe_to_server(client_reader, server_writer, state, delay),
                             pipe_to_client(server_reader, client_writer, state))

    server = await asyncio.start_server(handle, "127.0.0.1", listen, backlog=1024)
    with open(port_file, "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    async with server:
        await server.serve_forever()


asyncio.run(main())
