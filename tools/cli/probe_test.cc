// Tests for `dupready probe` against fake meta servers on 127.0.0.1: the leader behind a
// forwarding non-leader gives exactly `check`'s output on the same reply; failures of the
// call become verdicts; an unreachable meta list exits 2 within the timeout.
#include "tools/cli/probe.h"

#include <dirent.h>

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/snapshot/snapshot_json.h"
#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/formats/pegasus_convert.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/rpc/testing/serve_fake_meta.h"
#include "tools/cli/check.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/testing/run_command.h"

namespace dupready {
namespace {

using testing::TempPath;
using testing::WriteFile;

using Kind = FakeMetaBehavior::Kind;

using Outcome = testing::CommandOutcome;
Outcome Probe(const std::vector<std::string>& args) { return testing::RunCommand(RunProbe, args); }

Outcome Check(const std::vector<std::string>& args) { return testing::RunCommand(RunCheck, args); }

FakeMetaBehavior Behaving(Kind kind) {
  FakeMetaBehavior b;
  b.kind = kind;
  return b;
}

// A leader that serves `reply` for any table.
std::unique_ptr<FakeMetaServer> ServeReply(const pegasus_wire::query_cfg_response& reply) {
  FakeMetaBehavior b;
  b.response = reply;
  return ServeFakeMeta(std::move(b));
}

// A follower as the fake leader serves it and as `check` reads it: the reply, its bytes in a
// file, and the duplication context as flags both commands take.
struct Follower {
  pegasus_wire::query_cfg_response reply;
  std::string reply_file;
  std::string remote_app;
  std::vector<std::string> context;  // --remote-cluster C --partition-count N
};

Follower FromSnapshot(const FollowerSnapshot& snap, const std::string& name) {
  Follower f;
  absl::StatusOr<pegasus_wire::query_cfg_response> reply = ProtoToReply(snap.response());
  EXPECT_TRUE(reply.ok()) << reply.status();
  f.reply = *reply;
  absl::StatusOr<std::string> bytes = EncodeQueryCfgResponse(f.reply);
  EXPECT_TRUE(bytes.ok());
  f.reply_file = TempPath(name + ".reply");
  WriteFile(f.reply_file, *bytes);
  f.remote_app = snap.duplication().remote_app_name();
  f.context = {"--remote-cluster", snap.duplication().remote_cluster_name(), "--partition-count",
               absl::StrCat(snap.duplication().partition_count())};
  return f;
}

// The shipped snapshots, and a 1,024-partition table with failures scattered through it.
std::vector<Follower> Followers() {
  std::vector<Follower> out;
  DIR* dir = ::opendir("testdata/snapshots");
  EXPECT_NE(dir, nullptr);
  std::vector<std::string> names;
  while (dir != nullptr) {
    dirent* e = ::readdir(dir);
    if (e == nullptr) break;
    std::string name = e->d_name;
    if (name.size() > 5 && name.substr(name.size() - 5) == ".json") names.push_back(name);
  }
  if (dir != nullptr) ::closedir(dir);
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    absl::StatusOr<std::string> text = ReadWholeFileBounded("testdata/snapshots/" + name, 1 << 20);
    EXPECT_TRUE(text.ok());
    if (name.rfind("bad_", 0) == 0) continue;  // inputs that must not parse
    absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(*text, name);
    EXPECT_TRUE(snap.ok()) << snap.status();
    if (snap.ok()) out.push_back(FromSnapshot(*snap, name));
  }
  EXPECT_GE(out.size(), 2u);  // seed_single_replica, three_replicas_one_secondary, ...
  FollowerSnapshot big;
  big.mutable_duplication()->set_app_name("big");
  big.mutable_duplication()->set_remote_cluster_name("c2");
  big.mutable_duplication()->set_remote_app_name("big");
  big.mutable_duplication()->set_partition_count(1024);
  big.set_rpc_err("ERR_OK");
  QueryConfigResponse* r = big.mutable_response();
  r->set_err("ERR_OK");
  r->set_app_id(9);
  r->set_partition_count(1024);
  for (int i = 0; i < 1024; ++i) {
    PartitionConfig* p = r->add_partitions();
    p->set_pidx(i);
    p->set_max_replica_count(3);
    if (i % 97 != 5) p->mutable_primary()->set_host("10.2.0.1"), p->mutable_primary()->set_port(34801);
    if (i % 61 != 7) p->add_secondaries()->set_host("10.2.0.2"), p->mutable_secondaries(0)->set_port(34801);
  }
  out.push_back(FromSnapshot(big, "big"));
  return out;
}

std::vector<std::string> Join(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

TEST(ProbeTest, ThroughAForwardingNonLeaderTheVerdictIsChecks) {
  for (const Follower& f : Followers()) {
    FakeMetaBehavior lb;
    lb.app_name = f.remote_app;
    lb.response = f.reply;
    auto leader = ServeFakeMeta(lb);
    FakeMetaBehavior fb;
    fb.kind = Kind::kForward;
    fb.leader = leader->address();
    auto follower = ServeFakeMeta(fb);
    for (const char* rules : {"rules/default.rules", "rules/legacy.rules", "rules/strict.rules"}) {
      for (const char* format : {"text", "json"}) {
        const std::vector<std::string> common =
            Join({"--rules", rules, "--format", format}, f.context);
        Outcome p = Probe(Join({"--meta", follower->address().ToString(), "--app", f.remote_app,
                                "--timeout-ms", "5000"},
                               common));
        Outcome c = Check(Join({"--input", f.reply_file, "--input-format", "thrift", "--app",
                                f.remote_app},
                               common));
        const std::string what = absl::StrCat(f.remote_app, " ", rules, " ", format);
        EXPECT_EQ(p.code, c.code) << what << "\n" << p.err << c.err;
        EXPECT_EQ(p.out, c.out) << what;
        EXPECT_NE(p.err.find(absl::StrCat("answered ERR_FORWARD_TO_OTHERS, leader ",
                                          leader->address().ToString())),
                  std::string::npos)
            << p.err;
      }
    }
    // --explain goes through the same path.
    Outcome p = Probe(Join({"--meta", follower->address().ToString(), "--app", f.remote_app,
                            "--rules", "rules/legacy.rules", "--explain", "--partition", "0"},
                           f.context));
    Outcome c = Check(Join({"--input", f.reply_file, "--input-format", "thrift", "--app",
                            f.remote_app, "--rules", "rules/legacy.rules", "--explain",
                            "--partition", "0"},
                           f.context));
    EXPECT_EQ(p.code, c.code);
    EXPECT_EQ(p.out, c.out);
    EXPECT_NE(p.out.find("trace of partition 0:"), std::string::npos) << p.out;
    EXPECT_EQ(leader->apps_asked().size(), 7u);
  }
}

// testdata/corpus (tools/corpus): every case with a Thrift reply, served by a leader behind a
// forwarding non-leader, under every rule file the corpus has expectations for. The verdict is
// the corpus's (from its own reference check) and probe's output is check's, byte for byte.
// Cases whose call failed (rpc_err) are served as transport errors.
TEST(ProbeTest, CorpusRepliesThroughAForwarder) {
  absl::StatusOr<std::string> cases = ReadWholeFileBounded("testdata/corpus/CASES.tsv", 1 << 20);
  absl::StatusOr<std::string> expected = ReadWholeFileBounded("testdata/corpus/EXPECTED.tsv", 1 << 20);
  ASSERT_TRUE(cases.ok() && expected.ok());
  // case -> rows (case, rules, ready, error, partition, rule) for the form probe sees: the
  // Thrift reply, or the snapshot of a failed call.
  std::map<std::string, std::vector<std::vector<std::string>>> expect;
  for (absl::string_view line : absl::StrSplit(*expected, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() != 7 || f[0][0] == '#' || f[0] == "case") continue;
    const std::vector<std::string> forms = absl::StrSplit(f[2], ',');
    const bool has_thrift = std::find(forms.begin(), forms.end(), "thrift") != forms.end();
    const bool failed_call = forms.size() == 1 && forms[0] == "snapshot";
    if (!has_thrift && !failed_call) continue;
    f.erase(f.begin() + 2);
    expect[f[0]].push_back(f);
  }
  int served = 0;
  for (absl::string_view line : absl::StrSplit(*cases, '\n')) {
    std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 3 || f[0].empty() || f[0][0] == '#' || f[0] == "case") continue;
    const std::string name = f[0];
    // The context flags, as check takes them; probe's --app is the remote app.
    std::vector<std::string> flags = absl::StrSplit(f[2], ' ', absl::SkipEmpty());
    std::map<std::string, std::string> ctx;
    for (size_t i = 0; i + 1 < flags.size(); i += 2) ctx[flags[i]] = flags[i + 1];
    std::vector<std::string> probe_ctx = {
        "--app", ctx.count("--remote-app") ? ctx["--remote-app"] : ctx["--app"]};
    for (const auto& [flag, value] : ctx) {
      if (flag == "--app") probe_ctx.insert(probe_ctx.end(), {"--source-app", value});
      if (flag != "--app" && flag != "--remote-app") probe_ctx.insert(probe_ctx.end(), {flag, value});
    }

    FakeMetaBehavior lb;
    const bool thrift = f[1].find("thrift") != std::string::npos;
    if (thrift) {
      absl::StatusOr<std::string> bytes =
          ReadWholeFileBounded("testdata/corpus/" + name + ".reply.bin", 64 << 20);
      ASSERT_TRUE(bytes.ok()) << name;
      absl::StatusOr<pegasus_wire::query_cfg_response> reply = DecodeQueryCfgResponse(
          reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
      ASSERT_TRUE(reply.ok()) << name << ": " << reply.status();
      lb.response = *reply;
    } else {
      absl::StatusOr<std::string> text =
          ReadWholeFileBounded("testdata/corpus/" + name + ".snapshot.json", 64 << 20);
      ASSERT_TRUE(text.ok()) << name;
      absl::StatusOr<FollowerSnapshot> snap = ParseSnapshotJson(*text, name);
      ASSERT_TRUE(snap.ok()) << snap.status();
      if (snap->rpc_err() == "ERR_OK") continue;  // no other way to serve it
      lb.kind = Kind::kTransportError;
      lb.transport_err = snap->rpc_err();
    }
    auto leader = ServeFakeMeta(lb);
    FakeMetaBehavior fb;
    fb.kind = Kind::kForward;
    fb.leader = leader->address();
    auto follower = ServeFakeMeta(fb);
    ++served;
    for (const std::vector<std::string>& row : expect[name]) {
      const std::string& rules = row[1];
      Outcome p = Probe(Join({"--meta", follower->address().ToString(), "--rules", rules,
                              "--format", "json"},
                             probe_ctx));
      const std::string what = absl::StrCat(name, " ", rules);
      EXPECT_EQ(p.code, row[2] == "true" ? 0 : 1) << what << ": " << p.err;
      EXPECT_TRUE(absl::StartsWith(
          p.out, absl::StrCat("{\"ready\":", row[2], ",\"error\":\"", row[3], "\",\"rule\":\"",
                              row[5] == "-" ? "" : row[5], "\",\"partition\":", row[4], ",")))
          << what << ": " << p.out;
      if (!thrift) continue;
      Outcome c = Check(Join({"--input", "testdata/corpus/" + name + ".reply.bin",
                              "--input-format", "thrift", "--rules", rules, "--format", "json"},
                             flags));
      EXPECT_EQ(p.out, c.out) << what;
      // And the text form, partition map included.
      Outcome pt = Probe(Join({"--meta", follower->address().ToString(), "--rules", rules},
                              probe_ctx));
      Outcome ct = Check(Join({"--input", "testdata/corpus/" + name + ".reply.bin",
                               "--input-format", "thrift", "--rules", rules},
                              flags));
      EXPECT_EQ(pt.code, ct.code) << what;
      EXPECT_EQ(pt.out, ct.out) << what;
    }
  }
  EXPECT_GE(served, 40);
}

TEST(ProbeTest, BigTableDrawsThePartitionMap) {
  std::vector<Follower> all = Followers();
  const Follower& big = all.back();
  auto leader = ServeReply(big.reply);
  Outcome p = Probe(Join({"--meta", leader->address().ToString(), "--app", "big", "--rules",
                          "rules/default.rules"},
                         big.context));
  EXPECT_EQ(p.code, 1) << p.err;
  EXPECT_NE(p.out.find("partition map (1024 partitions, reply order, 64 per row):\n"),
            std::string::npos)
      << p.out;
  EXPECT_NE(p.out.find("\n  960  "), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("  I  ERR_INACTIVE_STATE "), std::string::npos) << p.out;
  EXPECT_NE(p.out.find("  N  ERR_NOT_ENOUGH_MEMBER "), std::string::npos) << p.out;
}

TEST(ProbeTest, FailedCallsAndUnknownAppsAreVerdicts) {
  FakeMetaBehavior lb;
  lb.app_name = "orders";
  auto leader = ServeFakeMeta(lb);
  Outcome p = Probe({"--meta", leader->address().ToString(), "--app", "nope", "--rules",
                     "rules/default.rules", "--remote-cluster", "c", "--partition-count", "4"});
  EXPECT_EQ(p.code, 1) << p.err;
  EXPECT_TRUE(
      absl::StartsWith(p.out, "NOT READY  ERR_OBJECT_NOT_FOUND  c.nope\n  rule remote_answer_ok"))
      << p.out;

  FakeMetaBehavior tb = Behaving(Kind::kTransportError);
  tb.transport_err = "ERR_NETWORK_FAILURE";
  auto failing = ServeFakeMeta(tb);
  p = Probe({"--meta", failing->address().ToString(), "--app", "orders", "--rules",
             "rules/default.rules", "--format", "json", "--partition-count", "4"});
  EXPECT_EQ(p.code, 1) << p.err;
  EXPECT_TRUE(absl::StartsWith(p.out, "{\"ready\":false,\"error\":\"ERR_NETWORK_FAILURE\","
                                      "\"rule\":\"remote_call_ok\",\"partition\":-1,"))
      << p.out;
}

TEST(ProbeTest, UnreachableMetasExitTwoWithinTheTimeout) {
  absl::StatusOr<int> closed = ClosedLoopbackPort();
  ASSERT_TRUE(closed.ok());
  auto silent = ServeFakeMeta(Behaving(Kind::kSilent));
  const std::string closed_addr = absl::StrCat("127.0.0.1:", *closed);
  const absl::Time start = absl::Now();
  Outcome p = Probe({"--meta", absl::StrCat(closed_addr, ",", silent->address().ToString()),
                     "--app", "orders", "--rules", "rules/default.rules", "--timeout-ms", "500",
                     "--partition-count", "4"});
  const absl::Duration took = absl::Now() - start;
  EXPECT_EQ(p.code, 2);
  EXPECT_TRUE(p.out.empty()) << p.out;
  EXPECT_LT(took, absl::Milliseconds(1500));
  EXPECT_NE(p.err.find(absl::StrCat(closed_addr, ": connection refused")), std::string::npos)
      << p.err;
  EXPECT_NE(p.err.find(silent->address().ToString() + ": timed out waiting for the reply"),
            std::string::npos)
      << p.err;

  // Only refused connections: as fast as the kernel says no.
  p = Probe({"--meta", closed_addr, "--app", "orders", "--rules", "rules/default.rules",
             "--partition-count", "4"});
  EXPECT_EQ(p.code, 2);
  EXPECT_NE(p.err.find("no meta server answered"), std::string::npos) << p.err;
}

TEST(ProbeTest, SaveReplyKeepsWhatCheckReads) {
  std::vector<Follower> all = Followers();
  const Follower& f = all.front();
  auto leader = ServeReply(f.reply);
  const std::string saved = TempPath("saved.reply");
  Outcome p = Probe(Join({"--meta", leader->address().ToString(), "--app", f.remote_app, "--rules",
                          "rules/legacy.rules", "--save-reply", saved},
                         f.context));
  Outcome c = Check(Join({"--input", saved, "--app", f.remote_app, "--rules",
                          "rules/legacy.rules"},
                         f.context));
  EXPECT_EQ(p.code, c.code) << c.err;
  EXPECT_EQ(p.out, c.out);
}

TEST(ProbeTest, BadUsageExitsTwoBeforeAnyCall) {
  struct Case {
    std::vector<std::string> args;
    const char* err;
  } cases[] = {
      {{"--app", "a", "--rules", "rules/default.rules"}, "--meta is required"},
      {{"--meta", "127.0.0.1:1", "--rules", "rules/default.rules"}, "--app is required"},
      {{"--meta", "127.0.0.1:1", "--app", "a"}, "--rules is required"},
      {{"--meta", "127.0.0.1:0", "--app", "a", "--rules", "rules/default.rules"}, "not a port"},
      {{"--meta", "127.0.0.1:1", "--app", "a", "--rules", "rules/default.rules", "--timeout-ms",
        "0"},
       "--timeout-ms must be"},
      {{"--meta", "127.0.0.1:1", "--app", "a", "--rules", "nope.rules"}, "cannot read rule file"},
      {{"--meta", "127.0.0.1:1", "--app", "a", "--rules", "rules/default.rules", "--partition",
        "1"},
       "--partition goes with --explain"},
      {{"--meta", "127.0.0.1:1", "--app", "a", "--rules", "rules/default.rules", "--input", "x"},
       "unknown flag '--input'"},
      {{"--meta", "127.0.0.1:1", "--app", "a", "--rules", "rules/default.rules",
        "--partition-count", "many"},
       "--partition-count must be an integer"},
  };
  for (const Case& c : cases) {
    Outcome p = Probe(c.args);
    EXPECT_EQ(p.code, 2) << c.err;
    EXPECT_NE(p.err.find(c.err), std::string::npos) << p.err;
    EXPECT_EQ(p.err.find("127.0.0.1:1: "), std::string::npos) << p.err;  // nothing was asked
  }
}

}  // namespace
}  // namespace dupready
