"""python -m bot.privacy purge [--hours 24] [--url URL] [--unanswered-days 14] [--every SECONDS]

Also deletes unanswered questions (bot/curation) older than their own, short period."""
from __future__ import annotations

import argparse
import os
import time

from bot.curation import store as unanswered
from bot.operator_db import operator_db_url
from bot.paths import ROOT
from bot.privacy.retention import DEFAULT_HOURS, purge_older_than

DEFAULT_URL = f"sqlite:///{ROOT / '.data' / 'tracker.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.privacy")
    sub = parser.add_subparsers(dest="command", required=True)
    purge = sub.add_parser("purge", help="delete conversations older than the retention period")
    purge.add_argument("--hours", type=float, default=float(os.environ.get("RETENTION_HOURS", DEFAULT_HOURS)))
    purge.add_argument("--url", default=os.environ.get("TRACKER_DB_URL", DEFAULT_URL))
    purge.add_argument("--unanswered-days", type=float, default=unanswered.retention_days(),
                       help="unanswered questions older than this are deleted (UNANSWERED_RETENTION_DAYS)")
    purge.add_argument("--every", type=float, default=0, help="repeat every N seconds (a scheduled job)")
    args = parser.parse_args()
    while True:
        try:
            deleted = purge_older_than(args.url, args.hours)
            print(f"purged {deleted} conversation(s) older than {args.hours:g} h", flush=True)
        except Exception as error:  # noqa: BLE001
            # A scheduled job outlives a database that is away for a while: the next round
            # deletes what this one could not. Run once, it fails loudly.
            print(f"conversations not purged: {type(error).__name__}", flush=True)
            if not args.every:
                raise SystemExit(1)
        try:  # the conversations' purge must go on every hour even if this database is away
            old = unanswered.purge(operator_db_url(), args.unanswered_days)
            print(f"purged {old} unanswered question(s) older than {args.unanswered_days:g} days", flush=True)
        except Exception as error:  # noqa: BLE001
            print(f"unanswered questions not purged: {type(error).__name__}", flush=True)
        if not args.every:
            return
        time.sleep(args.every)


if __name__ == "__main__":
    main()
