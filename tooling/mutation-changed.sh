#!/usr/bin/env bash
# Mutation testing (issue 20) of what a change touches, for CI. A package runs `test:mutation --incremental` when
#  * this change touches its src/ (it differs between $MUTATION_BASE, default HEAD~1, and HEAD), or
#  * its src/ changed since its committed baseline (reports/stryker-incremental.json) was recorded.
# Within a package Stryker re-tests only the mutants in changed code or under changed tests and takes the others' results
# from the baseline; a package without a baseline runs in full (minutes for an optimizer, over an hour for stats). A full
# run of every package takes hours on CI's two cores; a change to one optimizer, minutes. The run fails if a package's
# score falls below its target (thresholds.break in its stryker.config.mjs).
#   tooling/mutation-changed.sh            run them, one package at a time
#   tooling/mutation-changed.sh --list     print the packages it would run, and why
#   tooling/mutation-changed.sh --skip-full  (CI) name a package that has no baseline instead of running it in full:
#                                          a full run of optim or surfaces alone takes hours, past CI's time
# Commit a package's updated reports/stryker-incremental.json with the change, so that the next run starts from it.
set -uo pipefail
cd "$(dirname "$0")/.."
list=false
skip_full=false
base=${MUTATION_BASE:-HEAD~1}
for arg in "$@"; do
  case "$arg" in
    --list) list=true ;;
    --skip-full) skip_full=true ;;
    *) echo "mutation-changed: unknown option $arg (expected --list or --skip-full)" >&2; exit 2 ;;
  esac
done
# A base this clone lacks (a shallow checkout, a mistyped MUTATION_BASE) would make every package look changed.
if ! git rev-parse --quiet --verify "${base}^{commit}" >/dev/null; then
  echo "mutation-changed: base commit ${base} is not in this clone (shallow? fetch more history or set MUTATION_BASE)" >&2
  exit 2
fi
status=0
for config in packages/*/stryker.config.mjs packages/optimizers/*/stryker.config.mjs; do
  [ -f "$config" ] || continue
  pkg=$(dirname "$config")
  baseline="$pkg/reports/stryker-incremental.json"
  since=$(git log -1 --format=%H -- "$baseline" 2>/dev/null)
  if ! git diff --quiet "$base" HEAD -- "$pkg/src"; then
    why="src changed since ${base}"
  elif [ -n "$since" ] && ! git diff --quiet "$since" HEAD -- "$pkg/src"; then
    why="src changed since its baseline (${since:0:7})"
  else
    continue
  fi
  if [ -z "$since" ] && $skip_full; then
    echo "mutation: $pkg ($why) has no baseline: not run here; record one with \`pnpm test:mutation\` in $pkg (hours)"
    continue
  fi
  [ -n "$since" ] || why="$why; no baseline: a full run"
  if $list; then
    echo "$pkg: $why"
    continue
  fi
  echo "mutation: $pkg ($why)"
  start=$(date +%s)
  mkdir -p "$pkg/reports/mutation"
  (cd "$pkg" && pnpm -s test:mutation --incremental) > "$pkg/reports/mutation/run.log" 2>&1 || {
    status=1
    tail -n 30 "$pkg/reports/mutation/run.log"
  }
  score=$(grep -o 'mutation score of [0-9.]*' "$pkg/reports/mutation/run.log" | tail -n 1)
  echo "mutation: $pkg ${score:-no score} in $(( $(date +%s) - start )) s"
done
exit $status
