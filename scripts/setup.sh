#!/usr/bin/env bash
# The README's first command: everything a fresh machine with Node 20 and npm needs, then the chapter's experiments.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=10.34.8
bash scripts/install-system-packages.sh
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install -g "pnpm@$PNPM_VERSION"
fi
pnpm install --frozen-lockfile
pnpm build
pnpm -s descent reproduce all "$@"
