"""The asyncio anchors of the request/response benchmark (benchmarks/net/run): a line echo with asyncio streams.

    python3 benchmarks/net/echo_server.py PORT [--uvloop]

Each connection is a coroutine that reads a line (reader.readline()), writes it back and awaits drain(), on the
default event loop or, with --uvloop, on uvloop's (uvloop.install()). Prints "listening on PORT" once it
accepts, then serves until it is stopped.
"""
import argparse
import asyncio
import sys


async def echo(reader, writer):
    try:
        while True:
            line = await reader.readline()
            if not line:
                break
            writer.write(line)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(echo, "127.0.0.1", port, backlog=1024)
    print(f"listening on {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("port", type=int)
    p.add_argument("--uvloop", action="store_true")
    args = p.parse_args()
    if args.uvloop:
        import uvloop
        uvloop.install()
    try:
        asyncio.run(main(args.port))
    except KeyboardInterrupt:
        sys.exit(0)
