// Hostile input through the real binary: `dupready check --input-format thrift|shell|snapshot
// |auto` on truncated replies, sizes claiming 2^31-1 elements or 2 GiB, 100,000 nested unknown
// fields, empty and oversized files, malformed, mistyped and deeply nested JSON. Each run must
// exit 2 naming what is wrong and where (byte offset and field for Thrift, file:line:col for
// JSON), within a second and under 200 MiB of peak RSS, measured per child with wait4().
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/testing/files.h"
#include "gtest/gtest.h"
#include "tools/cli/testing/run_binary.h"

namespace dupready {
namespace {

using testing::Outcome;
using testing::RunBinary;

constexpr char kBinary[] = "tools/dupready";
constexpr char kRules[] = "rules/default.rules";

// Thrift binary, big-endian, written by hand (the layout in meta_integration/PEGASUS.md).
class Wire {
 public:
  Wire& U8(uint8_t v) {
    s_.push_back(static_cast<char>(v));
    return *this;
  }
  Wire& I16(int16_t v) { return Be(static_cast<uint16_t>(v), 2); }
  Wire& I32(int32_t v) { return Be(static_cast<uint32_t>(v), 4); }
  Wire& I64(int64_t v) { return Be(static_cast<uint64_t>(v), 8); }
  Wire& Str(const std::string& v) {
    I32(static_cast<int32_t>(v.size()));
    s_ += v;
    return *this;
  }
  Wire& Field(uint8_t type, int16_t id) { return U8(type).I16(id); }
  Wire& List(uint8_t elem, int32_t n) { return U8(elem).I32(n); }
  Wire& Raw(const std::string& v) {
    s_ += v;
    return *this;
  }
  const std::string& bytes() const { return s_; }

 private:
  Wire& Be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) s_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return *this;
  }
  std::string s_;
};

constexpr uint8_t kBool = 2, kI32 = 8, kI64 = 10, kString = 11, kStruct = 12, kList = 15;

// A reply's head: err ERR_OK, app_id 3, partition_count 1, is_stateful, partitions: list of 1.
Wire ReplyHead() {
  Wire w;
  w.Field(kStruct, 1).Str("ERR_OK").Field(kI32, 2).I32(3).Field(kI32, 3).I32(1);
  w.Field(kBool, 4).U8(1).Field(kList, 5).List(kStruct, 1);
  return w;
}

// A whole valid reply of one partition: 10.0.0.1:34801 primary, one secondary, hp_* fields.
std::string ValidReply() {
  Wire w = ReplyHead();
  const int64_t primary = (int64_t{0x0A000001} << 32) | (int64_t{34801} << 16) | 1;
  const int64_t secondary = (int64_t{0x0A000002} << 32) | (int64_t{34801} << 16) | 1;
  w.Field(kStruct, 1).I64(int64_t{0} << 32 | 3).Field(kI64, 2).I64(7).Field(kI32, 3).I32(2);
  w.Field(kStruct, 4).I64(primary).Field(kList, 5).List(kStruct, 1).I64(secondary);
  w.Field(kList, 6).List(kStruct, 0).Field(kI64, 7).I64(100).Field(kI32, 8).I32(0);
  w.Field(kStruct, 9).Str("node1").I16(static_cast<int16_t>(34801)).U8(1);
  w.Field(kList, 10).List(kStruct, 1).Str("node2").I16(static_cast<int16_t>(34801)).U8(1);
  w.Field(kList, 11).List(kStruct, 0);
  w.U8(0).U8(0);  // end of partitions[0], end of the reply
  return w.bytes();
}

std::string Repeat(const std::string& unit, int n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (int i = 0; i < n; ++i) out += unit;
  return out;
}

struct Case {
  std::string name;      // the input's file name
  std::string bytes;     // its contents (see `sparse_bytes`)
  std::vector<std::string> formats;
  std::vector<std::string> expect;  // substrings of stderr; "@" stands for the input's path
  int64_t sparse_bytes = 0;         // > 0: a sparse file of this size instead of `bytes`
};

