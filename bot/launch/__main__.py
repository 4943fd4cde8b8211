"""python -m bot.launch --model MODEL [--scaled]: the whole stack, supervised (scripts/run).

Ports and databases come from the environment, as scripts/run documents them (WEB_PORT,
RASA_PORT, ACTION_PORT, RASA_PROCESSES, RETENTION_HOURS, PG_*, REDIS_*, OPERATOR_DB_URL).
Logs go to .run/<service>.log. Ctrl-C (or SIGTERM) stops everything.
"""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path

from bot.launch.services import Layout, stack
from bot.launch.supervisor import StartFailed, Supervisor
from bot.paths import ROOT


def layout_from_env(model: Path, scaled: bool) -> Layout:
    env = os.environ
    rasa_port = int(env.get("RASA_PORT", "5005"))
    processes = int(env.get("RASA_PROCESSES", "2")) if scaled else 1
    extra = {k: v for k, v in env.items() if k.startswith(("PG_", "REDIS_")) or k == "EXIT_URL"}
    tracker_url = (f"postgresql://{env.get('PG_USER', 'postgres')}@{env.get('PG_HOST', '127.0.0.1')}:"
                   f"{env.get('PG_PORT', '5432')}/{env.get('PG_DB', 'stodlotsen')}") if scaled \
        else f"sqlite:///{ROOT / '.data' / 'tracker.db'}"
    return Layout(
        model=model, workdir=ROOT / ".run", scaled=scaled,
        action_port=int(env.get("ACTION_PORT", "5055")),
        rasa_ports=tuple(rasa_port + i for i in range(processes)),
        web_port=int(env.get("WEB_PORT", "8080")),
        tracker_url=tracker_url,
        operator_db_url=env.get("OPERATOR_DB_URL") or (tracker_url if scaled else f"sqlite:///{ROOT / '.data' / 'operator.db'}"),
        retention_hours=float(env.get("RETENTION_HOURS", "24")),
        extra_env=extra,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--scaled", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
    layout = layout_from_env(args.model, args.scaled)
    supervisor = Supervisor(stack(layout), log_dir=layout.workdir)

    def stop(*_: object) -> None:
        supervisor.stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        supervisor.start()
    except StartFailed as failed:
        raise SystemExit(f"stodlotsen: {failed}; see the logs in .run/")
    web = f"http://127.0.0.1:{layout.web_port}/"
    print(f"\nStödlotsen is running{' (scaled: %d Rasa servers, PostgreSQL, Redis)' % len(layout.rasa_ports) if layout.scaled else ''}.\n"
          f"  Chat page:    {web}\n"
          f"  REST channel: {layout.rasa_urls[0]}/webhooks/rest/webhook\n"
          f"    curl -s -X POST {layout.rasa_urls[0]}/webhooks/rest/webhook -d '{{\"sender\": \"me\", \"message\": \"hej\"}}'\n"
          "A server that stops is started again (logged in .run/). Ctrl-C stops everything.", file=sys.stderr)
    supervisor.watch()
    print("Stopped.", file=sys.stderr)


if __name__ == "__main__":
    main()
