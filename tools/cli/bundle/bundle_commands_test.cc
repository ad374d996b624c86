// push, status, rollback and pull against a real ZooKeeper server: the whole cycle on the
// shipped rule files, status with plugin reports (exit 1 naming who is behind, JSON), and
// every refusal with its exit code.
#include <sys/stat.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "engine/json/json.h"
#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/bundles/bundle_store.h"
#include "meta_integration/bundles/testing/bundle_testing.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/zk/testing/zk_test_server.h"
#include "tools/cli/bundle/pull.h"
#include "tools/cli/bundle/push.h"
#include "tools/cli/bundle/rollback.h"
#include "tools/cli/bundle/status.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using testing::ReadFile;
using testing::TempPath;
using testing::WriteFile;

using Outcome = testing::CommandOutcome;
Outcome Do(testing::CommandMain cmd, const std::vector<std::string>& args) {
  return testing::RunCommand(cmd, args);
}

class BundleCommandsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<ZkTestServer*> server = SharedZkTestServer();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *server;
    test_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    uri_ = "zk://" + server_->hosts() + "/cli/" + test_;
  }

  // A client and store of the test's own, to look at ZooKeeper behind the commands' backs.
  std::unique_ptr<ZkClient> Client() {
    absl::StatusOr<std::unique_ptr<ZkClient>> zk = ConnectTestClient(*server_);
    EXPECT_TRUE(zk.ok()) << zk.status();
    return zk.ok() ? *std::move(zk) : nullptr;
  }

  ZkTestServer* server_ = nullptr;
  std::string test_, uri_;
};

