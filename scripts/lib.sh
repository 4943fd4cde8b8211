# Shared by scripts/setup, scripts/run and scripts/test. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
WEB_VENV="$ROOT/.venv-web"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONWARNINGS="ignore::DeprecationWarning"
# Rasa's and the action server's Sanic close idle keep-alive connections after 5 s, while their
# aiohttp clients (Rasa -> actions, gateway -> Rasa) reuse them for 15 s: a request sent as the
# server closes is lost ("Cannot write to closing transport", 14 of 1000 replies under load).
# The server must outlast the client.
export SANIC_KEEP_ALIVE_TIMEOUT=75
# The most a Rasa server's REST channel reads (set on `rasa run` only, not the action server,
# which gets whole conversations): with Sanic's default of 100 MB one 10 MB message blocked Rasa
# for hours (tests/test_bad_input_rest.py). The gateway sends at most 2000 characters.
RASA_MAX_BODY=65536

say() { printf '%s\n' "$*" >&2; }
die() { say "stodlotsen: $*"; exit 1; }

# The model is named after what it was trained from, so an unchanged project never retrains.
model_fingerprint() {
  (cd "$ROOT" && find config.yml domain.yml data -type f \( -name '*.yml' -o -name '*.yaml' \) \
      | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
}
model_path() { echo "$ROOT/models/stodlotsen-$(model_fingerprint).tar.gz"; }
