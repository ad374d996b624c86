// Tests that `dupready check` gives no verdict it cannot stand behind: context values the
// rules decide on must be given (never the reply's own partition count), partition indices
// must be data a table can be judged by, standard input is read like a file, and the
// Pegasus shell's real output (repeated "invalid host_port" rows, an old server's lost
// addresses) is read as the shell means it.
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/snapshot/snapshot_json.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/formats/pegasus_convert.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "tools/cli/check.h"
#include "tools/cli/probe.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using testing::ReadFile;

using Outcome = testing::CommandOutcome;
Outcome Check(const std::vector<std::string>& args) { return testing::RunCommand(RunCheck, args); }

// Writes `bytes` to a scratch file `name`; returns its path.
std::string WriteTemp(const std::string& name, const std::string& bytes) {
  const std::string path = testing::TempPath(name);
  testing::WriteFile(path, bytes);
  return path;
}

// The Thrift bytes of `response`, as a current server sends them.
std::string Reply(const QueryConfigResponse& response) {
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(response);
  EXPECT_TRUE(reply.ok()) << reply.status();
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(*reply);
  EXPECT_TRUE(bytes.ok()) << bytes.status();
  return bytes.ok() ? *bytes : "";
}

FollowerSnapshot Snapshot(const std::string& path) {
  absl::StatusOr<FollowerSnapshot> s = ParseSnapshotJson(ReadFile(path), path);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *s : FollowerSnapshot();
}

void ExpectHas(const std::string& text, const std::string& part) {
  EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
}

// The rule of default.rules that reads dup.partition_count, as the refusal names it
// ("file:line:col" of the rule's name), found in the file rather than pinned.
std::string CountRead() {
  const std::string text = ReadFile("rules/default.rules");
  const size_t at = text.find("partition_count_matches:");
  if (at == std::string::npos) return "no rule partition_count_matches in rules/default.rules";
  const size_t line_start = text.rfind('\n', at) + 1;  // npos + 1 == 0 on the first line
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  return absl::StrCat("rules/default.rules:", line, ":", at - line_start + 1,
                      ": the condition of rule partition_count_matches");
}

// --- The source's partition count is context, never the reply's ----------------------

TEST(PartitionCountTest, AReplyIsNeverJudgedAgainstItsOwnCount) {
  // An empty table: no partition listed, none declared.
  QueryConfigResponse empty;
  empty.set_err("ERR_OK");
  const std::string empty_reply = WriteTemp("empty.reply.bin", Reply(empty));
  // Another table's reply: 8 partitions, for a source of 4.
  const std::string other = "testdata/corpus/healthy_8p_2r.reply.bin";
  for (const std::string& reply : {empty_reply, other}) {
    for (const char* rules : {"rules/default.rules", "rules/strict.rules"}) {
      Outcome r = Check({"--rules", rules, "--input", reply, "--app", "dup_test"});
      EXPECT_EQ(r.code, 2) << reply << "\n" << r.out;
      EXPECT_TRUE(r.out.empty()) << r.out;
      ExpectHas(r.err, "dup.partition_count: give --partition-count N (the source table's)");
      ExpectHas(r.err, CountRead());
    }
    // Given, the count decides.
    Outcome r = Check({"--rules", "rules/default.rules", "--input", reply, "--app", "dup_test",
                       "--partition-count", "4"});
    EXPECT_EQ(r.code, 1) << r.err;
    ExpectHas(r.out, "NOT READY  ERR_INCONSISTENT_STATE");
  }
  // The shell's output declares a count too; it is the follower's, not the source's.
  Outcome shell = Check({"--rules", "rules/default.rules", "--input",
                         "testdata/corpus/healthy_4p_3r.shell.json"});
  EXPECT_EQ(shell.code, 2);
  ExpectHas(shell.err, "--partition-count");
}

TEST(PartitionCountTest, ASnapshotWithoutTheCountIsRefusedToo) {
  FollowerSnapshot s = Snapshot("testdata/snapshots/seed_single_replica.json");
  s.mutable_duplication()->clear_partition_count();
  const std::string path = WriteTemp("no_count.json", SnapshotToJson(s));
  Outcome r = Check({"--rules", "rules/default.rules", "--input", path});
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, "dupready check: " + path + ": the rules decide on duplication values");
  ExpectHas(r.err, "dup.partition_count");
  // legacy.rules extends default.rules: the reader is named where it is.
  r = Check({"--rules", "rules/legacy.rules", "--input", path});
  ExpectHas(r.err, CountRead());
  EXPECT_EQ(Check({"--rules", "rules/default.rules", "--input", path, "--partition-count", "4"})
                .code,
            0);
}

// --- Context the rules decide on must be given ----------------------------------------

