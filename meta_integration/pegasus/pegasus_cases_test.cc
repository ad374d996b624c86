// The follower-check cases of Pegasus's meta_duplication_service_test (its create_app_ok fail
// point), replayed through dupready_host.h and the real plugin: what the patch's gtest expects
// from the plugin holds here. With default.rules every case ends as Pegasus's built-in check
// ends it, error name included; with legacy.rules the single-replica follower is not ready.
#include <cstdio>
#include <string>

#include "gtest/gtest.h"
#include "meta_integration/host/dupready_host.h"
#include "meta_integration/pegasus/mock_follower.h"

namespace dupready {
namespace {

using testonly::MockFollowerReply;
using testonly::MockReplicaState;

const char* g_plugin = nullptr;

// Pegasus's tests create the source table with 8 partitions.
constexpr int32_t kPartitions = 8;

struct PegasusCase {
  const char* name;
  MockReplicaState state;
  int32_t remote_replica_count;
  const char* builtin_err;  // what the built-in check gives: ERR_OK means DS_APP -> DS_LOG
};

// The rows of Pegasus's mark_follower_app_created_for_duplication test that reach the check.
const PegasusCase kCases[] = {
    {"3 replicas, primary and 2 secondaries", {true, 2, 0}, 3, "ERR_OK"},
    {"3 replicas, no primary", {false, 2, 0}, 3, "ERR_INACTIVE_STATE"},
    {"3 replicas, primary and 1 secondary", {true, 1, 0}, 3, "ERR_OK"},
    {"3 replicas, 1 valid and 1 invalid secondary", {true, 1, 1}, 3, "ERR_INACTIVE_STATE"},
    {"3 replicas, only an invalid secondary", {true, 0, 1}, 3, "ERR_INACTIVE_STATE"},
    {"3 replicas, no secondary", {true, 0, 0}, 3, "ERR_NOT_ENOUGH_MEMBER"},
    {"1 replica, primary", {true, 0, 0}, 1, "ERR_OK"},
    {"1 replica, no primary", {false, 0, 0}, 1, "ERR_INACTIVE_STATE"},
};

std::unique_ptr<host::Checker> Open(const std::string& rules) {
  std::shared_ptr<const host::Plugin> plugin;
  std::unique_ptr<host::Checker> checker;
  std::string error;
  EXPECT_TRUE(host::Plugin::Load(g_plugin, &plugin, &error) &&
              host::Checker::Open(plugin, rules, "", &checker, &error))
      << error;
  return checker;
}

host::Verdict Judge(const host::Checker& checker, const PegasusCase& c) {
  // Pegasus's test duplication: source "test_app" to cluster "slave-cluster".
  const dupready_dup_context dup = {"test_app", "slave-cluster", "test_app", kPartitions,
                                    c.remote_replica_count};
  const std::string reply = MockFollowerReply(kPartitions, c.remote_replica_count, c.state);
  host::Verdict v;
  EXPECT_TRUE(checker.Check(dup, "ERR_OK", reply.data(), reply.size(), &v)) << c.name;
  return v;
}

TEST(PegasusCasesTest, DefaultRulesEndEveryCaseAsTheBuiltInCheck) {
  std::unique_ptr<host::Checker> checker = Open("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  for (const PegasusCase& c : kCases) {
    const host::Verdict v = Judge(*checker, c);
    EXPECT_EQ(v.ready, std::string(c.builtin_err) == "ERR_OK") << c.name << ": " << v.message;
    EXPECT_EQ(v.error, c.builtin_err) << c.name << ": " << v.message;
    if (!v.ready) {
      EXPECT_EQ(v.partition, 0) << c.name;  // every partition fails alike: the first decides
    }
  }
}

TEST(PegasusCasesTest, LegacyRulesKeepTheSingleReplicaFollowerInDsApp) {
  std::unique_ptr<host::Checker> checker = Open("rules/legacy.rules");
  ASSERT_NE(checker, nullptr);
  for (const PegasusCase& c : kCases) {
    const host::Verdict v = Judge(*checker, c);
    const bool single_replica_ready = c.remote_replica_count == 1 && c.state.has_primary;
    if (single_replica_ready) {
      EXPECT_FALSE(v.ready) << c.name;
      EXPECT_EQ(v.error, "ERR_NOT_ENOUGH_MEMBER") << c.name;
      EXPECT_EQ(v.rule, "enough_members") << c.name;
    } else {
      EXPECT_EQ(v.error, c.builtin_err) << c.name << ": " << v.message;
    }
  }
}

// The check's RPC failed (Pegasus's row without the fail point): never ready, the RPC's error.
TEST(PegasusCasesTest, AFailedQueryIsNotReady) {
  std::unique_ptr<host::Checker> checker = Open("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  const dupready_dup_context dup = {"test_app", "slave-cluster", "test_app", kPartitions, 3};
  host::Verdict v;
  EXPECT_TRUE(checker->Check(dup, "ERR_NETWORK_FAILURE", nullptr, 0, &v));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_NETWORK_FAILURE");
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s PLUGIN_SO\n", argv[0]);
    return 2;
  }
  dupready::g_plugin = argv[1];
  return RUN_ALL_TESTS();
}
