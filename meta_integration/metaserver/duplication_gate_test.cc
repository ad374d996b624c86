// The DS_APP -> DS_LOG gate: with a scripted checker (log lines, stability, storage failures,
// ERR_BUSY, no checker), then with the real plugin loaded by dlopen.
#include "meta_integration/metaserver/duplication_gate.h"

#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "meta_integration/testing/plugin_test_main.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"

namespace dupready {
namespace {

// Returns the queued verdicts in order (the last one forever).
class ScriptedChecker : public ReadinessChecker {
 public:
  void Push(host::Verdict v) { script_.push_back(std::move(v)); }
  void Check(const DupContext&, std::string_view, std::string_view, host::Verdict* out) override {
    ++calls;
    *out = script_.front();
    if (script_.size() > 1) script_.pop_front();
  }
  int calls = 0;

 private:
  std::deque<host::Verdict> script_;
};

const host::Verdict kReady{true, -1, "ERR_OK", "", ""};
const host::Verdict kNotEnough{false, 0, "ERR_NOT_ENOUGH_MEMBER", "enough_members",
                                  "partition 0 has no secondary"};

// The seed: dup_test -> target_cluster.dup_test_3, 4 partitions, 1 replica.
const DupContext kSeed{/*dup_id=*/7, "dup_test", "target_cluster", "dup_test_3", 4, 1};

const char kSeedLine[] =
    "query follower app[target_cluster.dup_test_3] replica configuration completed, result: "
    "duplication_status = DS_APP, query_err = ERR_NOT_ENOUGH_MEMBER, update_err = "
    "ERR_NO_NEED_OPERATE, rule = enough_members, partition = 0, reason = partition 0 has no "
    "secondary";

// A gate in front of `checker` (or of a scripted checker that answers `script` in order),
// storage that can fail, the log, and the seed's duplication in DS_APP.
struct Fixture {
  explicit Fixture(ReadinessChecker* checker, int stable = 1, std::string why = "")
      : storage(&memory),
        gate(checker, std::move(why), &storage, GateOptions{stable},
             [this](GateLogLevel level, const std::string& msg) { logs.push_back({level, msg}); }) {}
  explicit Fixture(std::initializer_list<host::Verdict> script, int stable = 1)
      : Fixture(&scripted, stable) {
    for (const host::Verdict& v : script) scripted.Push(v);
  }
  // One round of the check with the RPC's error ERR_OK and these reply bytes.
  GateOutcome Reply(std::string_view bytes = "bytes") {
    return gate.OnFollowerReply(&dup, "ERR_OK", bytes);
  }
  ScriptedChecker scripted;
  InMemoryMetaStorage memory;
  FaultInjectingMetaStorage storage;
  std::vector<std::pair<GateLogLevel, std::string>> logs;
  DuplicationGate gate;
  Duplication dup{kSeed, DupStatus::kApp};
};

TEST(DuplicationGateTest, NotReadyLogsTheSeedLineAndStays) {
  Fixture f({kNotEnough});
  GateOutcome o = f.Reply();
  EXPECT_TRUE(o.checked);
  EXPECT_FALSE(o.advanced);
  EXPECT_EQ(o.query_err, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(o.update_err, "ERR_NO_NEED_OPERATE");
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  EXPECT_FALSE(f.dup.is_altering());
  ASSERT_EQ(f.logs.size(), 1u);
  EXPECT_EQ(f.logs[0].first, GateLogLevel::kError);
  EXPECT_EQ(f.logs[0].second, kSeedLine);
  EXPECT_EQ(f.storage.sets_attempted(), 0);
}

TEST(DuplicationGateTest, ReadyAdvancesThroughStorage) {
  Fixture f({kReady});
  GateOutcome o = f.Reply();
  EXPECT_TRUE(o.advanced);
  EXPECT_EQ(o.update_err, "ERR_OK");
  EXPECT_EQ(f.dup.status(), DupStatus::kLog);
  absl::StatusOr<std::string> stored = f.memory.Get("/duplication/dup_test/7");
  ASSERT_TRUE(stored.ok());
  EXPECT_NE(stored->find("\"status\":\"DS_LOG\""), std::string::npos);
  // In DS_LOG there is nothing to check any more.
  o = f.Reply();
  EXPECT_FALSE(o.checked);
  EXPECT_EQ(f.scripted.calls, 1);
}

TEST(DuplicationGateTest, StorageFailureLeavesTheStatus) {
  Fixture f({kReady});
  f.storage.FailNextSets(1);
  GateOutcome o = f.Reply();
  EXPECT_FALSE(o.advanced);
  EXPECT_EQ(o.update_err, "ERR_ZOOKEEPER_OPERATION");
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  EXPECT_FALSE(f.dup.is_altering());
  EXPECT_FALSE(f.memory.Get("/duplication/dup_test/7").ok());
  ASSERT_FALSE(f.logs.empty());
  EXPECT_NE(f.logs.back().second.find("update_err = ERR_ZOOKEEPER_OPERATION"), std::string::npos);
  EXPECT_NE(f.logs.back().second.find("the status stays DS_APP"), std::string::npos);
  o = f.Reply();  // storage is back
  EXPECT_TRUE(o.advanced);
  EXPECT_EQ(f.dup.status(), DupStatus::kLog);
}

TEST(DuplicationGateTest, AlterWhileAlteringIsBusy) {
  Fixture f({kReady});
  ASSERT_EQ(f.dup.AlterStatus(DupStatus::kLog), kErrOk);  // an earlier change still being stored
  GateOutcome o = f.Reply();
  EXPECT_EQ(o.update_err, "ERR_BUSY");
  EXPECT_FALSE(o.advanced);
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  EXPECT_NE(f.logs.back().second.find("query_err = ERR_OK, update_err = ERR_BUSY"),
            std::string::npos);
}

TEST(DuplicationGateTest, RequiresConsecutiveReadyChecks) {
  Fixture f({kReady, kReady, kNotEnough, kReady, kReady, kReady}, /*stable=*/3);
  std::vector<int> streaks;
  for (int i = 0; i < 5; ++i) {
    GateOutcome o = f.Reply();
    EXPECT_FALSE(o.advanced) << i;
    streaks.push_back(o.stable_checks);
  }
  EXPECT_EQ(streaks, (std::vector<int>{1, 2, 0, 1, 2}));
  EXPECT_EQ(f.gate.stable_checks(f.dup), 2);
  EXPECT_NE(f.logs.back().second.find("ready in 2 consecutive check(s); 3 required"),
            std::string::npos);
  GateOutcome o = f.Reply();
  EXPECT_TRUE(o.advanced);
  EXPECT_EQ(o.stable_checks, 3);
  EXPECT_EQ(f.dup.status(), DupStatus::kLog);
}

TEST(DuplicationGateTest, OnlyDsAppIsChecked) {
  Fixture f({kReady});
  for (DupStatus s : {DupStatus::kInit, DupStatus::kPrepare, DupStatus::kPause, DupStatus::kRemoved}) {
    Duplication dup(kSeed, s);
    EXPECT_FALSE(f.gate.OnFollowerReply(&dup, "ERR_OK", "bytes").checked);
    EXPECT_EQ(dup.status(), s);
  }
  EXPECT_EQ(f.scripted.calls, 0);
}

TEST(DuplicationGateTest, WithoutACheckerNeverAdvances) {
  Fixture f(nullptr, 1, "cannot load dupready plugin /x.so: no such file");
  for (int i = 0; i < 3; ++i) {
    GateOutcome o = f.Reply();
    EXPECT_FALSE(o.advanced);
    EXPECT_EQ(o.query_err, "ERR_SERVICE_NOT_ACTIVE");
  }
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  ASSERT_EQ(f.logs.size(), 3u);
  EXPECT_NE(f.logs[0].second.find("no such file"), std::string::npos);
  EXPECT_NE(f.logs[0].second.find("stays in DS_APP"), std::string::npos);
}

TEST(DuplicationGateTest, ChangeStatusWalksThePath) {
  InMemoryMetaStorage storage;
  Duplication dup(kSeed, DupStatus::kInit);
  EXPECT_EQ(ChangeStatus(&dup, DupStatus::kPrepare, &storage), kErrOk);
  EXPECT_EQ(ChangeStatus(&dup, DupStatus::kLog, &storage), kErrInvalidParameters);
  EXPECT_EQ(ChangeStatus(&dup, DupStatus::kApp, &storage), kErrOk);
  EXPECT_EQ(ChangeStatus(&dup, DupStatus::kApp, &storage), kErrOk);  // already there
  EXPECT_EQ(dup.status(), DupStatus::kApp);
}

// ---- With the real plugin ----

std::string SeedReply() {
  QueryConfigResponse resp;
  resp.set_err("ERR_OK");
  resp.set_app_id(3);
  resp.set_partition_count(4);
  for (int i = 0; i < 4; ++i) {
    PartitionConfig* p = resp.add_partitions();
    p->set_pidx(i);
    p->set_ballot(3);
    p->set_max_replica_count(1);
    p->mutable_primary()->set_host("10.0.0.1");
    p->mutable_primary()->set_port(34801);
    p->set_last_committed_decree(100);
  }
  return *EncodeQueryCfgResponse(*ProtoToReply(resp));
}

// The plugin opened through dupready_host.h, as meta_sim and a meta server open it.
struct OpenPlugin {
  explicit OpenPlugin(const std::string& rules) {
    std::shared_ptr<const host::Plugin> library;
    ok = host::Plugin::Load(testonly::PluginPath(), &library, &error) &&
         host::Checker::Open(library, rules, "", &checker, &error);
  }
  bool ok = false;
  std::string error;
  std::unique_ptr<host::Checker> checker;
};

TEST(DuplicationGatePluginTest, LegacyRulesReproduceTheSeed) {
  ASSERT_NE(testonly::PluginPath(), nullptr);
  OpenPlugin plugin("rules/legacy.rules");
  ASSERT_TRUE(plugin.ok) << plugin.error;
  PluginReadiness readiness(plugin.checker.get());
  Fixture f(&readiness);
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(f.Reply(SeedReply()).advanced);
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  ASSERT_EQ(f.logs.size(), 3u);
  EXPECT_EQ(f.logs[2].second, kSeedLine);

  // Hot reload to the fixed rules: the next check passes.
  std::string error;
  ASSERT_TRUE(plugin.checker->ReloadFrom("rules/default.rules", "", &error)) << error;
  EXPECT_TRUE(f.Reply(SeedReply()).advanced);
  EXPECT_EQ(f.dup.status(), DupStatus::kLog);
  std::string stats;
  ASSERT_TRUE(plugin.checker->StatsJson(&stats));
  EXPECT_NE(stats.find("\"reloads_ok\":1"), std::string::npos) << stats;
}

TEST(DuplicationGatePluginTest, TruncatedReplyIsInvalidData) {
  OpenPlugin plugin("rules/default.rules");
  ASSERT_TRUE(plugin.ok) << plugin.error;
  PluginReadiness readiness(plugin.checker.get());
  Fixture f(&readiness);
  std::string reply = SeedReply();
  GateOutcome o = f.Reply(reply.substr(0, reply.size() - 3));
  EXPECT_FALSE(o.advanced);
  EXPECT_EQ(o.query_err, "ERR_INVALID_DATA");
  EXPECT_EQ(f.dup.status(), DupStatus::kApp);
  EXPECT_NE(f.logs.back().second.find("rule = -, partition = -1, reason = the reply from"),
            std::string::npos)
      << f.logs.back().second;
}

TEST(DuplicationGatePluginTest, LoadFailuresSayWhy) {
  std::shared_ptr<const host::Plugin> library;
  std::string error;
  EXPECT_FALSE(host::Plugin::Load("/nonexistent/libdupready_plugin.so", &library, &error));
  EXPECT_NE(error.find("/nonexistent/libdupready_plugin.so"), std::string::npos) << error;
  OpenPlugin no_rules("rules/no_such.rules");
  EXPECT_FALSE(no_rules.ok);
  EXPECT_NE(no_rules.error.find("rules/no_such.rules"), std::string::npos) << no_rules.error;
  // A library that is not dupready: libc has none of the functions.
  EXPECT_FALSE(host::Plugin::Load("libc.so.6", &library, &error));
  EXPECT_NE(error.find("it has no dupready_abi_version"), std::string::npos) << error;
}

}  // namespace
}  // namespace dupready
