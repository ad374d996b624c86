// dupready_host.h over the real libdupready_plugin.so: every load error a host can meet (no
// file, not a plugin, another ABI version, a missing function), opening rules, checks of
// Pegasus's own follower cases, reloads, counters, the logger, and who keeps the library.
#include "meta_integration/host/dupready_host.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/pegasus/mock_follower.h"

namespace dupready {
namespace host {
namespace {

using testing::ReadFile;
using testing::TempPath;
using testing::WriteFile;

using testonly::MockFollowerReply;

const char* g_plugin = nullptr;
const char* g_abi2 = nullptr;
const char* g_without_stats = nullptr;
const char* g_not_a_plugin = nullptr;

// Pegasus's test duplication: 4 partitions, follower with 3 replicas.
const dupready_dup_context kDup = {"dup_test", "target_cluster", "dup_test_3", 4, 3};

std::shared_ptr<const Plugin> LoadOrDie() {
  std::shared_ptr<const Plugin> plugin;
  std::string error;
  EXPECT_TRUE(Plugin::Load(g_plugin, &plugin, &error)) << error;
  return plugin;
}

std::unique_ptr<Checker> OpenOrDie(const std::string& rules, const std::string& shadow = "") {
  std::unique_ptr<Checker> checker;
  std::string error;
  EXPECT_TRUE(Checker::Open(LoadOrDie(), rules, shadow, &checker, &error)) << error;
  return checker;
}

Verdict CheckReply(const Checker& checker, const std::string& reply,
                   const dupready_dup_context& dup = kDup) {
  Verdict v;
  EXPECT_TRUE(checker.Check(dup, "ERR_OK", reply.data(), reply.size(), &v));
  return v;
}

// ---- Load ----------------------------------------------------------------------------------

TEST(PluginLoadTest, LoadsTheRealPlugin) {
  std::shared_ptr<const Plugin> plugin;
  std::string error = "untouched";
  ASSERT_TRUE(Plugin::Load(g_plugin, &plugin, &error));
  ASSERT_NE(plugin, nullptr);
  EXPECT_EQ(plugin->path(), g_plugin);
  EXPECT_EQ(error, "untouched");  // success leaves *error alone
}

TEST(PluginLoadTest, MissingFileSaysWhatTheLoaderSaid) {
  std::shared_ptr<const Plugin> plugin = LoadOrDie();  // *out is reset on failure
  std::string error;
  EXPECT_FALSE(Plugin::Load("/nonexistent/libdupready_plugin.so", &plugin, &error));
  EXPECT_EQ(plugin, nullptr);
  EXPECT_EQ(error,
            "cannot load the dupready plugin /nonexistent/libdupready_plugin.so: "
            "/nonexistent/libdupready_plugin.so: cannot open shared object file: No such file "
            "or directory");
}

TEST(PluginLoadTest, AFileThatIsNotALibrary) {
  std::shared_ptr<const Plugin> plugin;
  std::string error;
  EXPECT_FALSE(Plugin::Load("rules/default.rules", &plugin, &error));
  EXPECT_EQ(plugin, nullptr);
  EXPECT_EQ(error.rfind("cannot load the dupready plugin rules/default.rules: ", 0), 0u) << error;
}

TEST(PluginLoadTest, ALibraryWithoutThePluginFunctions) {
  std::shared_ptr<const Plugin> plugin;
  std::string error;
  EXPECT_FALSE(Plugin::Load(g_not_a_plugin, &plugin, &error));
  EXPECT_EQ(plugin, nullptr);
  EXPECT_EQ(error, std::string(g_not_a_plugin) +
                       " is not a dupready plugin: it has no dupready_abi_version");
}

TEST(PluginLoadTest, AnotherAbiVersion) {
  std::shared_ptr<const Plugin> plugin;
  std::string error;
  EXPECT_FALSE(Plugin::Load(g_abi2, &plugin, &error));
  EXPECT_EQ(plugin, nullptr);
  EXPECT_EQ(error, "the dupready plugin " + std::string(g_abi2) +
                       " has ABI version 2; this host needs version 1");
}

TEST(PluginLoadTest, AMissingFunctionIsNamed) {
  std::shared_ptr<const Plugin> plugin;
  std::string error;
  EXPECT_FALSE(Plugin::Load(g_without_stats, &plugin, &error));
  EXPECT_EQ(plugin, nullptr);
  EXPECT_EQ(error, std::string(g_without_stats) +
                       " is not a dupready plugin: it lacks dupready_stats_json");
}

// ---- Open ----------------------------------------------------------------------------------

TEST(CheckerOpenTest, MissingRulesFile) {
  std::unique_ptr<Checker> checker;
  std::string error;
  EXPECT_FALSE(Checker::Open(LoadOrDie(), "rules/no_such.rules", "", &checker, &error));
  EXPECT_EQ(checker, nullptr);
  EXPECT_NE(error.find("rules/no_such.rules"), std::string::npos) << error;
}

TEST(CheckerOpenTest, ABrokenRuleFileIsLocated) {
  const std::string path = TempPath("broken.rules");
  WriteFile(path,
            "table t:\n"
            "  require rpc_err == ERR_OK\n"
            "  else ERR_NOT_ENOUGH_MEMBERS \"x\"\n");
  std::unique_ptr<Checker> checker;
  std::string error;
  EXPECT_FALSE(Checker::Open(LoadOrDie(), path, "", &checker, &error));
  EXPECT_EQ(checker, nullptr);
  EXPECT_NE(error.find(path + ":3:8: error: unknown error code 'ERR_NOT_ENOUGH_MEMBERS'"),
            std::string::npos)
      << error;
}

TEST(CheckerOpenTest, ABrokenShadowFileFailsTheOpen) {
  std::unique_ptr<Checker> checker;
  std::string error;
  EXPECT_FALSE(Checker::Open(LoadOrDie(), "rules/default.rules", "rules/no_such.rules",
                             &checker, &error));
  EXPECT_EQ(checker, nullptr);
  EXPECT_NE(error.find("rules/no_such.rules"), std::string::npos) << error;
}

// ---- Check ---------------------------------------------------------------------------------

TEST(CheckerCheckTest, PegasusCasesUnderTheDefaultRules) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules");
  ASSERT_NE(checker, nullptr);

