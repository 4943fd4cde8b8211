"""python -m bot.web [--host 127.0.0.1] [--port 8080]  (Rasa servers from RASA_URLS)."""
from __future__ import annotations

import argparse
import logging

from aiohttp import web

from bot.web.app import create_app
from bot.web.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description="Stödlotsen web gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    # Our own loggers only; aiohttp's access log would record paths and client addresses.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    web.run_app(create_app(Settings.from_env()), host=args.host, port=args.port,
                access_log=None, print=None)


if __name__ == "__main__":
    main()
