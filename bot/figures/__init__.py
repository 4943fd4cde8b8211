"""Anonymous aggregate figures for the operator: counted per day, kept without conversation ids
or text, shown only with small counts suppressed.

    counting.py    what one Rasa event dict adds (pure; the broker in bot/stores feeds it)
    vocabulary.py  the closed sets of keys; anything else is dropped, so free text cannot get in
    store.py       the `figures_daily` table (SQLAlchemy Core, SQLite or PostgreSQL)
    suppress.py    the one function that hides counts under 5
    report.py      tables, plots and the HTML page, built from suppressed counts only
    simulate.py    a plausible simulated month, for the example report and tests

    python -m bot.figures report --from 2026-10-01 --to 2026-10-31 --out DIR [--url DB]
    python -m bot.figures simulate --month 2026-10 --url DB --seed 7
"""