  Verdict v = CheckReply(*checker, MockFollowerReply(4, 3, {true, 2, 0}));
  EXPECT_TRUE(v.ready) << v.message;
  EXPECT_EQ(v.error, "ERR_OK");
  EXPECT_EQ(v.rule, "");
  EXPECT_EQ(v.partition, -1);

  v = CheckReply(*checker, MockFollowerReply(4, 3, {true, 0, 0}));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_NOT_ENOUGH_MEMBER");
  EXPECT_EQ(v.rule, "enough_members");
  EXPECT_EQ(v.partition, 0);
  EXPECT_EQ(v.message, "partition 0 has no secondary, with 3 replicas configured");

  v = CheckReply(*checker, MockFollowerReply(4, 3, {false, 2, 0}));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_INACTIVE_STATE");
  EXPECT_EQ(v.rule, "primary_alive");

  // The single-replica follower: ready with the rules of today.
  const dupready_dup_context single = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  v = CheckReply(*checker, MockFollowerReply(4, 1, {true, 0, 0}), single);
  EXPECT_TRUE(v.ready) << v.message;
}

TEST(CheckerCheckTest, RpcErrorsUndecodableRepliesAndMisuse) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  Verdict v;
  EXPECT_TRUE(checker->Check(kDup, "ERR_TIMEOUT", nullptr, 0, &v));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_TIMEOUT");
  EXPECT_EQ(v.rule, "remote_call_ok");

