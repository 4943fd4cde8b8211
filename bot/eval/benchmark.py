"""The load figures of scripts/benchmark: stock Rasa beside the project, in the same run.

    python -m bot.eval.benchmark --model MODEL --stock DIR [--conversations 50] [--messages 20]
        [--walk-conversations 1000] [--walk-turns 15]

Stock Rasa (the `rasa init` bot in DIR), then the project on its embedded defaults, then the
scaled set-up (RASA_PROCESSES Rasa servers on PostgreSQL and Redis, when the machine has them),
each started as bot.launch starts it, one at a time on the shared cores. For each: a saturation
run (the figure is throughput) and a paced run (latency) by bot.eval.load, printed as one
Markdown table. Then a long random walk (bot.eval.random_walk) on the embedded stack: how many
conversations and turns it tried, and the problems it found.
"""
from __future__ import annotations

import argparse
import os
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from bot.eval.random_walk import rest_sender, run as walk
from bot.launch.services import SERVER_ENV, VENV, WEB_VENV, Layout, Service, stack
from bot.launch.supervisor import Supervisor
from bot.paths import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(urls: list[str], pids: list[int], label: str, mode: str, conversations: int, messages: int) -> None:
    python = WEB_VENV if WEB_VENV.exists() else VENV
    argv = [str(python), "-m", "bot.eval.load", "--mode", mode, "--conversations", str(conversations),
            "--messages", str(messages), "--pids", ",".join(map(str, pids)), "--label", label]
    for url in urls:
        argv += ["--url", url]
    subprocess.run(argv, cwd=ROOT, check=True)


def measured(supervisor: Supervisor, urls: list[str], label: str, args: argparse.Namespace,
             names: list[str]) -> None:
    pids = [supervisor.pid(n) for n in names]
    for mode in ("saturation", "paced"):
        load(urls, pids, label, mode, args.conversations, args.messages)


def stock_service(stock: Path, port: int) -> Service:
    rasa = VENV.parent / "rasa"
    return Service("stock", (str(rasa), "run", "--interface", "127.0.0.1", "--port", str(port)),
                   {**os.environ, **SERVER_ENV}, f"http://127.0.0.1:{port}/", 300, cwd=stock)


def scaled_database() -> Optional[dict[str, str]]:
    """PG_* and REDIS_* for a clean benchmark database, or None when the machine has neither."""
    env = {"PG_HOST": os.environ.get("PG_HOST", "127.0.0.1"), "PG_PORT": os.environ.get("PG_PORT", "5432"),
           "PG_DB": "stodlotsen_benchmark", "PG_USER": os.environ.get("PG_USER", "postgres"),
           "REDIS_HOST": os.environ.get("REDIS_HOST", "127.0.0.1"),
           "REDIS_PORT": os.environ.get("REDIS_PORT", "6379"), "REDIS_DB": "3"}
    try:
        import redis
        import sqlalchemy as sa

        redis.Redis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"])).ping()
        admin = sa.create_engine(f"postgresql://{env['PG_USER']}@{env['PG_HOST']}:{env['PG_PORT']}/postgres",
                                 isolation_level="AUTOCOMMIT")
        with admin.connect() as c:   # a clean store for each run
            c.execute(sa.text(f"DROP DATABASE IF EXISTS {env['PG_DB']}"))
            c.execute(sa.text(f"CREATE DATABASE {env['PG_DB']}"))
    except Exception:  # noqa: BLE001 - any failure means: no scaled set-up on this machine
        return None
    return env


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--stock", type=Path, required=True)
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--walk-conversations", type=int, default=1000)
    parser.add_argument("--walk-turns", type=int, default=15)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="stodlotsen-benchmark-"))
    print("| set-up | run | messages/s | p50 ms | p95 ms | p99 ms | errors | lost | CPU ms/message (Rasa…, actions) | peak memory |")
    print("|---|---|---|---|---|---|---|---|---|---|", flush=True)

    stock_port = free_port()
    stock = Supervisor([stock_service(args.stock, stock_port)], log_dir=work, restart=False)
    stock.start()
    try:
        measured(stock, [f"http://127.0.0.1:{stock_port}"], "stock Rasa (rasa init)", args, ["stock"])
    finally:
        stock.stop()

    embedded = Layout(model=args.model, workdir=work / "embedded", action_port=free_port(),
                      rasa_ports=(free_port(),), web_port=None)
    project = Supervisor(stack(embedded), log_dir=embedded.workdir, restart=False)
    project.start()
    try:
        measured(project, list(embedded.rasa_urls), "Stödlotsen, embedded defaults", args,
                 [f"rasa-{embedded.rasa_ports[0]}", "actions"])
        figures = walk(rest_sender(f"{embedded.rasa_urls[0]}/webhooks/rest/webhook"),
                       args.walk_conversations, args.walk_turns, seed=7)
        print(f"\nRandom walk: {figures.conversations} conversations, {figures.turns} turns "
              f"({figures.danger_turns} danger messages), {len(figures.problems)} problems", flush=True)
        for problem in figures.problems[:5]:
            print(problem)
        print(flush=True)
    finally:
        project.stop()

    database = scaled_database()
    if database is None:
        print("no PostgreSQL or Redis: the scaled set-up is skipped")
        return
    processes = int(os.environ.get("RASA_PROCESSES", "2"))
    url = f"postgresql://{database['PG_USER']}@{database['PG_HOST']}:{database['PG_PORT']}/{database['PG_DB']}"
    scaled = Layout(model=args.model, workdir=work / "scaled", action_port=free_port(),
                    rasa_ports=tuple(free_port() for _ in range(processes)), web_port=None, scaled=True,
                    tracker_url=url, operator_db_url=url, extra_env=database)
    supervisor = Supervisor(stack(scaled), log_dir=scaled.workdir, restart=False)
    supervisor.start()
    try:
        measured(supervisor, list(scaled.rasa_urls),
                 f"Stödlotsen, scaled ({processes} Rasa, PostgreSQL, Redis)", args,
                 [*(f"rasa-{p}" for p in scaled.rasa_ports), "actions"])
    finally:
        supervisor.stop()


if __name__ == "__main__":
    main()