std::vector<Case> Cases() {
  const std::string valid = ValidReply();
  const std::vector<std::string> kThrift = {"thrift", "auto"};
  const std::vector<std::string> kJson = {"snapshot", "shell", "auto"};
  std::vector<Case> cases;
  // Truncated replies: inside the err string, inside the partition list, inside hp_primary's
  // host, and one byte short of the end.
  for (size_t cut : {size_t{1}, size_t{5}, size_t{30}, size_t{120}, valid.size() - 1})
    cases.push_back({"truncated_at_" + std::to_string(cut) + ".bin", valid.substr(0, cut),
                     kThrift, {"@: query_cfg_response", "offset"}});
  cases.push_back({"partitions_2g.bin",
                   Wire().Field(kList, 5).List(kStruct, 0x7FFFFFFF).bytes(), kThrift,
                   {"query_cfg_response.partitions: list of 2147483647 elements", "at offset 3"}});
  cases.push_back({"secondaries_2g.bin",
                   ReplyHead().Field(kStruct, 1).I64(3).Field(kList, 5)
                       .List(kStruct, 0x7FFFFFFF).I64(0).bytes(),
                   kThrift,
                   {"query_cfg_response.partitions[0].secondaries: list of 2147483647 elements",
                    "at offset 53"}});
  cases.push_back({"err_string_2g.bin", Wire().Field(kStruct, 1).I32(0x7FFFFFFF).Raw("ERR").bytes(),
                   kThrift, {"query_cfg_response.err: error_code string of 2147483647 bytes", "offset 3"}});
  cases.push_back({"err_string_negative.bin",
                   Wire().Field(kStruct, 1).I32(INT32_MIN).Raw("ERR").bytes(), kThrift,
                   {"query_cfg_response.err", "offset 3"}});
  cases.push_back({"unknown_string_2g.bin",
                   Wire().Field(kString, 99).I32(0x7FFFFFFF).Raw("xyz").bytes(), kThrift,
                   {"query_cfg_response.<field 99>: string of 2147483647 bytes", "offset 3"}});
  cases.push_back({"nested_unknown_100k.bin", Repeat(Wire().Field(kStruct, 42).bytes(), 100000),
                   kThrift, {"query_cfg_response.<field 42>.<field 42>.", "nesting deeper than 64 "
                             "levels at offset 192"}});
  cases.push_back({"nested_in_partition_100k.bin",
                   ReplyHead().Raw(Repeat(Wire().Field(kStruct, 42).bytes(), 100000)).bytes(),
                   kThrift, {"query_cfg_response.partitions[0].<field 42>.", "nesting deeper"}});
  cases.push_back({"nested_lists_100k.bin",
                   Wire().Field(kList, 42).Raw(Repeat(Wire().List(kList, 1).bytes(), 100000))
                       .bytes(),
                   kThrift, {"query_cfg_response.<field 42>", "nesting deeper"}});
  cases.push_back({"empty.bin", "", {"thrift", "shell", "snapshot", "auto"},
                   {"@: the input file is empty"}});
  cases.push_back({"oversized.bin", "", {"thrift", "auto"}, {"@", "the limit is 67108864"},
                   int64_t{65} << 20});

  // JSON. Locations are file:line:col; the column of a value is its first character.
  cases.push_back({"malformed.json", "{\"duplication\": {\"app_name\": \"a\"", kJson,
                   {"@:1:33: error: unexpected end of input"}});
  cases.push_back({"mistyped_snapshot.json",
                   "{\"duplication\": {\"app_name\": \"a\", \"partition_count\": 1},\n"
                   " \"rpc_err\": \"ERR_OK\",\n"
                   " \"response\": {\"err\": \"ERR_OK\", \"partitions\": [\n"
                   "   {\"pidx\": 0, \"ballot\": \"3\", \"max_replica_count\": 1}]}}\n",
                   {"snapshot", "auto"}, {"@:4:26: error: 'ballot' must be an integer, got string"}});
  cases.push_back({"mistyped_shell.json",
                   "{\"general\": {\"app_id\": \"3\", \"partition_count\": \"1\"},\n"
                   " \"replicas\": {\"0\": {\"pidx\": \"0\", \"ballot\": \"3\",\n"
                   "   \"replica_count\": 1, \"primary\": \"-\", \"secondaries\": \"[]\"}}}\n",
                   {"shell", "auto"}, {"@:3:21: error: \"replica_count\" must be a string"}});
  cases.push_back({"nested_arrays_100k.json", Repeat("[", 100000), kJson,
                   {"@:1:65: error: nesting is deeper than 64 levels"}});
  cases.push_back({"nested_objects_100k.json", Repeat("{\"a\":", 100000), kJson,
                   {"@:1:321: error: nesting is deeper than 64 levels"}});
  cases.push_back({"nested_in_shell_100k.json",
                   "{\"general\": " + Repeat("{\"a\": ", 100000), {"shell", "auto"},
                   {"@:1:", "error: nesting is deeper than 64 levels"}});
  cases.push_back({"long_string.json", "{\"rpc_err\": \"" + std::string(10 << 20, 'E') + "\"}",
                   kJson, {"@:1:13: error: string is longer than 1048576 bytes"}});
  cases.push_back({"json_as_thrift.json", "{\"rpc_err\": \"ERR_OK\"}", {"thrift"},
                   {"@: query_cfg_response.", "invalid Thrift type 123 at offset 0"}});
  return cases;
}