TEST(ContextTest, ScopesOnUnsetNamesRefuseInsteadOfSilentlyNotApplying) {
  // A backup_* follower with a partition short of replicas: the overlay refuses it, but only
  // when it knows the cluster.
  const std::string reply = "testdata/corpus/backup_one_secondary.reply.bin";
  const std::string rules = "rules/examples/backup_cluster_strict.rules";
  Outcome r = Check({"--rules", rules, "--input", reply, "--app", "dup_test",
                     "--partition-count", "8"});
  EXPECT_EQ(r.code, 2) << r.out;
  ExpectHas(r.err, "dup.remote_cluster_name: give --remote-cluster NAME; read by\n");
  ExpectHas(r.err, rules + ":8:13: the scope of rule all_replicas_alive\n");
  ExpectHas(r.err, rules + ":13:9: the scope of rule declared_count_matches\n");
  r = Check({"--rules", rules, "--input", reply, "--app", "dup_test", "--partition-count", "8",
             "--remote-cluster", "backup_dr"});
  EXPECT_EQ(r.code, 1) << r.err;
  ExpectHas(r.out, "rule all_replicas_alive, first failing partition 3");
  // The shell's output names the follower table: a temp_* overlay needs no --remote-app.
  r = Check({"--rules", "rules/examples/temp_tables_relaxed.rules", "--input",
             "testdata/corpus/temp_no_secondaries.shell.json", "--partition-count", "8"});
  EXPECT_EQ(r.code, 0) << r.err;
  ExpectHas(r.out, "READY  <unset: dup.remote_cluster_name>.temp_scratch: 8 partitions pass");
}

TEST(ContextTest, MessagesShowUnsetValuesAsUnset) {
  Outcome r = Check({"--rules", "rules/default.rules", "--input",
                     "testdata/corpus/response_err_app_not_exist.reply.bin", "--partition-count",
                     "8"});
  EXPECT_EQ(r.code, 1) << r.err;
  EXPECT_EQ(r.out,
            "NOT READY  ERR_APP_NOT_EXIST  <unset: dup.remote_cluster_name>.<unset: "
            "dup.remote_app_name>\n"
            "  rule remote_answer_ok, table-level\n"
            "  the follower's meta server answered ERR_APP_NOT_EXIST for <unset: "
            "dup.remote_app_name>\n");
}

TEST(ContextTest, ProbeRefusesBeforeTouchingTheNetwork) {
  // No meta server listens at this address; the refusal must come first.
  std::ostringstream out, err;
  const int code = RunProbe({"--meta", "127.0.0.1:1", "--app", "dup_test_3", "--rules",
                             "rules/default.rules", "--timeout-ms", "50"},
                            out, err);
  EXPECT_EQ(code, 2);
  ExpectHas(err.str(), "dup.partition_count: give --partition-count N");
  EXPECT_EQ(err.str().find("127.0.0.1:1"), std::string::npos) << err.str();
}

// --- Partition indices are data -------------------------------------------------------

TEST(PartitionIndexTest, NegativeOrRepeatedIndicesAreRefusedInEveryForm) {
  FollowerSnapshot s = Snapshot("testdata/corpus/healthy_4p_3r.snapshot.json");
  s.mutable_response()->mutable_partitions(2)->set_pidx(-1);
  const std::string negative_json = WriteTemp("negative.json", SnapshotToJson(s));
  const std::string negative_bin = WriteTemp("negative.bin", Reply(s.response()));
  s.mutable_response()->mutable_partitions(2)->set_pidx(1);
  const std::string repeated_json = WriteTemp("repeated.json", SnapshotToJson(s));
  const std::string repeated_bin = WriteTemp("repeated.bin", Reply(s.response()));
  const std::vector<std::string> context = {"--partition-count", "4", "--app", "dup_test"};
  struct Case {
    std::string input, err;
  } const cases[] = {
      {negative_json, negative_json + ":12:16: error: 'pidx' -1 is negative"},
      {repeated_json, repeated_json + ":12:16: error: partition 1 is listed twice; first at " +
                          repeated_json + ":11:16"},
      {negative_bin,
       negative_bin + ": response.partitions[2] has partition index -1; an index is never "
                      "negative"},
      {repeated_bin, repeated_bin + ": response.partitions[2] repeats partition index 1 of "
                                    "partitions[1]"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"--rules", "rules/default.rules", "--input", c.input};
    args.insert(args.end(), context.begin(), context.end());
    Outcome r = Check(args);
    EXPECT_EQ(r.code, 2) << c.input << "\n" << r.out;
    ExpectHas(r.err, c.err);
    EXPECT_TRUE(r.out.empty());
  }
}

// --- Standard input ---------------------------------------------------------------------

// Runs check with `input` on standard input (written by another thread, so it may exceed a
// pipe's buffer).
Outcome CheckWithStdin(const std::vector<std::string>& args, const std::string& input) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  ::close(fds[0]);
  std::thread writer([&] {
    size_t done = 0;
    while (done < input.size()) {
      const ssize_t n = ::write(fds[1], input.data() + done, input.size() - done);
      if (n <= 0) break;  // the reader stopped at its limit
      done += static_cast<size_t>(n);
    }
    ::close(fds[1]);
  });
  Outcome r = Check(args);
  ::dup2(saved, STDIN_FILENO);  // closes the read end: a writer still blocked gets EPIPE
  ::close(saved);
  writer.join();
  return r;
}

