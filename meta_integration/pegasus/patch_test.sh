#!/usr/bin/env bash
# The Pegasus patch series is well formed (git parses every patch of it), and the copies of
# dupready_host.h and dupready_plugin.h it adds to Pegasus's tree are byte for byte ours.
# usage: patch_test.sh OUR_HOST_H OUR_PLUGIN_H PATCH...
set -euo pipefail

ours_host="$1"
ours_plugin="$2"
shift 2
(($# > 0)) || { echo "no patch given" >&2; exit 1; }
patches=()
for p in "$@"; do patches+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")"); done
command -v git >/dev/null || { echo "git is needed to read the patches" >&2; exit 1; }

scratch="$(mktemp -d "${TEST_TMPDIR:-/tmp}/pegasus_patch.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT

# Every patch parses: a mail header, a subject, and hunks whose line counts add up.
for p in "${patches[@]}"; do
  head -n 1 "$p" | grep -Eq '^From [0-9a-f]{40} ' || { echo "$p: not git format-patch output" >&2; exit 1; }
  grep -q '^Subject: \[PATCH' "$p" || { echo "$p: no Subject" >&2; exit 1; }
  git apply --numstat "$p" >/dev/null || { echo "$p: git cannot parse it" >&2; exit 1; }
done

# The new files of the series, written out of the patches alone (no Pegasus tree needed).
dest="src/meta/duplication"
(
  cd "$scratch"
  for p in "${patches[@]}"; do
    git apply --unsafe-paths --include="$dest/dupready_host.h" \
      --include="$dest/dupready_plugin.h" "$p"
  done
) || { echo "the series does not add the dupready headers" >&2; exit 1; }

status=0
for pair in "$ours_host:$dest/dupready_host.h" "$ours_plugin:$dest/dupready_plugin.h"; do
  ours="${pair%%:*}"
  theirs="$scratch/${pair#*:}"
  if [[ ! -f "$theirs" ]]; then
    echo "FAIL: the series does not add ${pair#*:}" >&2
    status=1
  elif ! cmp "$ours" "$theirs"; then
    echo "FAIL: ${pair#*:} in the series differs from $ours:" >&2
    diff -u "$ours" "$theirs" | head -40 >&2 || true
    status=1
  else
    echo "ok: ${pair#*:} is $ours byte for byte ($(wc -c <"$ours") bytes)"
  fi
done
exit "$status"
