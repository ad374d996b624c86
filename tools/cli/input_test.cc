// Tests for input.h: which reader `--input-format auto` picks, and the context flags.
#include "tools/cli/input.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tools/cli/testing/input_flags.h"

namespace dupready {
namespace {

using testing::InputFlags;

// A snapshot of one single-replica partition; `app` names the table.
std::string Snapshot(const std::string& app) {
  return "{\"duplication\": {\"app_name\": \"" + app + "\", \"remote_cluster_name\": \"c\", " +
         "\"remote_app_name\": \"" + app + "\", \"partition_count\": 1},\n" +
         " \"rpc_err\": \"ERR_OK\",\n \"response\": {\"err\": \"ERR_OK\", \"app_id\": 3, " +
         "\"partition_count\": 1, \"partitions\": [{\"pidx\": 0, \"max_replica_count\": 1, " +
         "\"primary\": \"10.0.0.1:34801\"}]}}\n";
}

const char kShell[] =
    "{\"general\": {\"app_name\": \"t\", \"app_id\": \"3\", \"partition_count\": \"2\"},\n"
    " \"replicas\": {\"0\": {\"pidx\": \"0\", \"ballot\": \"1\", \"replica_count\": \"1/1\", "
    "\"primary\": \"10.0.0.1:34801\", \"secondaries\": \"[]\"}}}\n";

TEST(InputTest, AutoTellsSnapshotsFromShellOutputByTopLevelKeys) {
  // Tables may be named like the shell's sections: that must not fool the detection.
  for (const char* app : {"dup_test", "general", "replicas", "parameters"}) {
    absl::StatusOr<FollowerSnapshot> s = ParseFollower(Snapshot(app), "s.json", "auto",
                                                       InputFlags({}));
    ASSERT_TRUE(s.ok()) << app << ": " << s.status();
    EXPECT_EQ(s->duplication().app_name(), app);
    EXPECT_EQ(s->duplication().partition_count(), 1);
  }
  absl::StatusOr<FollowerSnapshot> shell = ParseFollower(kShell, "a.json", "auto",
                                                         InputFlags({"--app", "t"}));
  ASSERT_TRUE(shell.ok()) << shell.status();
  EXPECT_EQ(shell->response().partitions_size(), 1);

  // Section names inside strings, escaped quotes, nested objects: still a snapshot, whose
  // reader then reports the unknown key (not the shell reader's "no general section").
  for (const char* text :
       {R"({"x": "\"general\": {", "rpc_err": "ERR_OK"})", R"({"a\"general": 1})",
        R"({"x": {"general": {}, "replicas": {}}})", "{\"x\\"}) {
    absl::StatusOr<FollowerSnapshot> s = ParseFollower(text, "s.json", "auto", InputFlags({}));
    ASSERT_FALSE(s.ok()) << text;
    EXPECT_EQ(s.status().message().find("section"), std::string::npos)
        << text << "\n" << s.status();
  }
}

TEST(InputTest, AutoSkipsAByteOrderMarkAndReadsArraysAsJson) {
  absl::StatusOr<FollowerSnapshot> bom =
      ParseFollower("\xEF\xBB\xBF" + std::string(kShell), "a.json", "auto", InputFlags({}));
  ASSERT_TRUE(bom.ok()) << bom.status();
  EXPECT_EQ(bom->response().app_id(), 3);

  // A JSON array is JSON, not Thrift: the error is located in the text.
  absl::StatusOr<FollowerSnapshot> array = ParseFollower("[1, 2]", "a.json", "auto",
                                                         InputFlags({}));
  ASSERT_FALSE(array.ok());
  EXPECT_EQ(std::string(array.status().message()).rfind("a.json:1:1: error:", 0), 0u)
      << array.status();

  // Anything else is a Thrift reply.
  absl::StatusOr<FollowerSnapshot> thrift = ParseFollower(std::string("\x0c\x00", 2), "r.bin",
                                                          "auto", InputFlags({}));
  ASSERT_FALSE(thrift.ok());
  EXPECT_NE(thrift.status().message().find("r.bin: query_cfg_response"), std::string::npos)
      << thrift.status();
}