  const std::string reply = MockFollowerReply(4, 3, {true, 2, 0});
  EXPECT_TRUE(checker->Check(kDup, "ERR_OK", reply.data(), reply.size() / 2, &v));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_INVALID_DATA");
  EXPECT_EQ(v.rule, "");
  EXPECT_FALSE(v.message.empty());

  // Refused by the plugin: a length without bytes. The verdict is still written, not ready.
  v.ready = true;
  EXPECT_FALSE(checker->Check(kDup, "ERR_OK", nullptr, 10, &v));
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.error, "ERR_INVALID_PARAMETERS");
}

// ---- Reload, ReloadFrom --------------------------------------------------------------------

TEST(CheckerReloadTest, ReloadSwapsRulesAndAFailedReloadKeepsThem) {
  const std::string path = TempPath("site.rules");
  WriteFile(path, ReadFile("rules/default.rules"));
  std::unique_ptr<Checker> checker = OpenOrDie(path);
  ASSERT_NE(checker, nullptr);
  const dupready_dup_context single = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  const std::string reply = MockFollowerReply(4, 1, {true, 0, 0});
  EXPECT_TRUE(CheckReply(*checker, reply, single).ready);

  // The rule of old Pegasus releases, then a reload: the single-replica follower is stuck.
  WriteFile(path, ReadFile("rules/default.rules") +
                      "\npartition always_a_secondary:\n"
                      "  require size(secondaries) >= 1\n"
                      "  else ERR_NOT_ENOUGH_MEMBER \"partition {pidx} has no secondary\"\n");
  std::string error;
  ASSERT_TRUE(checker->Reload(&error)) << error;
  Verdict v = CheckReply(*checker, reply, single);
  EXPECT_FALSE(v.ready);
  EXPECT_EQ(v.rule, "always_a_secondary");

  // A broken file: the reload fails, located, and the rules in force stay.
  WriteFile(path, "partition p:\n  require nonsense(\n");
  EXPECT_FALSE(checker->Reload(&error));
  EXPECT_NE(error.find(path + ":3:1: error: expected an expression, found end of file"),
            std::string::npos)
      << error;
  EXPECT_EQ(CheckReply(*checker, reply, single).rule, "always_a_secondary");
}

TEST(CheckerReloadTest, ReloadFromMovesToOtherFilesForLaterReloads) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  const dupready_dup_context single = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  const std::string reply = MockFollowerReply(4, 1, {true, 0, 0});
  std::string error;
  ASSERT_TRUE(checker->ReloadFrom("rules/legacy.rules", "", &error)) << error;
  EXPECT_EQ(CheckReply(*checker, reply, single).error, "ERR_NOT_ENOUGH_MEMBER");
  ASSERT_TRUE(checker->Reload(&error)) << error;  // re-reads legacy.rules, not default.rules
  EXPECT_EQ(CheckReply(*checker, reply, single).error, "ERR_NOT_ENOUGH_MEMBER");

  EXPECT_FALSE(checker->ReloadFrom("rules/no_such.rules", "", &error));
  EXPECT_NE(error.find("rules/no_such.rules"), std::string::npos) << error;
  EXPECT_EQ(CheckReply(*checker, reply, single).error, "ERR_NOT_ENOUGH_MEMBER");
}

// ---- Stats ---------------------------------------------------------------------------------

TEST(CheckerStatsTest, CountersAddUp) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  CheckReply(*checker, MockFollowerReply(4, 3, {true, 2, 0}));
  CheckReply(*checker, MockFollowerReply(4, 3, {true, 0, 0}));
  CheckReply(*checker, MockFollowerReply(4, 3, {true, 0, 0}));
  std::string error;
  EXPECT_FALSE(checker->ReloadFrom("rules/no_such.rules", "", &error));
  std::string json;
  ASSERT_TRUE(checker->StatsJson(&json));
  EXPECT_EQ(json.front(), '{');
  EXPECT_EQ(json.back(), '}');
  EXPECT_NE(json.find("\"rules_path\":\"rules/default.rules\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"checks\":3,\"ready\":1,\"not_ready\":2,"), std::string::npos) << json;
  EXPECT_NE(json.find("\"primary_alive\":0,\"enough_members\":2,\"secondaries_alive\":0}"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"reloads_ok\":0,\"reloads_failed\":1,\"last_reload_ok\":false"),
            std::string::npos)
      << json;
}

