"""python -m bot.figures report --from YYYY-MM-DD --to YYYY-MM-DD --out DIR [--url DB]
python -m bot.figures simulate --month YYYY-MM --url DB [--seed N]"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import sys
from pathlib import Path

from bot.figures.report import suppressed_figures, text_report, write_report
from bot.figures.simulate import simulate_month
from bot.figures.store import FiguresStore


def _month(text: str) -> tuple[int, int]:
    year, month = (int(p) for p in text.split("-"))
    return year, month


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.figures")
    sub = parser.add_subparsers(dest="command", required=True)
    report = sub.add_parser("report", help="HTML page, plots and a printout for a period")
    report.add_argument("--from", dest="start", type=dt.date.fromisoformat, required=True)
    report.add_argument("--to", dest="end", type=dt.date.fromisoformat, required=True)
    report.add_argument("--out", type=Path, required=True)
    report.add_argument("--url", default=None, help="database (default: OPERATOR_DB_URL or .data/operator.db)")
    simulate = sub.add_parser("simulate", help="fill a database with a simulated month")
    simulate.add_argument("--month", type=_month, required=True, help="YYYY-MM")
    simulate.add_argument("--url", required=True, help="the database to fill (never the default one)")
    simulate.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    store = FiguresStore(args.url)
    if args.command == "simulate":
        year, month = args.month
        first, last = dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if store.rows(first, last):
            print(f"{args.url} already holds figures for {year}-{month:02d}; use an empty database.",
                  file=sys.stderr)
            return 1
        store.add(simulate_month(year, month, args.seed))
        print(f"simulated {year}-{month:02d} (seed {args.seed}) into {args.url}", file=sys.stderr)
        return 0
    if args.end < args.start:
        parser.error("--to is before --from")
    figures = suppressed_figures(store.rows(args.start, args.end), args.start, args.end)
    page = write_report(figures, args.out)
    print(text_report(figures))
    print(f"wrote {page} and its plots", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