TEST(StdinTest, DashReadsStandardInputInEveryForm) {
  ::signal(SIGPIPE, SIG_IGN);
  const std::vector<std::string> context = {"--partition-count", "4", "--app", "dup_test",
                                            "--remote-app", "dup_test_3", "--remote-cluster",
                                            "target_cluster"};
  for (const char* file : {"testdata/corpus/healthy_4p_3r.snapshot.json",
                           "testdata/corpus/healthy_4p_3r.shell.json",
                           "testdata/corpus/healthy_4p_3r.reply.bin"}) {
    std::vector<std::string> args = {"--rules", "rules/default.rules", "--input", "-"};
    args.insert(args.end(), context.begin(), context.end());
    Outcome r = CheckWithStdin(args, ReadFile(file));
    EXPECT_EQ(r.code, 0) << file << "\n" << r.err;
    EXPECT_EQ(r.out, "READY  target_cluster.dup_test_3: 4 partitions pass rules/default.rules\n")
        << file;
  }
}

TEST(StdinTest, ErrorsNameStandardInputAndItIsBoundedLikeAFile) {
  ::signal(SIGPIPE, SIG_IGN);
  const std::vector<std::string> args = {"--rules", "rules/default.rules", "--input", "-",
                                         "--partition-count", "4"};
  Outcome r = CheckWithStdin(args, "{\"duplication\": {},\n  \"rpc_err\": 7}");
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, "<stdin>:2:14: error: 'rpc_err' must be a string");
  r = CheckWithStdin(args, "");
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, "<stdin>: the input is empty");
  // The same 64 MiB bound as a file, one byte past it.
  r = CheckWithStdin(args, std::string((64 << 20) + 1, ' '));
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, "cannot read input <stdin>: more than 67108864 bytes");
}

TEST(StdinTest, ATerminalIsRefused) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    GTEST_SKIP() << "no pseudo-terminal here";
  }
  const int slave = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(slave, 0);
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(slave, STDIN_FILENO);
  Outcome r = Check({"--rules", "rules/default.rules", "--input", "-"});
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ::close(slave);
  ::close(master);
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, "--input -: standard input is a terminal");
}

// --- The shell's real output ---------------------------------------------------------

TEST(ShellOutputTest, RepeatedInvalidHostPortRowsAreReadAndJudged) {
  const std::string shell = "testdata/corpus/invalid_secondaries_repeated.shell.json";
  ASSERT_NE(ReadFile(shell).find("\"invalid host_port\": {"),
            ReadFile(shell).rfind("\"invalid host_port\": {"));  // the key repeats
  Outcome r = Check({"--rules", "rules/default.rules", "--input", shell, "--partition-count", "4",
                     "--app", "dup_test", "--remote-cluster", "target_cluster"});
  EXPECT_EQ(r.code, 1) << r.err;
  ExpectHas(r.out, "NOT READY  ERR_INACTIVE_STATE  target_cluster.dup_test_3\n"
                   "  rule secondaries_alive, first failing partition 1\n");
  // Where dupready reads values, a repeated key is still refused, located.
  std::string text = ReadFile(shell);
  text.replace(text.find("\"ballot\": \"4\""), 13, "\"ballot\": \"4\", \"ballot\": \"5\"");
  const std::string path = WriteTemp("repeated_ballot.shell.json", text);
  r = Check({"--rules", "rules/default.rules", "--input", path, "--partition-count", "4"});
  EXPECT_EQ(r.code, 2);
  ExpectHas(r.err, path + ":22:28: error: duplicate key 'ballot'; first defined at 22:13");
}

TEST(ShellOutputTest, AnOldServersTableSaysTheShellLostItsAddresses) {
  const std::vector<std::string> context = {"--partition-count", "64", "--app", "dup_test",
                                            "--remote-cluster", "target_cluster"};
  std::vector<std::string> args = {"--rules", "rules/default.rules", "--input",
                                   "testdata/corpus/healthy_64p_3r_old_server.shell.json"};
  args.insert(args.end(), context.begin(), context.end());
  Outcome r = Check(args);
  EXPECT_EQ(r.code, 1) << r.err;
  ExpectHas(r.out, "NOT READY  ERR_INACTIVE_STATE");
  ExpectHas(r.out, "\nnote: every partition in the shell's output shows no replica");
  ExpectHas(r.out, "Judge the Thrift reply (`dupready probe`, or `check --input-format thrift`");
  args.insert(args.end(), {"--format", "json"});
  r = Check(args);
  ExpectHas(r.out, "\"notes\":[\"every partition in the shell's output shows no replica");
  // The Thrift reply of the same table sees the addresses: ready.
  std::vector<std::string> thrift = {"--rules", "rules/default.rules", "--input",
                                     "testdata/corpus/healthy_64p_3r_old_server.reply.bin"};
  thrift.insert(thrift.end(), context.begin(), context.end());
  r = Check(thrift);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.find("note:"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace dupready