TEST_F(BundleCommandsTest, PushStatusPullRollback) {
  Outcome first = Do(RunPush, {uri_, "rules/default.rules", "--message", "the defaults"});
  ASSERT_EQ(first.code, 0) << first.err;
  EXPECT_NE(first.out.find("pushed bundle-0000000000 (sha256 "), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("replaces nothing"), std::string::npos) << first.out;

  Outcome second =
      Do(RunPush, {uri_, "rules/examples/single_replica.rules", "--shadow", "rules/legacy.rules",
                   "--message", "single replicas", "--author", "alice"});
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.out.find("pushed bundle-0000000001"), std::string::npos) << second.out;
  EXPECT_NE(second.out.find("3 files, root examples/single_replica.rules, shadow legacy.rules"),
            std::string::npos)
      << second.out;
  EXPECT_NE(second.out.find("replaces bundle-0000000000"), std::string::npos);

  Outcome status = Do(RunStatus, {uri_});
  EXPECT_EQ(status.code, 0) << status.err;  // no plugin reports: nobody is behind
  EXPECT_NE(status.out.find("current  bundle-0000000001"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("alice  single replicas"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("history  (newest first, 2 of 2)"), std::string::npos);
  EXPECT_NE(status.out.find("  * bundle-0000000001"), std::string::npos);
  EXPECT_NE(status.out.find("    bundle-0000000000"), std::string::npos);
  EXPECT_NE(status.out.find("result   every meta (0) runs bundle-0000000001"), std::string::npos);

  // pull writes the three files as they were pushed; they load as files again.
  const std::string out_dir = TempPath("pulled");
  Outcome pull = Do(RunPull, {uri_, "--out", out_dir});
  ASSERT_EQ(pull.code, 0) << pull.err;
  EXPECT_NE(pull.out.find("root " + out_dir + "/examples/single_replica.rules, shadow " + out_dir +
                          "/legacy.rules"),
            std::string::npos)
      << pull.out;
  EXPECT_EQ(ReadFile(out_dir + "/default.rules"), ReadFile("rules/default.rules"));
  EXPECT_EQ(ReadFile(out_dir + "/legacy.rules"), ReadFile("rules/legacy.rules"));
  EXPECT_EQ(ReadFile(out_dir + "/examples/single_replica.rules"),
            ReadFile("rules/examples/single_replica.rules"));
  EXPECT_TRUE(RuleSet::Load(out_dir + "/examples/single_replica.rules",
                            DiskFileReader(Limits().max_file_bytes))
                  .ok());
  Outcome again = Do(RunPull, {uri_, "--out", out_dir});
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(again.err.find("is not empty"), std::string::npos) << again.err;
  Outcome older = Do(RunPull, {uri_, "--bundle", "bundle-0000000000", "--out", TempPath("older")});
  ASSERT_EQ(older.code, 0) << older.err;
  EXPECT_EQ(ReadFile(TempPath("older/default.rules")), ReadFile("rules/default.rules"));

  Outcome back = Do(RunRollback, {uri_});
  ASSERT_EQ(back.code, 0) << back.err;
  EXPECT_NE(back.out.find("from bundle-0000000001 to bundle-0000000000"), std::string::npos)
      << back.out;
  EXPECT_NE(Do(RunStatus, {uri_}).out.find("current  bundle-0000000000"), std::string::npos);
  Outcome forward = Do(RunRollback, {uri_, "--to", "bundle-0000000001"});
  EXPECT_EQ(forward.code, 0) << forward.err;
  Outcome none = Do(RunRollback, {uri_, "--to", "bundle-0000000001"});
  EXPECT_EQ(none.code, 2);
  EXPECT_NE(none.err.find("already in force"), std::string::npos) << none.err;
}

// Plugin reports: one instance on the bundle in force, one left behind by a failed load. Exit
// 1, naming the one behind, in text and JSON.
TEST_F(BundleCommandsTest, StatusNamesTheMetasNotOnCurrent) {
  ASSERT_EQ(Do(RunPush, {uri_, "rules/legacy.rules"}).code, 0);
  ASSERT_EQ(Do(RunPush, {uri_, "rules/default.rules"}).code, 0);
  std::unique_ptr<ZkClient> zk = Client();
  ASSERT_NE(zk, nullptr);
  BundleStore store(zk.get(), *ParseBundleUri(uri_), absl::Seconds(30), Limits());
  const bundles::Bundle current = *store.ReadBundle("bundle-0000000001");
  const bundles::Bundle old = *store.ReadBundle("bundle-0000000000");
  bundles::MetaReport on;
  on.set_id("meta-a");
  on.set_bundle("bundle-0000000001");
  on.set_content_hash(current.content_hash());
  on.set_load_ok(true);
  on.set_attempted_bundle("bundle-0000000001");
  on.set_host("host-a");
  on.set_pid(11);
  bundles::MetaReport behind;
  behind.set_id("meta-b");
  behind.set_bundle("bundle-0000000000");
  behind.set_content_hash(old.content_hash());
  behind.set_load_ok(false);
  behind.set_attempted_bundle("bundle-0000000001");
  behind.set_error("rules: default.rules:3:8: error: something\n  line\n  ^");
  ASSERT_TRUE(store.WriteMetaReport(on).ok());
  ASSERT_TRUE(store.WriteMetaReport(behind).ok());

  Outcome text = Do(RunStatus, {uri_});
  EXPECT_EQ(text.code, 1) << text.out << text.err;
  EXPECT_NE(text.out.find("meta-a  bundle-0000000001  " + current.content_hash().substr(0, 12) +
                          "  ok  host-a pid 11"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("meta-b  bundle-0000000000"), std::string::npos);
  EXPECT_NE(text.out.find("NOT ON CURRENT"), std::string::npos);
  EXPECT_NE(text.out.find("last load (bundle-0000000001) failed: rules: default.rules:3:8"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("result   1 of 2 metas do not run bundle-0000000001: meta-b"),
            std::string::npos)
      << text.out;

  Outcome json = Do(RunStatus, {uri_, "--format", "json", "--history", "1"});
  EXPECT_EQ(json.code, 1);
  Diagnostics diags;
  std::optional<JsonValue> doc = ParseJson(json.out, "status.json", &diags);
  ASSERT_TRUE(doc.has_value()) << json.out;
  EXPECT_EQ(doc->Find("all_on_current")->bool_value(), false);
  EXPECT_EQ(doc->Find("current")->Find("name")->string_value(), "bundle-0000000001");
  EXPECT_EQ(doc->Find("bundles")->number_text(), "2");
  EXPECT_EQ(doc->Find("history")->items().size(), 1u);
  const auto& metas = doc->Find("metas")->items();
  ASSERT_EQ(metas.size(), 2u);
  EXPECT_EQ(metas[1].Find("id")->string_value(), "meta-b");
  EXPECT_EQ(metas[1].Find("on_current")->bool_value(), false);
  EXPECT_EQ(metas[1].Find("load_ok")->bool_value(), false);

  // The instance behind catches up: exit 0.
  behind.set_bundle("bundle-0000000001");
  behind.set_content_hash(current.content_hash());
  behind.set_load_ok(true);
  behind.clear_error();
  ASSERT_TRUE(store.WriteMetaReport(behind).ok());
  EXPECT_EQ(Do(RunStatus, {uri_}).code, 0);
  // A malformed report counts as behind.
  ASSERT_TRUE(zk->Create(store.source().metas_path() + "/garbled", "\xff", ZkCreateMode::kEphemeral,
                         absl::Now() + absl::Seconds(30))
                  .ok());
  Outcome garbled = Do(RunStatus, {uri_});
  EXPECT_EQ(garbled.code, 1);
  EXPECT_NE(garbled.out.find("garbled  UNREADABLE"), std::string::npos) << garbled.out;
}

TEST_F(BundleCommandsTest, UnreachableZooKeeperIsExitTwo) {
  for (testing::CommandMain cmd : {RunStatus, RunRollback}) {
    Outcome r = Do(cmd, {"zk://127.0.0.1:1/p", "--timeout-ms", "300"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("ZooKeeper at 127.0.0.1:1 cannot be reached"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("within 300 ms"), std::string::npos) << r.err;
  }
  Outcome push = Do(RunPush, {"zk://127.0.0.1:1/p", "rules/default.rules", "--timeout-ms", "300"});
  EXPECT_EQ(push.code, 2);
  Outcome pull =
      Do(RunPull, {"zk://127.0.0.1:1/p", "--out", TempPath("never"), "--timeout-ms", "300"});
  EXPECT_EQ(pull.code, 2);
}

TEST_F(BundleCommandsTest, RefusalsAndUsageErrors) {
  // Rules that do not load: located, and nothing reaches ZooKeeper.
  const std::string broken = TempPath("broken.rules");
  WriteFile(broken, kRulesBroken);
  Outcome bad = Do(RunPush, {uri_, broken});
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("nothing was pushed: rules: " + broken + ":3:"), std::string::npos)
      << bad.err;
  // Over ZooKeeper's node limit: refused with the size, before connecting.
  const std::string big = TempPath("big.rules");
  std::string text = kRulesCallOk;
  for (int i = 0; i < 12000; ++i) text += "# " + std::string(97, 'c') + "\n";
  WriteFile(big, text);
  Outcome huge = Do(RunPush, {uri_, big});
  EXPECT_EQ(huge.code, 2);
  EXPECT_NE(huge.err.find("bytes encoded; a ZooKeeper node holds at most 1044480"),
            std::string::npos)
      << huge.err;
  std::unique_ptr<ZkClient> zk = Client();
  ASSERT_NE(zk, nullptr);
  EXPECT_EQ(zk->Exists("/cli/" + test_, absl::Now() + absl::Seconds(30)).status().code(),
            absl::StatusCode::kNotFound);

  Outcome uri = Do(RunStatus, {"zk://h:99999/p"});
  EXPECT_EQ(uri.code, 2);
  EXPECT_NE(uri.err.find("at column 8"), std::string::npos) << uri.err;
  EXPECT_EQ(Do(RunStatus, {uri_, "--format", "xml"}).code, 2);
  EXPECT_EQ(Do(RunStatus, {uri_, "extra"}).code, 2);
  EXPECT_EQ(Do(RunStatus, {uri_, "--timeout-ms", "0"}).code, 2);
  EXPECT_EQ(Do(RunPush, {uri_}).code, 2);
  EXPECT_EQ(Do(RunPush, {uri_, "rules/default.rules", "--colour", "red"}).code, 2);
  EXPECT_EQ(Do(RunRollback, {uri_, "--to", "../x"}).code, 2);
  EXPECT_EQ(Do(RunPull, {uri_}).code, 2);
  EXPECT_EQ(Do(RunPull, {uri_, "--out", TempPath("p"), "--bundle", "x"}).code, 2);
  Outcome help = Do(RunPush, {"--help"});
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("usage: dupready push ZK_URI FILE"), std::string::npos);

  // Nothing pushed yet: status says so, rollback and pull have nothing to work on.
  Outcome empty = Do(RunStatus, {uri_});
  EXPECT_EQ(empty.code, 0) << empty.err;
  EXPECT_NE(empty.out.find("current  (none: nothing was pushed)"), std::string::npos);
  EXPECT_EQ(Do(RunRollback, {uri_}).code, 2);
  EXPECT_EQ(Do(RunPull, {uri_, "--out", TempPath("nothing")}).code, 2);
}

}  // namespace
}  // namespace dupready
