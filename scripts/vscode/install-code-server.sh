#!/usr/bin/env bash
# Installs a real VS Code (code-server@4.100.3 = VS Code 1.100.3) into <repo>/.tools/code-server,
# plus Debian chromium, so test/vscode-harness can run tests inside a real extension host, offline.
#
# Idempotent: when everything is in place it only checks and prints.
#
# Env:
#   TWIN_CODE_SERVER_DIR    install folder (default <repo>/.tools/code-server)
#   TWIN_SKIP_CHROMIUM=1    do not install Debian chromium
#   TWIN_FORCE_REINSTALL=1  wipe the install folder first
set -euo pipefail

CODE_SERVER_VERSION=4.100.3
# @vscode/ripgrep@1.15.11 (pinned in code-server's shrinkwrap) downloads this asset from GitHub in its
# postinstall unless the asset already sits in its cache folder; we put Debian's rg there instead.
RIPGREP_PKG_VERSION=1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

# Install scripts to allow, per npm project. npm 11 warns about (and can be set to block) dependency
# install scripts that the project's package.json "allowScripts" does not list. code-server is useless
# without them: its postinstall runs `npm install` in lib/vscode and lib/vscode/extensions (VS Code's
# own node_modules), where node-pty, spdlog, kerberos, @parcel/watcher, native-watchdog and deviceid
# compile native modules and @vscode/ripgrep fetches rg. These are all packages marked hasInstallScript
# in code-server@4.100.3's three shrinkwraps. With strict-allow-scripts (below) npm 11.19.1 fails the
# nested shrinkwrap installs on an unlisted script (ESTRICTALLOWSCRIPTS); elsewhere it only warned in
# our tests, so the script also fails on that warning itself.
ALLOW_TOP='{"code-server": true, "argon2": true}'
ALLOW_VSCODE='{"@parcel/watcher": true, "@vscode/deviceid": true, "@vscode/ripgrep": true,
  "@vscode/spdlog": true, "kerberos": true, "native-watchdog": true, "node-pty": true,
  "@vscode/windows-ca-certs": true, "@vscode/windows-process-tree": true, "@vscode/windows-registry": true}'
ALLOW_EXTENSIONS='{"@parcel/watcher": true, "esbuild": true}'

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="${TWIN_CODE_SERVER_DIR:-$REPO/.tools/code-server}"
PKG_DIR="$DEST/node_modules/code-server"
MARKER="$DEST/.installed-$CODE_SERVER_VERSION"
TMP_ROOT="${TMPDIR:-/tmp}"
RG_CACHE="$TMP_ROOT/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
LOG="$DEST/install.log"

