# Shared by scripts/setup, scripts/run and scripts/test. Sourced, not run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
WEB_VENV="$ROOT/.venv-web"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=2
export PYTHONWARNINGS="ignore::DeprecationWarning"
# The servers' own settings (keep-alive, body limit, localhost) live in bot/launch/services.py.

# Seconds since the first script of this command started: where a CI run's time goes.
: "${STODLOTSEN_T0:=$(date +%s)}"
export STODLOTSEN_T0
say() { printf '[%4d s] %s\n' "$(( $(date +%s) - STODLOTSEN_T0 ))" "$*" >&2; }
die() { say "stodlotsen: $*"; exit 1; }

# The model is named after what it was trained from, so an unchanged project never retrains.
# data/corpus is the understanding models' (bot/understanding), which Rasa does not read.
model_fingerprint() {
  (cd "$ROOT" && find config.yml domain.yml data -path data/corpus -prune -o -type f \( -name '*.yml' -o -name '*.yaml' \) -print \
      | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
}
model_path() { echo "$ROOT/models/stodlotsen-$(model_fingerprint).tar.gz"; }
