"""Rasa's server, as `rasa run` starts it, with message text kept out of its logs and no banner.

    python -m bot.serve.rasa_server <the arguments of `rasa run`>

The launcher adds two things to Rasa's own start-up, without changing Rasa: every log record
passes bot.privacy.logs (Rasa's REST channel logged whole messages on a timeout or failure),
and the Sanic app Rasa configures answers its root with a plain "ok" instead of
"Hello from Rasa: 3.6.21" and hides /version.
"""
from __future__ import annotations

import sys
from typing import Any

from bot.privacy import logs

HIDDEN = ("/version",)


def harden(app: Any) -> None:
    from sanic import response

    @app.middleware("request")
    async def no_banner(request: Any) -> Any:
        if request.path == "/":
            return response.json({"status": "ok"})
        if request.path in HIDDEN:
            return response.json({"error": "not found"}, status=404)
        return None


def main() -> None:
    logs.install()
    import rasa.core.run as core_run
    from rasa.__main__ import main as rasa_main

    configure_app = core_run.configure_app

    def configured(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        harden(app)
        return app

    core_run.configure_app = configured   # serve_application looks it up here at call time
    sys.argv = ["rasa", "run", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
