// The bounds on what rule files and followers may cost, through the real binary: every rule
// set of engine/testing/hostile_rules.h is refused by `dupready check` and `dupready lint`
// in under a second of CPU and 200 MiB of peak RSS, with short output; the largest loadable
// sets load within the same bounds; a 60 MiB snapshot is refused in little memory; and what the
// binary prints from rule files, paths and followers reaches the terminal escaped.
#include <sys/stat.h>

#include <cstdio>
#include <string>

#include "engine/testing/files.h"
#include "engine/testing/hostile_rules.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_binary.h"

namespace dupready {
namespace {

using testing::kMaxRssKiB;
using testing::kMaxSeconds;
using testing::Outcome;
using testing::RunBinary;
using testing::TempDir;
using testing::WriteFile;

// A healthy follower of 4 single-replica partitions; `app` is its remote app's name as JSON
// (escapes included) and `err` the reply's error.
std::string Snapshot(const std::string& app = "dup_test_3", const std::string& err = "ERR_OK") {
  std::string partitions;
  for (int p = 0; p < 4; ++p) {
    partitions += std::string(p ? "," : "") + "{\"pidx\": " + std::to_string(p) +
                  ", \"ballot\": 3, \"max_replica_count\": 1, \"primary\": \"10.0.0.1:34801\", "
                  "\"secondaries\": [], \"last_drops\": [], \"last_committed_decree\": 100, "
                  "\"partition_flags\": 0}";
  }
  return "{\"duplication\": {\"app_name\": \"dup_test\", \"remote_cluster_name\": \"target\", "
         "\"remote_app_name\": \"" + app + "\", \"partition_count\": 4, "
         "\"remote_replica_count\": 1}, \"rpc_err\": \"ERR_OK\", \"response\": {\"err\": \"" + err +
         "\", \"app_id\": 3, \"partition_count\": 4, \"is_stateful\": true, \"partitions\": [" +
         partitions + "]}}";
}

std::string SnapshotFile() {
  const std::string path = TempDir() + "/follower.json";
  WriteFile(path, Snapshot());
  return path;
}

void ExpectBounded(const Outcome& r, const std::string& what) {
  std::printf("%-44s exit %d, cpu %.3f s, wall %.3f s, peak RSS %ld KiB, output %zu bytes\n",
              what.c_str(), r.code, r.cpu_seconds, r.seconds, r.max_rss_kib,
              r.out.size() + r.err.size());
  EXPECT_LT(r.cpu_seconds, kMaxSeconds) << what;
  EXPECT_LT(r.max_rss_kib, kMaxRssKiB) << what;
  // At most max_errors issues, each with an excerpt of a line: a few tens of KiB.
  EXPECT_LT(r.out.size() + r.err.size(), 64u << 10) << what;
}

TEST(BoundedRulesTest, HostileRuleSetsAreRefusedByCheckAndLint) {
  const std::string follower = SnapshotFile();
  for (const testing::RuleSetMaker& maker : testing::HostileRuleSets()) {
    const std::string root = maker.make().WriteUnder(TempDir() + "/" + maker.name);
    const Outcome check = RunBinary({"check", "--rules", root, "--input", follower});
    EXPECT_EQ(check.code, 2) << maker.name << "\n" << check.out << check.err.substr(0, 2000);
    ExpectBounded(check, "check " + maker.name);
    const Outcome lint = RunBinary({"lint", root});
    EXPECT_EQ(lint.code, 2) << maker.name << "\n" << lint.out.substr(0, 2000) << lint.err;
    ExpectBounded(lint, "lint " + maker.name);
  }
}

TEST(BoundedRulesTest, TheLargestLoadableSetsLoad) {
  const std::string follower = SnapshotFile();
  for (const testing::RuleSetMaker& maker : testing::LargestLoadableRuleSets()) {
    const std::string root = maker.make().WriteUnder(TempDir() + "/" + maker.name);
    const Outcome check = RunBinary({"check", "--rules", root, "--input", follower});
    EXPECT_TRUE(check.code == 0 || check.code == 1)
        << maker.name << "\n" << check.out << check.err.substr(0, 2000);
    std::printf("%-44s exit %d, cpu %.3f s, wall %.3f s, peak RSS %ld KiB\n",
                ("check " + maker.name).c_str(), check.code, check.cpu_seconds, check.seconds,
                check.max_rss_kib);
    EXPECT_LT(check.cpu_seconds, kMaxSeconds) << maker.name;
    EXPECT_LT(check.max_rss_kib, kMaxRssKiB) << maker.name;
  }
}

TEST(BoundedRulesTest, ASixtyMebibyteSnapshotIsRefusedInLittleMemory) {
  // One line, 60 unknown keys of 1 MiB each: the reader reports 20 of them (with excerpts of
  // 120 bytes, not copies of the line) and stops.
  std::string doc = Snapshot();
  doc.pop_back();
  for (int i = 0; i < 60; ++i)
    doc += ",\"unknown_" + std::to_string(i) + "\": \"" + std::string((1 << 20) - 32, 'x') + "\"";
  doc += "}";
  const std::string path = TempDir() + "/sixty.json";
  WriteFile(path, doc);
  const Outcome r = RunBinary({"check", "--rules", "rules/default.rules", "--input", path});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown key 'unknown_0'"), std::string::npos) << r.err.substr(0, 1000);
  std::printf("60 MiB snapshot: cpu %.3f s, wall %.3f s, peak RSS %ld KiB (input %zu bytes)\n",
              r.cpu_seconds, r.seconds, r.max_rss_kib, doc.size());
  // The input is read whole, and the document keeps its strings: a small multiple of the input
  // (2.2 here; ASan's shadow memory and quarantine add about one more).
#if defined(__SANITIZE_ADDRESS__)
  constexpr long kTimesInput = 4;
#else
  constexpr long kTimesInput = 3;
#endif
  EXPECT_LT(r.max_rss_kib * 1024, kTimesInput * static_cast<long>(doc.size()));
  EXPECT_LT(r.err.size(), 64u << 10);
}

bool HasControlByte(const std::string& s) {
  for (unsigned char c : s)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) return true;
  return false;
}

TEST(BoundedRulesTest, WhatTheBinaryPrintsFromInputsIsEscaped) {
  // A follower whose name retitles the terminal, in a message the default rules print.
  const std::string path = TempDir() + "/escape.json";
  WriteFile(path, Snapshot("\\u001b]0;owned\\u0007\\u009b31m", "ERR_APP_NOT_EXIST"));
  const Outcome r = RunBinary({"check", "--rules", "rules/default.rules", "--input", path});
  EXPECT_EQ(r.code, 1) << r.out << r.err;
  EXPECT_FALSE(HasControlByte(r.out)) << r.out;
  EXPECT_NE(r.out.find("\\x1b]0;owned\\x07\\u{009b}31m"), std::string::npos) << r.out;
  // A path with control characters, in an error.
  const Outcome l = RunBinary({"lint", "no\x1b[2J\x07such.rules"});
  EXPECT_EQ(l.code, 2);
  EXPECT_FALSE(HasControlByte(l.out + l.err)) << l.out << l.err;
  EXPECT_NE(l.out.find("no\\x1b[2J\\x07such.rules"), std::string::npos) << l.out;
  // A rule file with control characters and bytes that are not UTF-8: refused, located, escaped.
  const std::string rules = TempDir() + "/escape.rules";
  WriteFile(rules, "partition p: require primary_alive else ERR_UNKNOWN \"\x1b]0;x\x07\xff\"\n");
  const Outcome f = RunBinary({"lint", rules});
  EXPECT_EQ(f.code, 2);
  EXPECT_FALSE(HasControlByte(f.out + f.err)) << f.out << f.err;
  EXPECT_NE(f.out.find("control character \\x1b in a string"), std::string::npos) << f.out;
}

}  // namespace
}  // namespace dupready
