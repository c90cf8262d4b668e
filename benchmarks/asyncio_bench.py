#!/usr/bin/env python3
"""The asyncio anchor: the same operations as WeftBench, in CPython's asyncio (standard library only).

Each timed repetition is one batch of operations in a fresh asyncio.run(), timed with time.perf_counter_ns()
inside the running loop; a figure is the median over the repetitions of (batch time / operations). Figure 6 (memory per suspended
task) uses tracemalloc: it counts every byte Python's allocators hand out, so the figure is the Python
heap the tasks hold (tracemalloc's own bookkeeping is not counted).

    python3 benchmarks/asyncio_bench.py [--quick | --smoke] [--out FILE] [--tasks N] [--reps R]

Writes JSON: {"python": ..., "figures": {"fastPathAwait": {"unit": "ns/op", "samples": [...]}, ...}}.
"""

import argparse
import asyncio
import gc
import json
import platform
import sys
import time
import tracemalloc

DEPTH = 1000


# -------------------------------------------------------------------------------------- the operations

async def fast_path(n):
    """1: await an already-completed future."""
    done = asyncio.get_running_loop().create_future()
    done.set_result(1)
    s = 0
    for _ in range(n):
        s += await done
    return s


async def child(i):
    """A coroutine that could suspend (the branch is never taken) and returns at once."""
    if i < 0:
        await asyncio.sleep(0)
    return i + 1


async def await_child(n):
    """2: await a child coroutine that returns without suspending."""
    s = 0
    for i in range(n):
        s += await child(i)
    return s


async def yield_and_back(n):
    """3: asyncio.sleep(0): to the loop and back."""
    for _ in range(n):
        await asyncio.sleep(0)
    return n


async def ping_pong(n):
    """4: two tasks handing a value back and forth through futures; one op = one round trip."""
    loop = asyncio.get_running_loop()
    box = {"request": loop.create_future(), "reply": None}

    async def pong():
        for _ in range(n):
            v = await box["request"]
            box["request"] = loop.create_future()
            box["reply"].set_result(v + 1)

    other = asyncio.create_task(pong())
    s = 0
    for i in range(n):
        reply = loop.create_future()
        box["reply"] = reply
        box["request"].set_result(i)
        s += await reply
    await other
    return s


async def spawn_and_await(n):
    """5: create_task and await its result."""
    s = 0
    for i in range(n):
        s += await asyncio.create_task(child(i))
    return s


async def chain(depth):
    if depth == 0:
        await asyncio.sleep(0)
        return 0
    return await chain(depth - 1) + 1


async def deep_chain(chains):
    """7: chains of nested awaits DEPTH deep, suspending at the bottom; one op = one whole chain."""
    s = 0
    for _ in range(chains):
        s += await chain(DEPTH)
    return s


# name in the report, the batch function, ops per batch (full), ops per batch (quick): about 70 ms per full batch
FIGURES = [
    ("fastPathAwait", fast_path, 2_000_000, 500_000),
    ("awaitChild", await_child, 1_000_000, 250_000),
    ("yieldAndBack", yield_and_back, 50_000, 12_000),
    ("pingPong", ping_pong, 20_000, 5_000),
    ("spawnAndAwait", spawn_and_await, 20_000, 5_000),
    ("deepChain", deep_chain, 500, 120),
]


async def timed(fn, ops):
    start = time.perf_counter_ns()
    await fn(ops)
    return time.perf_counter_ns() - start


def time_batch(fn, ops):
    """One batch in a fresh event loop; the loop's creation and shutdown are not timed."""
    gc.collect()
    return asyncio.run(timed(fn, ops)) / ops


# -------------------------------------------------------------------------------------- 6. memory

async def suspended_tasks(n):
    """n tasks, each suspended on its own never-completed future; returns traced bytes per task."""
    loop = asyncio.get_running_loop()
    keep = [None] * n  # allocated before the first measurement, like the JVM variants' array
    started = 0

    async def waiter(fut):
        nonlocal started
        started += 1
        await fut

    gc.collect()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        fut = loop.create_future()
        keep[i] = fut
        asyncio.create_task(waiter(fut))  # the future's callback (the task's wake-up) keeps the task alive
    await asyncio.sleep(0)  # every task runs up to its await
    if started != n:
        raise RuntimeError(f"only {started} of {n} tasks reached their await")
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    for fut in keep:
        fut.set_result(None)
    await asyncio.sleep(0)
    return (after - before) / n


def memory_per_task(n):
    asyncio.run(suspended_tasks(min(n, 1000)))  # warm-up: imports, code objects, free lists
    tracemalloc.start()
    try:
        return asyncio.run(suspended_tasks(n))
    finally:
        tracemalloc.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer and smaller repetitions")
    parser.add_argument("--out", help="write the JSON here (default: stdout)")
    parser.add_argument("--tasks", type=int, default=1_000_000, help="tasks for the memory figure")
    parser.add_argument("--reps", type=int, default=None, help="timed repetitions per figure")
    parser.add_argument("--smoke", action="store_true", help="tiny batches, one repetition: only checks it runs")
    args = parser.parse_args()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * DEPTH))
    reps = args.reps or (1 if args.smoke else 5 if args.quick else 21)

    figures = {}
    for name, fn, full_ops, quick_ops in FIGURES:
        ops = 2 if args.smoke and name == "deepChain" else 100 if args.smoke else quick_ops if args.quick else full_ops
        time_batch(fn, ops)  # warm-up
        samples = [time_batch(fn, ops) for _ in range(reps)]
        figures[name] = {"unit": "ns/op", "opsPerRep": ops, "samples": samples}
        print(f"asyncio: {name:14s} {sorted(samples)[len(samples) // 2]:12.1f} ns/op", file=sys.stderr)

    mem_reps = 1 if args.quick or args.smoke else 3
    mem = [memory_per_task(args.tasks) for _ in range(mem_reps)]
    figures["memoryPerTask"] = {"unit": "B/task", "tasks": args.tasks, "samples": mem}
    print(f"asyncio: memoryPerTask  {sorted(mem)[len(mem) // 2]:12.1f} B/task ({args.tasks} tasks, tracemalloc)",
          file=sys.stderr)

    result = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "reps": reps,
        "figures": figures,
    }
    text = json.dumps(result, indent=1)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