TEST(HostileInputTest, ExitTwoWithWhatAndWhereFastAndSmall) {
  ASSERT_EQ(access(kBinary, X_OK), 0) << kBinary << " is missing";
  ASSERT_EQ(access(kRules, R_OK), 0) << kRules << " is missing";
  std::printf("%-32s %-9s %9s %12s\n", "input", "format", "cpu s", "max RSS KiB");
  for (const Case& c : Cases()) {
    const std::string path = testing::TempDir() + "/" + c.name;
    if (c.sparse_bytes > 0) {
      const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ASSERT_GE(fd, 0);
      ASSERT_EQ(ftruncate(fd, c.sparse_bytes), 0);
      close(fd);
    } else {
      testing::WriteFile(path, c.bytes);
    }
    for (const std::string& format : c.formats) {
      SCOPED_TRACE(c.name + " --input-format " + format);
      const Outcome r = RunBinary({"check", "--rules", kRules, "--input", path, "--input-format",
                               format});
      // The figures and the first line of the message, with the temporary directory cut.
      std::string message = r.err.substr(0, r.err.find('\n'));
      for (size_t at; (at = message.find(testing::TempDir() + "/")) != std::string::npos;)
        message.erase(at, testing::TempDir().size() + 1);
      std::printf("%-32s %-9s %9.3f %12ld  %.150s\n", c.name.c_str(), format.c_str(), r.cpu_seconds,
                  r.max_rss_kib, message.c_str());
      EXPECT_EQ(r.code, 2) << r.err;
      EXPECT_EQ(r.out, "");
      EXPECT_LT(r.cpu_seconds, testing::kMaxSeconds);
      EXPECT_LT(r.max_rss_kib, testing::kMaxRssKiB);
      // What and where, and nothing else: a bounded message, not an echo of the input.
      EXPECT_LT(r.err.size(), 4096u) << r.err.substr(0, 4096);
      for (std::string want : c.expect) {
        if (want[0] == '@') want = path + want.substr(1);
        EXPECT_NE(r.err.find(want), std::string::npos) << "want: " << want << "\ngot: " << r.err;
      }
    }
    std::remove(path.c_str());
  }
}

// Rules that put no rule in force would make every follower READY: every command that loads
// rules refuses them as a load error naming the file (lint prints to stdout, the others to
// stderr; `test` fails the cases of a file whose rules do not load).
TEST(HostileInputTest, NoRuleInForceIsRefusedByEveryCommand) {
  const std::string dir = testing::TempDir();
  const std::string empty = dir + "/empty.rules", comments = dir + "/comments.rules";
  testing::WriteFile(empty, "");
  testing::WriteFile(comments, "\xEF\xBB\xBF# nothing but comments\r\n\t# and a tab\r\n");
  const std::string snapshot = "testdata/snapshots/seed_single_replica.json";
  for (const std::string& rules : {empty, comments}) {
    const std::string want = rules + ": error: puts no rule in force";
    const std::vector<std::vector<std::string>> runs = {
        {"check", "--rules", rules, "--input", snapshot}, {"lint", rules}, {"diff", kRules, rules}};
    for (const auto& args : runs) {
      SCOPED_TRACE(args[0] + " " + rules);
      const Outcome r = RunBinary(args);
      EXPECT_EQ(r.code, 2) << r.out << r.err;
      EXPECT_NE((r.out + r.err).find(want), std::string::npos) << r.out << r.err;
      EXPECT_NE(r.out.substr(0, 5), "READY") << r.out;
    }
  }
  const std::string test = dir + "/comments.ruletest";
  testing::WriteFile(test,
                     "rules: \"comments.rules\"\n"
                     "cases { name: \"x\" follower { replica_count: 1 } expect { ready: true } }\n");
  const Outcome t = RunBinary({"test", test});
  EXPECT_EQ(t.code, 1) << t.out << t.err;
  EXPECT_NE(t.out.find(comments + ": error: puts no rule in force"), std::string::npos) << t.out;
  EXPECT_NE(t.out.find("0 passed, 1 failed"), std::string::npos) << t.out;
}

// The same binary on a valid reply: the harness itself must be able to see success.
TEST(HostileInputTest, ValidReplyPasses) {
  const std::string path = testing::TempDir() + "/valid.bin";
  testing::WriteFile(path, ValidReply());
  for (const char* format : {"thrift", "auto"}) {
    const Outcome r = RunBinary({"check", "--rules", kRules, "--input", path, "--input-format",
                             format, "--partition-count", "1"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("READY"), std::string::npos) << r.out;
    EXPECT_LT(r.cpu_seconds, testing::kMaxSeconds);
  }
}

}  // namespace
}  // namespace dupready
