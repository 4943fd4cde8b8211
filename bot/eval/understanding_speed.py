"""How long the understanding layer takes to read one message, in this process's CPU time.

    python -m bot.eval.understanding_speed [--repeat 3]

Reads every message of the retired blind sets in sv, nb and en (long stories and short
messages, as people write) with bot.understanding.read, after a warm-up, and prints the CPU
milliseconds per message and the five functions that took most of it. The whole bot's cost
per message is measured by scripts/benchmark.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from bot.eval.blind import load_set
from bot.eval.blind_report import sets
from bot.languages import full_languages
from bot.understanding.models import warm_up
from bot.understanding.read import Context, read


def messages() -> list[tuple[str, str]]:
    return [(i["text"], i["language"]) for folder in sets() for i in load_set(folder)
            if i["language"] in full_languages()]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = messages()
    warm_up("danger", "for_other", "topic", "audience")
    for text, language in texts[:20]:
        read(text, Context(language=language))
    best = float("inf")
    for _ in range(args.repeat):
        start = time.process_time()
        for text, language in texts:
            read(text, Context(language=language))
        best = min(best, (time.process_time() - start) * 1000 / len(texts))
    print(f"{len(texts)} messages: {best:.1f} ms CPU per message (best of {args.repeat})")
    profile = cProfile.Profile()
    profile.enable()
    for text, language in texts:
        read(text, Context(language=language))
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(5)
    print(out.getvalue().split("\n\n", 2)[-1].strip())


if __name__ == "__main__":
    main()
