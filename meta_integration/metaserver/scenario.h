// Copyright 2026 The dupready Authors.
//
// scenario.h: meta_sim's input, a duplication and what happens to it over time.
//
//   {"description": "one replica per partition",
//    "duplication": {"app_name": "dup_test", "remote_cluster_name": "target_cluster",
//                    "remote_app_name": "dup_test_3", "partition_count": 4,
//                    "remote_replica_count": 1, "status": "DS_INIT"},
//    "required_stable_checks": 1,
//    "replies": {"single": {"err": "ERR_OK", "app_id": 3, "partition_count": 4,
//                           "partitions": [{"pidx": 0, "max_replica_count": 1,
//                                           "primary": "10.0.0.1:34801"}, ...]}},
//    "steps": [{"alter": "DS_PREPARE"},
//              {"alter": "DS_APP"},
//              {"check": "single", "repeat": 3, "at_ms": 5000, "note": "follower created"},
//              {"rpc_err": "ERR_TIMEOUT"},                 // a check whose RPC failed
//              {"check": "single", "truncate": 20},       // only the first 20 bytes arrive
//              {"persist_fails": 1},                      // the next store fails
//              {"reload": "rules/default.rules", "shadow": ""},
//              {"reload": true},                          // re-read the same files
//              // With --rules zk://..., steps on the rule bundles in ZooKeeper:
//              {"push": "rules/default.rules", "shadow": "", "message": "the fix"},
//              {"push_unchecked": "broken.rules"},        // bypassing push's checks
//              {"rollback": true},                        // or "bundle-0000000003"
//              {"wait": "zk-down"}]}                      // prints it, reads a line on stdin
//
// A reply is named in "replies" or written inline as the value of "check"; its keys are the
// snapshot JSON's "response" keys (err, app_id, partition_count, is_stateful, partitions with
// pidx, ballot, max_replica_count, primary, secondaries, last_drops, last_committed_decree,
// partition_flags; addresses "host:port" or "" for an invalid one). Replies are encoded at
// parse time as a current Pegasus server sends them (ProtoToReply). Every key is checked;
// mistakes are located errors (file:line:col), reported together.

#ifndef DUPREADY_META_INTEGRATION_METASERVER_SCENARIO_H_
#define DUPREADY_META_INTEGRATION_METASERVER_SCENARIO_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "meta_integration/metaserver/duplication_status.h"

namespace dupready {

struct ScenarioStep {
  enum class Kind {
    kCheck,
    kAlter,
    kPersistFails,
    kReload,
    kPush,           // rules_path, shadow_path, message
    kPushUnchecked,  // rules_path, stored as a bundle without being loaded first
    kRollback,       // to rollback_to, or ("") to the previous bundle
    kWait,           // wait_for: print it, then read one line from stdin
  };
  Kind kind = Kind::kCheck;
  int line = 0;         // of the step in the scenario file
  std::string note;     // "" when absent
  int64_t at_ms = -1;   // -1 when absent

  // kCheck
  std::string rpc_err = "ERR_OK";
  std::string reply_name;   // the name in "replies", or "inline"; "" when there is no reply
  std::string reply;        // the encoded bytes (already truncated)
  int partitions = 0;       // in the reply
  int64_t truncated_to = -1;
  int repeat = 1;
  // kAlter
  DupStatus alter_to = DupStatus::kInit;
  // kPersistFails
  int persist_fails = 0;
  // kReload: same files when reload_same, else these paths ("" shadow: none); kPush: these
  // paths; kPushUnchecked: rules_path
  bool reload_same = false;
  std::string rules_path;
  std::string shadow_path;
  std::string message;      // kPush
  std::string rollback_to;  // kRollback
  std::string wait_for;     // kWait
};

struct Scenario {
  std::string description;
  DupContext dup;
  DupStatus status = DupStatus::kInit;
  DupFailMode fail_mode = DupFailMode::kSlow;
  int required_stable_checks = 1;
  std::vector<ScenarioStep> steps;
};

// Parses a scenario; `filename` names it in errors. InvalidArgument with every located error.
absl::StatusOr<Scenario> ParseScenario(std::string_view text, std::string_view filename);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_METASERVER_SCENARIO_H_
