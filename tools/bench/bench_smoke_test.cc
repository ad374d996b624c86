// Smoke test of the readiness benchmark: on every table it times and on a few edge cases,
// every contender and every path (engine, hand-written C++, Lua 5.4, LuaJIT on prebuilt data;
// Pegasus's path, the plugin's and the direct decoder's from reply bytes; facts from the
// decoded struct) gives the hand-written verdict; the hand-written check matches the engine
// tests' reference implementation of Pegasus's check; and the floor walk reads every timed
// reply.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "engine/rule_set.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"
#include "meta_integration/plugin/reply_decoder.h"
#include "meta_integration/plugin/reply_facts.h"
#include "tools/bench/bench_data.h"
#include "tools/bench/engine_rules.h"
#include "tools/bench/floor_walk.h"
#include "tools/bench/handwritten.h"
#include "tools/bench/lua_peer.h"
#include "tools/bench/overlay_gen.h"
#include "tools/bench/reply_paths.h"

namespace dupready {
namespace bench {
namespace {

const RuleSetKind kKinds[] = {RuleSetKind::kDefault, RuleSetKind::kStrict,
                              RuleSetKind::kOverlay200};
// The rule sets the reply paths are timed with.
const RuleSetKind kReplyKinds[] = {RuleSetKind::kDefault, RuleSetKind::kStrict};

struct Case {
  std::string name;
  FollowerTable table;
};

std::vector<Case> Cases() {
  std::vector<Case> cases;
  auto add = [&](const std::string& name, FollowerTable t) {
    cases.push_back({name, std::move(t)});
  };
  add("healthy", MakeTable(16, Health::kHealthy));
  add("failing_middle", MakeTable(16, Health::kFailingMiddle));
  FollowerTable t = MakeTable(16, Health::kHealthy);
  t.partitions[5].primary = HostPort{};
  add("no_primary", t);
  t = MakeTable(16, Health::kHealthy);
  t.partitions[3].secondaries.clear();
  add("no_secondary", t);
  t = MakeTable(16, Health::kHealthy);
  for (PartitionConfig& p : t.partitions) {
    p.max_replica_count = 1;
    p.secondaries.clear();
  }
  add("single_replica", t);
  t = MakeTable(16, Health::kHealthy);
  t.partitions[9].secondaries.pop_back();
  add("one_secondary_of_two", t);
  t = MakeTable(16, Health::kHealthy);
  t.partition_count = 32;
  add("count_mismatch", t);
  t = MakeTable(16, Health::kHealthy);
  t.rpc_err = "ERR_TIMEOUT";
  add("rpc_error", t);
  t = MakeTable(16, Health::kHealthy);
  t.response_err = "ERR_APP_NOT_EXIST";
  add("response_error", t);
  t = MakeTable(16, Health::kHealthy);
  t.partitions[7].partition_flags = 1003;  // overlay_003: partition_flags != 1003
  add("overlay_flags", t);
  t = MakeTable(16, Health::kHealthy);
  t.partitions[4].last_drops = {HostPort{"10.0.0.9", 16, 1}};  // overlay_015: no port 16
  add("overlay_last_drop", t);
  return cases;
}

std::string Render(const CheckResult& r) {
  return std::string(r.error) + "@" + std::to_string(r.partition);
}
std::string Render(const Verdict& v) { return v.error + "@" + std::to_string(v.partition); }

class BenchSmokeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto read = RuleFiles::Read();
    ASSERT_TRUE(read.ok()) << read.status();
    files_ = new RuleFiles(*std::move(read));
    for (RuleSetKind k : kKinds) {
      auto rules = LoadEngineRules(k, *files_);
      ASSERT_TRUE(rules.ok()) << RuleSetName(k) << ": " << rules.status();
      engines_[static_cast<int>(k)] = rules->release();
    }
  }
  static const RuleSet* Engine(RuleSetKind k) { return engines_[static_cast<int>(k)]; }

