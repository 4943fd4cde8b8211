"""The project's own logic stays free of Rasa: only the adapters (bot/nlu, bot/stores, bot/channels,
bot/serve, actions) import it."""
import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
ADAPTERS = {BOT / "nlu", BOT / "stores", BOT / "channels", BOT / "serve"}


def modules() -> list[Path]:
    return [p for p in BOT.rglob("*.py") if not any(a in p.parents for a in ADAPTERS)]


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(BOT)))
def test_no_rasa_import_outside_adapters(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        assert not any(n.split(".")[0] in {"rasa", "rasa_sdk"} for n in names), (path, names)