// ---- Logger --------------------------------------------------------------------------------

TEST(CheckerLoggerTest, ReloadsAndShadowDisagreementsReachTheLogger) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules", "rules/legacy.rules");
  ASSERT_NE(checker, nullptr);
  std::vector<std::pair<int, std::string>> lines;
  checker->SetLogger([&lines](int level, const char* msg) { lines.emplace_back(level, msg); });

  const dupready_dup_context single = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  EXPECT_TRUE(CheckReply(*checker, MockFollowerReply(4, 1, {true, 0, 0}), single).ready);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].first, DUPREADY_LOG_WARNING);
  EXPECT_NE(lines[0].second.find("shadow rules disagree"), std::string::npos) << lines[0].second;

  std::string error;
  ASSERT_TRUE(checker->Reload(&error)) << error;
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].first, DUPREADY_LOG_INFO);
  EXPECT_FALSE(checker->ReloadFrom("rules/no_such.rules", "", &error));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2].first, DUPREADY_LOG_ERROR);
  EXPECT_NE(lines[2].second.find("rules/no_such.rules"), std::string::npos) << lines[2].second;

  checker->SetLogger(nullptr);
  ASSERT_TRUE(checker->Reload(&error)) << error;
  EXPECT_EQ(lines.size(), 3u);
}

#if defined(__cpp_exceptions)
TEST(CheckerLoggerTest, ALoggerThatThrowsDoesNotReachThePlugin) {
  std::unique_ptr<Checker> checker = OpenOrDie("rules/default.rules");
  ASSERT_NE(checker, nullptr);
  int calls = 0;
  checker->SetLogger([&calls](int, const char*) {
    ++calls;
    throw std::runtime_error("host logger failed");
  });
  std::string error;
  EXPECT_TRUE(checker->Reload(&error)) << error;
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(CheckReply(*checker, MockFollowerReply(4, 3, {true, 2, 0})).ready);
}
#endif

// ---- Lifetimes -----------------------------------------------------------------------------

TEST(CheckerLifetimeTest, CheckersKeepTheLibraryLoaded) {
  std::shared_ptr<const Plugin> plugin = LoadOrDie();
  std::unique_ptr<Checker> a, b;
  std::string error;
  ASSERT_TRUE(Checker::Open(plugin, "rules/default.rules", "", &a, &error)) << error;
  ASSERT_TRUE(Checker::Open(plugin, "rules/legacy.rules", "", &b, &error)) << error;
  EXPECT_EQ(&a->plugin(), plugin.get());
  plugin.reset();  // the checkers hold the library now
  const dupready_dup_context single = {"dup_test", "target_cluster", "dup_test_3", 4, 1};
  const std::string reply = MockFollowerReply(4, 1, {true, 0, 0});
  EXPECT_TRUE(CheckReply(*a, reply, single).ready);
  a.reset();
  EXPECT_EQ(CheckReply(*b, reply, single).error, "ERR_NOT_ENOUGH_MEMBER");
}

}  // namespace
}  // namespace host
}  // namespace dupready

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PLUGIN ABI2_FAKE WITHOUT_STATS_FAKE NOT_A_PLUGIN\n", argv[0]);
    return 2;
  }
  dupready::host::g_plugin = argv[1];
  dupready::host::g_abi2 = argv[2];
  dupready::host::g_without_stats = argv[3];
  dupready::host::g_not_a_plugin = argv[4];
  return RUN_ALL_TESTS();
}
