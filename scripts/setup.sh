#!/usr/bin/env bash
# Twin's one setup command: Debian packages, npm dependencies (no install-time downloads), the built-in
# offline embedding model, and the bundles. Safe to run again; it skips what is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*"; }

say "Debian packages"
missing=()
while read -r package; do
  [[ -z "$package" || "$package" == \#* ]] && continue
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done < scripts/apt-packages.txt
if ((${#missing[@]})); then
  sudo_cmd=""
  [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
  echo "installing: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "all present"
fi

say "npm dependencies"
# Install scripts are skipped: every package Twin uses ships its binaries inside the package, and some
# postinstalls (onnxruntime-node's CUDA fetch, grammar packages' native rebuilds) would reach the internet.
export ONNXRUNTIME_NODE_INSTALL_CUDA=skip ONNXRUNTIME_NODE_INSTALL=skip
# `npm install` rather than `npm ci`: the lock cannot list LanceDB's builds for other platforms, which this
# registry does not carry, and `npm ci` refuses a lock without them. The lock still pins every version.
npm install --ignore-scripts --no-audit --no-fund

say "a real VS Code for the integration tests (code-server, into .tools/)"
bash scripts/vscode/install-code-server.sh

say "offline embedding model"
npm run --silent build:model

say "bundles"
npm run --silent build

say "done: run 'npm test'"
