"""python -m bot.curation list | reviewed | purge  (operator database: OPERATOR_DB_URL)

    list [--days N] [--language xx] [--url DB]        groups of alike questions, largest first
    reviewed ID [ID ...] [--url DB]                   delete questions that were reviewed
    reviewed --group G --through ID [--days N] [--language xx]
                                                      delete group G of the listing that ended at ID
    purge [--days 14] [--url DB]                      delete questions older than the retention
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import Counter
from typing import Optional, Sequence

from bot.curation import store
from bot.curation.grouping import group
from bot.privacy.sanitize import visible
from bot.operator_db import operator_db_url


def _age(created_at: dt.datetime, now: dt.datetime) -> str:
    hours = max(0, int((now - created_at).total_seconds() // 3600))
    return f"{hours} h" if hours < 48 else f"{hours // 24} d"


def _groups(questions: Sequence[store.Question], threshold: Optional[float]) -> list[list[store.Question]]:
    indices = group([q.text for q in questions], *([threshold] if threshold is not None else []))
    return [[questions[i] for i in g] for g in indices]


def _listed(args: argparse.Namespace) -> list[list[store.Question]]:
    return _groups(store.fetch(args.url, days=args.days, language=args.language,
                               through_id=args.through), args.threshold)


def cmd_list(args: argparse.Namespace) -> int:
    groups = _listed(args)
    if not groups:
        print("no unanswered questions")
        return 0
    now = store.utcnow()
    total = sum(len(g) for g in groups)
    last = max(q.id for g in groups for q in g)
    print(f"{total} unanswered question(s) in {len(groups)} group(s), ids up to {last} "
          f"(delete a group with: reviewed --group N --through {last} and the same filters)")
    for number, questions in enumerate(groups, 1):
        topics = Counter(q.topic_guess or "-" for q in questions)
        guess = ", ".join(f"{t} ({n})" if len(topics) > 1 else t for t, n in topics.most_common())
        ages = [q.created_at for q in questions]
        print(f"\n## group {number}: {len(questions)} question(s), topic guess: {guess}, "
              f"newest {_age(max(ages), now)}, oldest {_age(min(ages), now)}")
        for q in questions:
            # Stored text is already redacted and free of control characters; cleaned again
            # for the terminal in case something else wrote to the table.
            print(f"  [{q.id}] {q.language} {_age(q.created_at, now):>5}  {visible(q.text)}")
    return 0


def cmd_reviewed(args: argparse.Namespace) -> int:
    if args.group is not None:
        if args.through is None:
            print("--group needs --through ID (the last id of the listing you reviewed)", file=sys.stderr)
            return 2
        groups = _listed(args)
        if not 1 <= args.group <= len(groups):
            print(f"no group {args.group} (the listing has {len(groups)})", file=sys.stderr)
            return 2
        ids = [q.id for q in groups[args.group - 1]]
    else:
        ids = args.ids
    if not ids:
        print("name the ids to delete, or --group N --through ID", file=sys.stderr)
        return 2
    deleted = store.delete(args.url, ids)
    print(f"deleted {deleted} reviewed question(s): {' '.join(map(str, sorted(ids)))}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    days = store.retention_days() if args.days is None else args.days
    print(f"purged {store.purge(args.url, days)} unanswered question(s) older than {days:g} days")
    return 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.curation",
                                     description="Unanswered questions for curators.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p: argparse.ArgumentParser, filters: bool) -> None:
        p.add_argument("--url", default=operator_db_url(), help="operator database (OPERATOR_DB_URL)")
        if filters:
            p.add_argument("--days", type=float, help="only the last N days")
            p.add_argument("--language", choices=["sv", "nb", "en"])
            p.add_argument("--through", type=int, help="only ids up to this one")
            p.add_argument("--threshold", type=float, help="similarity to group (default 0.18)")

    listing = sub.add_parser("list", help="unanswered questions grouped by similarity")
    common(listing, True)
    listing.set_defaults(run=cmd_list)
    reviewed = sub.add_parser("reviewed", help="delete questions that were reviewed")
    reviewed.add_argument("ids", nargs="*", type=int)
    reviewed.add_argument("--group", type=int, help="group number of the listing")
    common(reviewed, True)
    reviewed.set_defaults(run=cmd_reviewed)
    purging = sub.add_parser("purge", help="delete questions older than the retention period")
    purging.add_argument("--days", type=float, help=f"default UNANSWERED_RETENTION_DAYS or {store.DEFAULT_RETENTION_DAYS:g}")
    common(purging, False)
    purging.set_defaults(run=cmd_purge)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