  static RuleFiles* files_;
  static const RuleSet* engines_[3];
};
RuleFiles* BenchSmokeTest::files_ = nullptr;
const RuleSet* BenchSmokeTest::engines_[3] = {};

TEST_F(BenchSmokeTest, HandwrittenMatchesTheReferenceCheck) {
  for (const Case& c : Cases()) {
    for (bool strict : {false, true}) {
      const testing::ReferenceVerdict want =
          testing::PegasusCheck(c.table, /*fixed=*/true, strict);
      const CheckResult got =
          CheckHandwritten(c.table, strict ? RuleSetKind::kStrict : RuleSetKind::kDefault);
      EXPECT_EQ(Render(got), want.error + "@" + std::to_string(want.partition))
          << c.name << (strict ? " strict" : "");
    }
  }
}

TEST_F(BenchSmokeTest, EngineAgreesWithHandwritten) {
  for (const Case& c : Cases()) {
    FollowerFacts facts;
    BuildFacts(c.table, &facts);
    for (RuleSetKind k : kKinds) {
      EXPECT_EQ(Render(Engine(k)->Check(facts)), Render(CheckHandwritten(c.table, k)))
          << c.name << " " << RuleSetName(k);
    }
  }
}

TEST_F(BenchSmokeTest, LuaPeersAgreeWithHandwritten) {
  for (LuaFlavor flavor : {LuaFlavor::kLua54, LuaFlavor::kLuaJit}) {
    std::string error;
    std::unique_ptr<LuaPeer> lua = LuaPeer::Open(flavor, &error);
    ASSERT_NE(lua, nullptr) << error;  // tools/bazel installs both libraries
    for (const Case& c : Cases()) {
      ASSERT_TRUE(lua->SetTable(c.table, &error)) << error;
      for (RuleSetKind k : kKinds) {
        EXPECT_EQ(Render(lua->Check(k)), Render(CheckHandwritten(c.table, k)))
            << lua->name() << " " << c.name << " " << RuleSetName(k);
      }
      for (RuleSetKind k : kKinds) {
        EXPECT_EQ(Render(lua->CheckTablesForm(k)), Render(CheckHandwritten(c.table, k)))
            << lua->name() << " tables " << c.name << " " << RuleSetName(k);
      }
    }
  }
}

TEST_F(BenchSmokeTest, BothLuaFlavoursLiveInOneProcess) {
  std::string error;
  std::unique_ptr<LuaPeer> a = LuaPeer::Open(LuaFlavor::kLua54, &error);
  std::unique_ptr<LuaPeer> b = LuaPeer::Open(LuaFlavor::kLuaJit, &error);
  ASSERT_TRUE(a && b) << error;
  EXPECT_EQ(a->version(), "Lua 5.4");
  EXPECT_EQ(b->version().rfind("Lua 5.1 / LuaJIT 2.1", 0), 0u) << b->version();
  const FollowerTable t = MakeTable(16, Health::kFailingMiddle);
  ASSERT_TRUE(a->SetTable(t, &error) && b->SetTable(t, &error)) << error;
  EXPECT_EQ(Render(a->Check(RuleSetKind::kDefault)), Render(b->Check(RuleSetKind::kDefault)));
}

// Every path from a reply to a verdict, on `table` (whose RPC succeeded): Pegasus's path
// (generated decode + hand-written check) and the plugin's from the reply bytes, facts from
// the decoded struct, all give the hand-written verdict; the floor walk reads the reply.
void ExpectReplyPathsAgree(const std::string& name, const FollowerTable& table,
                           const RuleFiles& files, const RuleSet* const* engines) {
  const std::string bytes = EncodeTable(table);
  pegasus_wire::query_cfg_response reply;
  ASSERT_TRUE(GeneratedDecode(bytes, &reply)) << name;
  uint64_t sum = 0;
  EXPECT_TRUE(FloorWalk(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), &sum))
      << name;
  const DupContextView dup{table.app_name, table.remote_cluster_name, table.remote_app_name,
                           table.partition_count, table.remote_replica_count};
  for (RuleSetKind k : kReplyKinds) {
    const std::string want = Render(CheckHandwritten(table, k));
    const std::string where = name + " " + RuleSetName(k);
    EXPECT_EQ(Render(CheckDecoded(k, table.partition_count, table.rpc_err, reply)), want) << where;
    absl::StatusOr<std::unique_ptr<PluginPath>> plugin = PluginPath::Open(k, files);
    ASSERT_TRUE(plugin.ok()) << plugin.status();
    EXPECT_EQ(Render((*plugin)->Check(dup, bytes)), want) << where << " plugin path";
    DecodedEnginePath decoded(engines[static_cast<int>(k)]);
    EXPECT_EQ(Render(decoded.Check(dup, reply)), want) << where << " from the struct";
    // The direct decoder alone (the plugin path's decode, timed as part/direct_facts), then
    // the rules: the same verdict without the plugin around it.
    ReplyDecoder decoder;
    FollowerFacts facts;
    ASSERT_TRUE(decoder.Decode(dup, "ERR_OK", reinterpret_cast<const uint8_t*>(bytes.data()),
                               bytes.size(), &facts)
                    .ok())
        << where;
    EXPECT_EQ(Render(engines[static_cast<int>(k)]->Check(facts)), want) << where << " direct";
  }
}

