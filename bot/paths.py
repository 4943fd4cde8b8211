"""Where the project's files are, so that no module guesses a path."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
KNOWLEDGE = ROOT / "knowledge"
CONTACTS = KNOWLEDGE / "contacts"
