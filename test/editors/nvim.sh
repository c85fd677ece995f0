#!/usr/bin/env bash
# Tier 1 of the real-editor tests: Debian's Neovim (0.7.2) headless, as an LSP client of the
# bundled server over stdio, on the files of test/editors/expectations.json.
# Needs `npm run build` first and `nvim` on PATH (.ci/run installs Debian's neovim).
# Closes with `N passed, N failed, N skipped`; exits non-zero when a check fails.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[[ -f $ROOT/dist/server.js && -f $ROOT/dist/cli.js ]] || { echo "editors/nvim: build first (npm run build)" >&2; exit 2; }
command -v nvim >/dev/null || { echo "editors/nvim: no nvim on PATH (apt-get install neovim)" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/locklens-nvim.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# Nothing of the user's Neovim setup, and nothing left behind.
export XDG_CONFIG_HOME=$TMP/config XDG_DATA_HOME=$TMP/data XDG_STATE_HOME=$TMP/state XDG_CACHE_HOME=$TMP/cache
export LOCKLENS_ROOT=$ROOT LOCKLENS_NODE=${LOCKLENS_NODE:-node}
LOCKLENS_ENGINE=$(node "$ROOT/test/editors/engineFacts.js")
export LOCKLENS_ENGINE

# The script's own waits are bounded; this outer bound only stops a wedged Neovim.
timeout --kill-after=10 900 nvim --headless --clean -n -u "$ROOT/test/editors/nvim/locklens_test.lua" </dev/null
