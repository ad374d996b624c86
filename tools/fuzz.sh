#!/usr/bin/env bash
# Builds every libFuzzer target under ASan+UBSan (clang-14) and runs each for SECONDS, starting
# from its seed corpus in testdata/fuzz/. Prints one line per target:
#   FUZZ target=NAME execs=N crashes=0
# and exits non-zero when any target finds a crash, a leak or a timeout. Findings are saved
# under .fuzz/findings/NAME/ (add them to testdata/fuzz/NAME/ once fixed).
#
#   tools/fuzz.sh 60                 # every target, a minute each
#   tools/fuzz.sh 600 rule_loader    # one target
set -uo pipefail

seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: tools/fuzz.sh SECONDS [TARGET...]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# clang and its sanitizer and libFuzzer runtimes, once.
for p in clang-14 libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    sudo=""; [[ $(id -u) -eq 0 ]] || sudo=sudo
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -qq && \
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends clang-14 libclang-rt-14-dev >&2
    break
  fi
done

targets=(rule_loader rule_eval snapshot_json thrift_reply reply_decoder shell_json meta_frame admin_reply)
(($# > 0)) && targets=("$@")
labels=()
for t in "${targets[@]}"; do labels+=("//tools/fuzz:${t}_fuzzer"); done

output_base="${DUPREADY_FUZZ_OUTPUT_BASE:-$HOME/.cache/dupready-fuzz}"
# --symlink_prefix=/: leave the workspace's bazel-* symlinks to the default build.
if ! tools/bazel --output_base="$output_base" build --config=fuzz --symlink_prefix=/ "${labels[@]}" >&2; then
  echo "tools/fuzz.sh: the fuzz build failed" >&2
  exit 2
fi
bin="$(tools/bazel --output_base="$output_base" info --config=fuzz bazel-bin 2>/dev/null)"

# The loader's bounds (rules/README.md, "Limits and budgets"): no input within the limits
# takes more than a second or a few tens of MiB in an -O2 build (the target checks each input itself, with its build's
# slowdown allowed for); ASan's quarantine is kept small so that the RSS limit measures the
# loader, not freed blocks held back.
limits_of() {
  case "$1" in
    rule_loader) echo "-timeout=6 -rss_limit_mb=768 -malloc_limit_mb=64" ;;
    *) echo "-timeout=5 -rss_limit_mb=2048 -malloc_limit_mb=64" ;;
  esac
}
asan_of() {
  case "$1" in
    rule_loader) echo "detect_leaks=1:allocator_may_return_null=1:quarantine_size_mb=64" ;;
    *) echo "detect_leaks=1:allocator_may_return_null=1" ;;
  esac
}

status=0
mkdir -p .fuzz
for t in "${targets[@]}"; do
  work=".fuzz/corpus/$t"
  findings=".fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  log=".fuzz/$t.log"
  # The targets read rules/ relative to the working directory, like their replay tests.
  # shellcheck disable=SC2046
  ASAN_OPTIONS="$(asan_of "$t")" \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin/tools/fuzz/${t}_fuzzer" "$work" "testdata/fuzz/$t" \
      -max_total_time="$seconds" $(limits_of "$t") \
      -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  execs=$(grep -E '^stat::number_of_executed_units:' "$log" | awk '{print $2}' | tail -n 1)
  crashes=$(find "$findings" -type f | wc -l)
  echo "FUZZ target=$t execs=${execs:-0} crashes=$crashes"
  if ((rc != 0 || crashes > 0)); then
    status=1
    echo "  see $log and $findings/" >&2
  fi
done
exit "$status"