TEST(InputTest, ContextComesFromFlagsAndTheInputNeverFromTheReplyCount) {
  // The shell's declared count (2) is the follower's, not the source's: it stays unset. The
  // shell names the follower table ("t"): that is the remote app; the source is unknown.
  absl::StatusOr<FollowerSnapshot> s = ParseFollower(kShell, "a.json", "shell", InputFlags({}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->duplication().has_partition_count());
  EXPECT_EQ(s->duplication().remote_app_name(), "t");
  EXPECT_FALSE(s->duplication().has_app_name());
  EXPECT_FALSE(s->duplication().has_remote_cluster_name());
  EXPECT_FALSE(s->duplication().has_remote_replica_count());
  EXPECT_EQ(s->rpc_err(), "ERR_OK");

  s = ParseFollower(kShell, "a.json", "shell",
                    InputFlags({"--app", "src", "--remote-app", "t", "--remote-cluster", "c2",
                                "--partition-count", "1", "--remote-replica-count", "3"}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->duplication().app_name(), "src");
  EXPECT_EQ(s->duplication().remote_app_name(), "t");
  EXPECT_EQ(s->duplication().remote_cluster_name(), "c2");
  EXPECT_EQ(s->duplication().partition_count(), 1);
  EXPECT_EQ(s->duplication().remote_replica_count(), 3);

  // A --remote-app other than the table the shell printed: refused, both names said.
  s = ParseFollower(kShell, "a.json", "shell", InputFlags({"--remote-app", "dst"}));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "a.json: the shell's output is for table 't', but --remote-app says 'dst'");

  // A Thrift reply carries no name: --app gives both (Pegasus's default remote app name),
  // --remote-app alone gives only the follower's.
  const std::string reply = std::string("\x0c\x00\x01\x00\x00\x00\x06" "ERR_OK" "\x00", 14);
  s = ParseFollower(reply, "r.bin", "thrift", InputFlags({"--app", "src"}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->duplication().app_name(), "src");
  EXPECT_EQ(s->duplication().remote_app_name(), "src");
  EXPECT_FALSE(s->duplication().has_partition_count());
  s = ParseFollower(reply, "r.bin", "thrift", InputFlags({"--remote-app", "dst"}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_FALSE(s->duplication().has_app_name());
  EXPECT_EQ(s->duplication().remote_app_name(), "dst");

  // Flags override a snapshot's own context; a snapshot without a value leaves it unset.
  s = ParseFollower(Snapshot("x"), "s.json", "snapshot", InputFlags({"--partition-count", "8"}));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->duplication().partition_count(), 8);
  EXPECT_FALSE(s->duplication().has_remote_replica_count());

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{"--partition-count", "0"},
        std::vector<std::string>{"--remote-replica-count", "65"}}) {
    EXPECT_FALSE(ParseFollower(kShell, "a.json", "shell", InputFlags(bad)).ok()) << bad[0];
  }
  EXPECT_FALSE(ParseFollower(kShell, "a.json", "yaml", InputFlags({})).ok());
}

TEST(InputTest, ShellOutputWithoutAnyReplicaSaysTheAddressesMayBeLost) {
  const char old_server[] =
      "{\"general\": {\"app_name\": \"t\", \"app_id\": \"3\", \"partition_count\": \"2\"},\n"
      " \"replicas\": {\"0\": {\"pidx\": \"0\", \"ballot\": \"1\", \"replica_count\": \"0/3\", "
      "\"primary\": \"-\", \"secondaries\": \"[]\"}, \"1\": {\"pidx\": \"1\", \"ballot\": \"1\", "
      "\"replica_count\": \"0/3\", \"primary\": \"-\", \"secondaries\": \"[]\"}}}\n";
  std::vector<std::string> notes;
  ASSERT_TRUE(ParseFollower(old_server, "a.json", "shell", InputFlags({}), &notes).ok());
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_EQ(notes[0], kShellLostAddresses);
  // One replica anywhere: nothing to say.
  notes.clear();
  ASSERT_TRUE(ParseFollower(kShell, "a.json", "shell", InputFlags({}), &notes).ok());
  EXPECT_TRUE(notes.empty());
}

}  // namespace
}  // namespace dupready
