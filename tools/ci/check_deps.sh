#!/usr/bin/env bash
# Checks that dependencies run one way: engine/ knows nothing of meta_integration/ or tools/,
# and each room of meta_integration/ uses only the rooms below it (meta_integration/README.md).
# Run from the workspace root (.ci/run does); prints one line per violation, exits 1 on any.
#
#   tools/ci/check_deps.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

bazel=(tools/bazel query --noshow_progress --color=no --curses=no)
failed=0

# forbid WHAT FROM: no target in the set FROM may depend, transitively, on a target in WHAT.
forbid() {
  local what="$1" from="$2" found
  found=$("${bazel[@]}" "kind(rule, deps($from) intersect ($what))" 2>/dev/null) || {
    echo "check_deps: query failed for $from" >&2
    failed=1
    return
  }
  if [[ -n "$found" ]]; then
    echo "check_deps: $from depends on what it must not ($what):"
    sed 's/^/    /' <<<"$found"
    failed=1
  fi
}

mi=//meta_integration
# The code that ships: libraries and binaries that are not test-only.
prod() { echo "(kind('cc_library|cc_binary', $1) except attr(testonly, 1, $1))"; }

forbid "$mi/... + //tools/..." "//engine/..."
forbid "$mi/... except $mi/wire/..." "$(prod "$mi/wire/...")"
forbid "$mi/... except $mi/io/..." "$(prod "$mi/io/...")"
forbid "$mi/... except ($mi/formats/... + $mi/wire/...)" "$(prod "$mi/formats/...")"
forbid "$mi/... except $mi/zk/..." "$(prod "$mi/zk/...")"
forbid "$mi/... except ($mi/bundles/... + $mi/zk/... + $mi/io/...)" "$(prod "$mi/bundles/...")"
forbid "$mi/... except ($mi/rpc/... + $mi/wire/...)" "$(prod "$mi/rpc/...")"
forbid "$mi/... except ($mi/plugin/... + $mi/wire/... + $mi/io/... + $mi/bundles/... + $mi/zk/...)" \
  "$(prod "$mi/plugin/...")"
# The host adapter needs nothing but the plugin's C header.
forbid "$mi/... except ($mi/host/... + $mi/plugin:dupready_plugin_c)" "$(prod "$mi/host/...")"
# The simulated meta server sees the plugin only through the adapter and the C header, like a
# real host.
forbid "$mi/plugin/... except ($mi/plugin:dupready_plugin_header + $mi/plugin:dupready_plugin_c)" "$(prod "$mi/metaserver/...")"
forbid "$mi/rpc/..." "$(prod "$mi/metaserver/...")"
# Nothing below the simulated meta server uses it, tests included.
forbid "$mi/metaserver/..." "$mi/... except $mi/metaserver/..."
# The Pegasus patch room ships nothing, and nothing uses it but tests.
forbid "$mi/pegasus/..." "$(prod "$mi/... except $mi/pegasus/...")"
# The plugin never carries the snapshot proto (a host that links it would abort).
forbid "//engine/snapshot:snapshot_cc_proto" "$mi/plugin:libdupready_plugin.so"

if ((failed)); then
  echo "check_deps: FAILED"
  exit 1
fi
echo "check_deps: every dependency runs one way"
