#!/usr/bin/env bash
# Runs `dupready test --against-parent rules/`: every shipped .ruletest must have a case that
# fails under the rules its rule file extends (no rules at all for default.rules), i.e. a case
# that would notice if the file's own rules were gone.
set -euo pipefail
dupready="$1"
out="$("$dupready" test --against-parent rules/)" || { echo "$out"; exit 1; }
echo "$out"
files="$(find rules/tests -name '*.ruletest' | wc -l)"
if [[ "$(tail -n 1 <<<"$out")" != "$files passed, 0 failed" ]]; then
  echo "expected all $files test files to depend on their own rules" >&2
  exit 1
fi
