#!/usr/bin/env bash
# Runs `dupready test rules/` from the runfiles tree: the shipped rule files, their unit tests
# and the testdata they read. Fails when any case fails, or when there are fewer than 20.
set -euo pipefail
dupready="$1"
out="$("$dupready" test rules/)" || { echo "$out"; exit 1; }
echo "$out"
passed="$(tail -n 1 <<<"$out" | sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p')"
if [[ -z "$passed" || "$passed" -lt 20 ]]; then
  echo "expected at least 20 passing rule tests, got: $(tail -n 1 <<<"$out")" >&2
  exit 1
fi
