"""python -m bot.knowledge validate [DIR] | load [DIR] [--url URL] | preview TOPIC AUDIENCE LANGUAGE

validate  checks every file; exit 1 on an error (warnings are printed, exit 0)
load      builds the database from the files (idempotent; SQLite by default, KNOWLEDGE_DB_URL)
preview   prints exactly what the bot would answer for a topic, audience and language, with sources
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bot.knowledge.answers import source_answer, topic_answer
from bot.knowledge.db import KnowledgeBase, database_url, load
from bot.knowledge.validate import validate
from bot.paths import KNOWLEDGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.knowledge", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate")
    v.add_argument("dir", nargs="?", type=Path, default=KNOWLEDGE)
    l = sub.add_parser("load")
    l.add_argument("dir", nargs="?", type=Path, default=KNOWLEDGE)
    l.add_argument("--url", default=None)
    p = sub.add_parser("preview")
    p.add_argument("topic")
    p.add_argument("audience")
    p.add_argument("language")
    p.add_argument("--country", default=None)
    args = parser.parse_args(argv)

    if args.command == "validate":
        problems = validate(args.dir)
        for problem in problems:
            print(problem)
        errors = [p for p in problems if p.severity == "error"]
        print(f"{len(errors)} errors, {len(problems) - len(errors)} warnings in {args.dir}")
        return 1 if errors else 0
    if args.command == "load":
        errors = [p for p in validate(args.dir) if p.severity == "error"]
        if errors:
            print("\n".join(map(str, errors)) + "\nnot loaded: fix the errors first", file=sys.stderr)
            return 1
        changed = load(args.dir, args.url)
        print(("loaded into " if changed else "already current: ") + (args.url or database_url()).split("@")[-1])
        return 0
    kb = KnowledgeBase()
    answer = topic_answer(kb, args.topic, args.language, now=dt.datetime.now(dt.timezone.utc),
                          audience=args.audience, country=args.country)
    if answer is None:
        print("no such article", file=sys.stderr)
        return 1
    print(answer.text + "\n\n" + source_answer(kb, answer.article_id, args.language).text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
