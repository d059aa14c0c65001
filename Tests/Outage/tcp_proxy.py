#!/usr/bin/env python3
"""A loopback TCP proxy that a test can take down and bring back, to stand for a database outage.

Usage: tcp_proxy.py LISTEN_PORT TARGET_HOST TARGET_PORT
Prints "ready" once listening. Reads commands on stdin, one per line:
  down  stop listening and cut every open connection (clients see resets and refused connects)
  up    listen again
Each command is acknowledged with a line "down" or "up".
"""
import asyncio
import sys


async def main() -> None:
    listen_port, target_host, target_port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    connections: set = set()
    server = None

    async def pipe(reader, writer) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError, OSError):
            pass
        finally:
            writer.transport.abort()

    async def handle(client_reader, client_writer) -> None:
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_writer.transport.abort()
            return
        pair = (client_writer, upstream_writer)
        connections.add(pair)
        try:
            await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
        finally:
            connections.discard(pair)

    async def up() -> None:
        nonlocal server
        server = await asyncio.start_server(handle, "127.0.0.1", listen_port, reuse_address=True)

    def down() -> None:
        nonlocal server
        if server is not None:
            server.close()
            server = None
        for client, upstream in list(connections):
            client.transport.abort()
            upstream.transport.abort()
        connections.clear()

    await up()
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            down()
            return
        command = line.strip()
        if command == "down":
            down()
        elif command == "up" and server is None:
            await up()
        print(command, flush=True)


asyncio.run(main())