say() { printf '[install-code-server] %s\n' "$*"; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

START=$(date +%s)

# ---------- preconditions ----------
[ "$(uname -s)" = Linux ] || die "only Linux is supported (found $(uname -s))."
[ "$(uname -m)" = x86_64 ] || die "only x86_64 is supported: the ripgrep cache uses the x86_64 musl asset name (found $(uname -m))."
command -v node >/dev/null || die "node is not on PATH; install node 20."
command -v npm >/dev/null || die "npm is not on PATH."
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" = 20 ] || die "code-server@$CODE_SERVER_VERSION needs node 20 exactly (its postinstall checks), found $(node -v)."
case "$DEST" in /*) ;; *) die "TWIN_CODE_SERVER_DIR must be an absolute path (got '$DEST')." ;; esac

# ---------- Debian packages ----------
APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" = 0 ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || die "apt-get update failed: is the Debian mirror reachable?"
    APT_UPDATED=1
  fi
}
ensure_debs() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" = 0 ]; then
    say "Debian packages present: $*"
    return
  fi
  [ "$(id -u)" = 0 ] || die "need root to apt-get install ${missing[*]} (or install them beforehand)."
  # An empty or stale package list gives 'no installation candidate' or 404s: update once, then retry.
  for p in "${missing[@]}"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then apt_update_once; break; fi
  done
  say "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    [ "$APT_UPDATED" = 1 ] && die "apt-get install ${missing[*]} failed."
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
      || die "apt-get install ${missing[*]} failed even after apt-get update."
  fi
}

# ripgrep replaces the GitHub download; libkrb5-dev is for kerberos' native build; the rest is node-gyp's.
ensure_debs ripgrep libkrb5-dev python3 make g++
if [ "${TWIN_SKIP_CHROMIUM:-0}" != 1 ]; then
  ensure_debs chromium
  [ -x /usr/bin/chromium ] || die "/usr/bin/chromium is missing after installing Debian chromium."
fi

# ---------- code-server ----------
native_modules_ok() {
  [ -x "$PKG_DIR/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] \
    && [ -f "$PKG_DIR/lib/vscode/node_modules/node-pty/build/Release/pty.node" ] \
    && [ -f "$PKG_DIR/lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node" ] \
    && [ -f "$PKG_DIR/lib/vscode/node_modules/kerberos/build/Release/kerberos.node" ]
}
installed_ok() {
  [ -f "$MARKER" ] \
    && [ "$(node -p "require('$PKG_DIR/package.json').version" 2>/dev/null)" = "$CODE_SERVER_VERSION" ] \
    && native_modules_ok
}

NPM_ENV=(
  npm_config_yes=true                 # node-pty's build calls npx, which would prompt and fail without a tty
  npm_config_unsafe_perm=true         # code-server's postinstall refuses to run as root without it (npm 11 warns it is unknown: harmless)
  npm_config_strict_allow_scripts=true  # an unlisted install script fails the install instead of running or being skipped
  npm_config_foreground_scripts=true    # the nested installs' output (and their allowScripts warnings) lands in the log
  npm_config_update_notifier=false
  npm_config_audit=false
  npm_config_fund=false
)
# node-gyp then uses the local headers instead of downloading them.
[ -f /usr/include/node/node.h ] && NPM_ENV+=(npm_config_nodedir=/usr)
# Runs npm in $DEST only: a failure here must never fall back to running npm in the repo.
run_npm() {
  [ -f "$DEST/package.json" ] || die "internal: $DEST/package.json missing; refusing to run npm elsewhere."
  echo "+ npm $*" >>"$LOG"
  if ! (cd "$DEST" && env "${NPM_ENV[@]}" npm "$@" >>"$LOG" 2>&1); then
    if grep -q ESTRICTALLOWSCRIPTS "$LOG"; then
      grep -A5 ESTRICTALLOWSCRIPTS "$LOG" | grep 'npm error   ' >&2
      die "code-server's tree has install scripts this script does not list (a new code-server version?): add them to ALLOW_* in $0."
    fi
    tail -n 40 "$LOG" >&2
    die "npm $* failed in $DEST; full log: $LOG. Check: node 20, g++/make/python3, libkrb5-dev, and $RG_CACHE/$RIPGREP_ASSET."
  fi
}

if [ "${TWIN_FORCE_REINSTALL:-0}" = 1 ] && [ -d "$DEST" ]; then
  say "TWIN_FORCE_REINSTALL=1: removing $DEST"
  rm -rf "$DEST"
fi

if installed_ok; then
  say "code-server $CODE_SERVER_VERSION already installed in $DEST"
else
  if [ ! -s "$RG_CACHE/$RIPGREP_ASSET" ]; then
    say "placing /usr/bin/rg as $RG_CACHE/$RIPGREP_ASSET (@vscode/ripgrep would download it from GitHub)"
    mkdir -p "$RG_CACHE"
    STAGE="$(mktemp -d)"
    cp /usr/bin/rg "$STAGE/rg"
    tar -czf "$RG_CACHE/$RIPGREP_ASSET" -C "$STAGE" rg
    rm -rf "$STAGE"
  fi

  mkdir -p "$DEST"
  rm -f "$DEST"/.installed-*
  : >"$LOG"
  # A project of its own, so code-server's ~300 MB never enter Twin's node_modules or lockfile.
  cat >"$DEST/package.json" <<EOF
{
  "name": "twin-code-server-tool",
  "private": true,
  "description": "Written by scripts/vscode/install-code-server.sh; not part of Twin's dependencies.",
  "dependencies": { "code-server": "$CODE_SERVER_VERSION" },
  "allowScripts": $ALLOW_TOP
}
EOF

  say "npm install code-server@$CODE_SERVER_VERSION --ignore-scripts (download, ~45 MB)"
  run_npm install --ignore-scripts --loglevel=warn

  # The nested installs in lib/vscode(/extensions) are project installs, where npm 11 rejects
  # allow-scripts given as a flag, an npm_config_ variable or inherited config (EALLOWSCRIPTS): only
  # those projects' own package.json can allow their scripts, so write allowScripts into them first.
  say "allowing install scripts in lib/vscode and lib/vscode/extensions"
  set_allow_scripts() {
    node -e '
      const fs = require("fs");
      const [file, allow] = process.argv.slice(1);
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      pkg.allowScripts = JSON.parse(allow);
      fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
    ' "$1" "$2" || die "cannot write allowScripts into $1"
  }
  set_allow_scripts "$PKG_DIR/lib/vscode/package.json" "$ALLOW_VSCODE"
  set_allow_scripts "$PKG_DIR/lib/vscode/extensions/package.json" "$ALLOW_EXTENSIONS"

  say "npm rebuild: code-server's postinstall installs VS Code's modules and compiles native ones (~1-3 min)"
  run_npm rebuild --loglevel=warn

  if grep -q 'not yet covered by allowScripts' "$LOG"; then
    grep -A20 'not yet covered by allowScripts' "$LOG" | grep 'install-scripts ' >&2
    die "code-server's tree has install scripts this script does not list (a new code-server version?): add them to ALLOW_* in $0."
  fi
  native_modules_ok || { tail -n 40 "$LOG" >&2; die "install finished but VS Code's native modules are missing (install scripts skipped?); log: $LOG"; }
  # code-server writes a config.yaml (with a password) on every start: keep it out of $HOME.
  SCRATCH="$(mktemp -d)"
  VERSION_OUT="$(XDG_CONFIG_HOME="$SCRATCH" XDG_DATA_HOME="$SCRATCH" "$PKG_DIR/out/node/entry.js" --version 2>&1 | tail -n 1)" \
    || { rm -rf "$SCRATCH"; die "code-server --version failed: $VERSION_OUT"; }
  rm -rf "$SCRATCH"
  say "installed: code-server $VERSION_OUT"
  touch "$MARKER"
fi

say "code-server: $DEST/node_modules/.bin/code-server"
[ "${TWIN_SKIP_CHROMIUM:-0}" = 1 ] || say "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?')"
say "done in $(( $(date +%s) - START ))s"
