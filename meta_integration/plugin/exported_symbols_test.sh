#!/usr/bin/env bash
# Checks that libdupready_plugin.so exports exactly the C interface: every dupready_*
# function of dupready_plugin.h and no other defined dynamic symbol.
#   exported_symbols_test.sh PATH/TO/libdupready_plugin.so PATH/TO/dupready_plugin.h
set -euo pipefail
so="$1"
header="$2"

exported=$(nm -D --defined-only "$so" | awk '{print $NF}' | sort)
declared=$(grep -oE '\bdupready_[a-z_]+\(' "$header" | tr -d '(' | sort -u)

echo "exported:"; echo "$exported" | sed 's/^/  /'
status=0
others=$(echo "$exported" | grep -v '^dupready_' || true)
if [[ -n "$others" ]]; then
  echo "FAIL: symbols other than dupready_* are exported:"; echo "$others"; status=1
fi
if [[ "$exported" != "$declared" ]]; then
  echo "FAIL: exported and declared functions differ:"
  diff <(echo "$declared") <(echo "$exported") || true
  status=1
fi
exit "$status"
