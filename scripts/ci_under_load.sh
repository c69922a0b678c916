#!/usr/bin/env bash
# Runs CI (`CI=true bash .ci/run`) several times in a row in fresh clones of this repository's HEAD
# while CPU burners keep every core busy, and prints each run's result and time. This is how the
# suite is shown to hold on a busy machine (issue 10): red must mean the change, never the load.
#
#   scripts/ci_under_load.sh [RUNS=5] [BURNERS=$(nproc)]
#
# The burners are plain busy loops at normal priority; they stop when the script ends (also on
# Ctrl-C). Each clone lives in a temporary folder that is removed afterwards.
set -uo pipefail
runs=${1:-5}
burners=${2:-$(nproc)}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
commit=$(git -C "$repo" rev-parse --short HEAD)   # every run tests this commit, even if HEAD moves
work=$(mktemp -d /tmp/rebound-ci-load.XXXXXX)
pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 130' INT TERM   # the EXIT trap then stops the burners

for _ in $(seq "$burners"); do
  ( while :; do :; done ) &
  pids+=($!)
done
echo "commit $commit: $runs CI runs under load ($burners busy-loop burners on $(nproc) cores)"
failed=0
for i in $(seq "$runs"); do
  git clone -q "$repo" "$work/run-$i" && git -C "$work/run-$i" checkout -q "$commit"
  start=$(date +%s)
  if (cd "$work/run-$i" && CI=true bash .ci/run > "$work/run-$i.log" 2>&1); then result=passed; else result=FAILED; failed=$((failed + 1)); fi
  seconds=$(( $(date +%s) - start ))
  summary=$(grep -E '^=+ .*(passed|failed).* =+$' "$work/run-$i.log" | tail -n 1 | tr -d '=' | xargs)
  audit=$(grep -E '^(All goals met|MISSED [0-9]+ goal)' "$work/run-$i.log" | tail -n 1)
  echo "run $i: $result in ${seconds} s (tests: ${summary:-none}; audit: ${audit:-did not finish})"
  if [ "$result" = FAILED ]; then tail -n 40 "$work/run-$i.log" | sed 's/^/    /'; fi
  rm -rf "$work/run-$i"
done
echo "$((runs - failed)) of $runs runs passed"
[ "$failed" -eq 0 ]
