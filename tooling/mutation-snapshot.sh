#!/bin/sh
# Prints the folder of a frozen copy of packages/optim/dist, for DESCENT_MUTATION_OPTIM_DIST (tooling/vitest.stryker.ts)
# on a machine where optim may be rebuilt during a mutation run:
#   DESCENT_MUTATION_OPTIM_DIST=$(tooling/mutation-snapshot.sh) pnpm --filter <package> test:mutation
# The copy sits inside packages/optim (in its gitignored .stryker-tmp/) so that its own imports (vitest) resolve
# from optim's node_modules. It waits until the dist has both entries and has not changed for 5 seconds.
set -eu
optim=$(cd "$(dirname "$0")/../packages/optim" && pwd)
while :; do
  if [ -f "$optim/dist/index.js" ] && [ -f "$optim/dist/testing.js" ] &&
    [ $(( $(date +%s) - $(stat -c %Y "$optim/dist/index.js" "$optim/dist/testing.js" | sort -n | tail -n 1) )) -ge 5 ]; then
    snapshot="$optim/.stryker-tmp/dist-snapshot-$(date +%s)"
    mkdir -p "$snapshot.partial"
    cp "$optim"/dist/*.js "$snapshot.partial/"
    # A build that started while copying leaves a mix: copy again.
    if [ -f "$optim/dist/index.js" ] && cmp -s "$optim/dist/index.js" "$snapshot.partial/index.js" &&
      cmp -s "$optim/dist/testing.js" "$snapshot.partial/testing.js"; then
      mv "$snapshot.partial" "$snapshot"
      echo "$snapshot"
      exit 0
    fi
    rm -rf "$snapshot.partial"
  fi
  sleep 2
done
