#!/usr/bin/env bash
# The story end to end: meta_sim drives the DS_APP -> DS_LOG gate with
# libdupready_plugin.so (dlopen) over the scenarios in testdata/scenarios.
#   meta_sim_test.sh PATH/TO/meta_sim PATH/TO/libdupready_plugin.so   (from the runfiles root)
set -uo pipefail
sim="$1"
plugin="$2"
failures=0

# run NAME RULES SCENARIO [extra flags...]: runs meta_sim, keeping its output in $out.
run() {
  local name="$1" rules="$2" scenario="$3"
  shift 3
  echo "=== $name: --rules $rules --scenario $scenario $*"
  out=$("$sim" --plugin "$plugin" --rules "$rules" --scenario "$scenario" "$@" 2>&1)
  local rc=$?
  echo "$out"
  if ((rc != 0)); then
    echo "FAIL($name): meta_sim exited with $rc"
    failures=$((failures + 1))
  fi
}
expect() {  # expect NAME FIXED-STRING: the last output must contain it
  if ! grep -qF -- "$2" <<<"$out"; then
    echo "FAIL($1): expected output to contain: $2"
    failures=$((failures + 1))
  fi
}
expect_not() {
  if grep -qF -- "$2" <<<"$out"; then
    echo "FAIL($1): expected output NOT to contain: $2"
    failures=$((failures + 1))
  fi
}
count() { grep -cF -- "$1" <<<"$out"; }

seed_line='query follower app[target_cluster.dup_test_3] replica configuration completed, result: duplication_status = DS_APP, query_err = ERR_NOT_ENOUGH_MEMBER, update_err = ERR_NO_NEED_OPERATE, rule = enough_members, partition = 0, reason = partition 0 has no secondary'

# 1. The seed under the rules from before the fix: the seed's line, stuck in DS_APP.
run legacy rules/legacy.rules testdata/scenarios/seed_single_replica.json
expect legacy "[E] $seed_line"
expect legacy "final status: DS_APP"
expect legacy "query_err = ERR_APP_NOT_EXIST, update_err = ERR_NO_NEED_OPERATE, rule = remote_answer_ok"
[[ $(count "$seed_line") == 3 ]] || { echo "FAIL(legacy): expected the seed's line 3 times"; failures=$((failures + 1)); }
expect_not legacy "DS_APP -> DS_LOG"

# 2. The same story under today's rules: DS_LOG at the first check of the healthy follower.
run default rules/default.rules testdata/scenarios/seed_single_replica.json
expect default "status: DS_APP -> DS_LOG"
expect default "final status: DS_LOG"
expect default "skipped, the duplication is in DS_LOG"
expect_not default "$seed_line"

# 3. A storage failure leaves the status unchanged; the next ready check stores it.
run persist rules/default.rules testdata/scenarios/persist_failure.json
expect persist "update_err = ERR_ZOOKEEPER_OPERATION"
expect persist "storing DS_LOG failed, the status stays DS_APP"
[[ $(grep -A2 'update_err = ERR_ZOOKEEPER_OPERATION' <<<"$out" | tail -n1) == *"status: DS_APP (unchanged)"* ]] \
  || { echo "FAIL(persist): status changed despite the failed write"; failures=$((failures + 1)); }
expect persist "final status: DS_LOG"

# ... and, with files for storage, the file holds DS_LOG in the end.
dir="${TEST_TMPDIR:-/tmp}/meta_storage"
mkdir -p "$dir"
run persist_files rules/default.rules testdata/scenarios/persist_failure.json --storage-dir "$dir"
expect persist_files "final status: DS_LOG"
grep -q '"status":"DS_LOG"' "$dir/duplication/dup_test/2" \
  || { echo "FAIL(persist_files): $dir/duplication/dup_test/2 does not hold DS_LOG"; failures=$((failures + 1)); }

# 4. Stability: three ready checks in a row are needed; a failure restarts the count.
run stability rules/default.rules testdata/scenarios/stability.json
expect stability "ready in 2 consecutive check(s); 3 required before DS_LOG"
expect stability "query_err = ERR_INACTIVE_STATE, update_err = ERR_NO_NEED_OPERATE, rule = primary_alive, partition = 1"
expect stability "query_err = ERR_TIMEOUT"
expect stability "DS_LOG after 3 consecutive ready check(s)"
expect stability "final status: DS_LOG"
run stability_1 rules/default.rules testdata/scenarios/stability.json --required-stable-checks 1
expect stability_1 "DS_LOG after 1 consecutive ready check(s)"

# 5. Reloads: a broken file is refused and located; shadow rules are reported, never enforced.
run reload rules/legacy.rules testdata/scenarios/reload_fix.json
expect reload "query_err = ERR_INVALID_DATA"
expect reload "testdata/scenarios/broken.rules:8:8: error:"
expect reload "reload failed, the rules in force stay"
expect reload "shadow rules disagree"
expect reload "status: DS_APP -> DS_LOG"
expect reload "final status: DS_LOG"

# 6. No plugin: the gate never advances and says why.
plugin_saved="$plugin"
plugin=/nonexistent/libdupready_plugin.so
run missing rules/default.rules testdata/scenarios/seed_single_replica.json
expect missing "plugin not available, the gate will never advance"
expect missing "query_err = ERR_SERVICE_NOT_ACTIVE"
expect missing "final status: DS_APP"
plugin="$plugin_saved"
# A rule file that does not load is the same: no checker, no advance.
run bad_rules testdata/scenarios/broken.rules testdata/scenarios/seed_single_replica.json
expect bad_rules "plugin not available"
expect bad_rules "final status: DS_APP"

if ((failures > 0)); then
  echo "$failures failure(s)"
  exit 1
fi
echo "all meta_sim scenarios behaved"