TEST_F(BenchSmokeTest, ReplyPathsAgreeOnEdgeCases) {
  for (const Case& c : Cases()) {
    if (c.table.rpc_err != "ERR_OK") continue;  // no reply to decode
    ExpectReplyPathsAgree(c.name, c.table, *files_, engines_);
  }
}

TEST_F(BenchSmokeTest, ReplyPathsAgreeOnEveryTimedTable) {
  for (int n : kTableSizes) {
    for (Health h : {Health::kHealthy, Health::kFailingMiddle}) {
      ExpectReplyPathsAgree(std::to_string(n) + (h == Health::kHealthy ? " healthy" : " failing"),
                            MakeTable(n, h), *files_, engines_);
    }
  }
}

TEST_F(BenchSmokeTest, EvalPathsAgreeOnEveryTimedTable) {
  std::unique_ptr<LuaPeer> lua[2];
  std::string error;
  lua[0] = LuaPeer::Open(LuaFlavor::kLua54, &error);
  lua[1] = LuaPeer::Open(LuaFlavor::kLuaJit, &error);
  ASSERT_TRUE(lua[0] && lua[1]) << error;
  FollowerFacts facts;
  for (int n : kTableSizes) {
    for (Health h : {Health::kHealthy, Health::kFailingMiddle}) {
      const FollowerTable t = MakeTable(n, h);
      const std::string name = std::to_string(n) + (h == Health::kHealthy ? " healthy" : " failing");
      BuildFacts(t, &facts);
      for (auto& peer : lua) ASSERT_TRUE(peer->SetTable(t, &error)) << error;
      for (RuleSetKind k : kKinds) {
        const std::string want = Render(CheckHandwritten(t, k));
        EXPECT_EQ(Render(Engine(k)->Check(facts)), want) << name << " " << RuleSetName(k);
        for (auto& peer : lua) {
          EXPECT_EQ(Render(peer->Check(k)), want) << peer->name() << " " << name;
          if (k == RuleSetKind::kDefault) {
            EXPECT_EQ(Render(peer->CheckTablesForm(k)), want) << peer->name() << " tables " << name;
          }
        }
      }
    }
  }
}

TEST_F(BenchSmokeTest, GeneratedFilesLoad) {
  for (int n : {6, 100, 1000}) {
    auto rules = RuleSet::FromText("generated.rules", LargeRuleFile(n), nullptr, BenchLimits());
    ASSERT_TRUE(rules.ok()) << rules.status();
    EXPECT_EQ((*rules)->rules().size(), static_cast<size_t>(n));
    FollowerFacts facts;
    const FollowerTable t = MakeTable(64, Health::kHealthy);
    BuildFacts(t, &facts);
    EXPECT_TRUE((*rules)->Check(facts).ready) << (*rules)->Check(facts).message;
  }
  EXPECT_EQ(Engine(RuleSetKind::kOverlay200)->rules().size(),
            static_cast<size_t>(6 + kOverlayRules));
}

}  // namespace
}  // namespace bench
}  // namespace dupready
