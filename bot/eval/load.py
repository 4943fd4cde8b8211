"""Load on Rasa's REST channel: concurrent conversations in sv / nb / en, bounded in count and time.

    .venv-web/bin/python -m bot.eval.load --url http://127.0.0.1:5005 [--url ...] \
        [--conversations 50] [--messages 20] [--mode saturation|paced] [--interval 5] \
        [--pids PID,PID] [--label NAME]

saturation: each conversation sends its next message when the last answer arrives (the figure
is throughput); paced: each conversation sends one message every --interval seconds, as people
type (the figure is latency). Loopback addresses only. Peak memory is each --pid's VmHWM.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
import uuid
from http import HTTPStatus
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import aiohttp

MESSAGES = {
    "sv": ["hej", "ja jag kan prata", "jag är 16", "vad är hedersförtryck", "vem kan jag prata med",
           "tack", "min pappa kollar min mobil", "vad gör socialtjänsten", "hejdå"],
    "nb": ["hei", "ja jeg kan chatte", "jeg er 17", "hva er negativ sosial kontroll",
           "hvem kan jeg snakke med", "takk", "hva gjør barnevernet", "ha det"],
    "en": ["hi", "yes i can talk", "i'm a teacher", "what is forced marriage", "who can i call",
           "thanks", "how do i report concern about a pupil", "bye"],
}


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lost: int = 0


def _loopback(url: str) -> str:
    host = urlparse(url).hostname or ""
    if not (host.startswith("127.") or host in ("localhost", "::1")):
        raise SystemExit(f"refusing {url}: load goes to loopback addresses only")
    return url.rstrip("/") + "/webhooks/rest/webhook"


async def conversation(session: aiohttp.ClientSession, url: str, n: int, paced: float,
                       result: Result, deadline: float, rng: random.Random) -> None:
    language = rng.choice(list(MESSAGES))
    sender = f"load-{uuid.uuid4().hex}"
    if paced:
        await asyncio.sleep(rng.uniform(0, paced))  # spread the starts
    for i in range(n):
        if time.monotonic() > deadline:
            return
        text = MESSAGES[language][i % len(MESSAGES[language])]
        start = time.perf_counter()
        try:
            async with session.post(url, json={"sender": sender, "message": text}) as response:
                body = await response.json() if response.status == HTTPStatus.OK else None
            elapsed = time.perf_counter() - start
            if response.status != HTTPStatus.OK:
                result.errors += 1
            else:
                # An empty answer was still processed (its latency counts); for Stödlotsen, which
                # answers every message, it is a lost reply. Stock Rasa's mood bot says nothing to
                # much of this script's text: that is its answer, not a failure.
                result.latencies.append(elapsed)
                result.lost += not body
        except (aiohttp.ClientError, asyncio.TimeoutError):
            result.errors += 1
        if paced:
            await asyncio.sleep(max(0.0, paced - (time.perf_counter() - start)))


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else float("nan")


async def run(urls: list[str], conversations: int, messages: int, paced: float, max_seconds: float,
              seed: int) -> tuple[Result, float]:
    result = Result()
    rng = random.Random(seed)
    deadline = time.monotonic() + max_seconds
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=conversations)) as s:
        start = time.perf_counter()
        # Conversations are dealt out evenly over the servers. The gateway spreads them by a
        # hash of their id, which evens out over many conversations; over 50, a hash split is
        # a lottery (in one run the two servers spent 11 and 7 ms CPU per message), and so was
        # the figure (76 and 86 messages/s in two runs of the same code).
        await asyncio.gather(*(conversation(s, urls[i % len(urls)], messages, paced, result, deadline, rng)
                               for i in range(conversations)))
        return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", required=True)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--mode", choices=["saturation", "paced"], default="saturation")
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--pids", default="")
    parser.add_argument("--label", default="")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    urls = [_loopback(u) for u in args.url]
    paced = args.interval if args.mode == "paced" else 0.0
    pids = [int(p) for p in args.pids.split(",") if p]
    cpu_before = [cpu_seconds(p) for p in pids]
    result, seconds = asyncio.run(run(urls, args.conversations, args.messages, paced,
                                      args.max_seconds, args.seed))
    done = len(result.latencies)
    memory = ", ".join(f"{peak_rss_mb(p):.0f} MB" for p in pids)
    cpu = ", ".join(f"{1000 * (cpu_seconds(p) - b) / max(done, 1):.0f}" for p, b in zip(pids, cpu_before))
    print(f"| {args.label or args.mode} | {args.mode} | {done / seconds:.1f} | {pct(result.latencies, 50):.0f} | "
          f"{pct(result.latencies, 95):.0f} | {pct(result.latencies, 99):.0f} | {result.errors} | "
          f"{result.lost} | {cpu or '–'} | {memory or '–'} |")


if __name__ == "__main__":
    main()
