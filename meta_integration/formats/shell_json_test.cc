// Tests for shell_json.h: a sample written by hand in the exact shape the Pegasus shell prints,
// golden located errors for what an operator may paste wrong, round trips through the writer,
// and the writer against the corpus's independently written shell files.
#include "engine/testing/files.h"
#include "meta_integration/formats/shell_json.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/snapshot/snapshot_json.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"

namespace dupready {
namespace {

using testing::ReadFile;

// `app dup_test_3 -d -j` on a follower with 4 partitions of 3 replicas, as the shell prints it
// (rapidjson's PrettyWriter, every value a string): partition 1 has no primary ("-"),
// partition 2 lists an invalid secondary and a hostname primary on port 65535, partition 3 has
// no secondary. "nodes" is ordered as Pegasus's std::map<host_port> (invalid first, then by
// host and port), and its "" row holds the totals.
constexpr char kSample[] = R"({
    "parameters": {
        "app_name": "dup_test_3",
        "detailed": "true"
    },
    "general": {
        "app_name": "dup_test_3",
        "app_id": "3",
        "partition_count": "4",
        "max_replica_count": "3"
    },
    "replicas": {
        "0": {
            "pidx": "0",
            "ballot": "5",
            "replica_count": "3/3",
            "primary": "10.0.0.1:34801",
            "secondaries": "[10.0.0.2:34801,10.0.0.3:34801]"
        },
        "1": {
            "pidx": "1",
            "ballot": "6",
            "replica_count": "2/3",
            "primary": "-",
            "secondaries": "[10.0.0.1:34801,10.0.0.3:34801]"
        },
        "2": {
            "pidx": "2",
            "ballot": "7",
            "replica_count": "3/3",
            "primary": "node-a.example.com:65535",
            "secondaries": "[invalid host_port,10.0.0.2:34801]"
        },
        "3": {
            "pidx": "3",
            "ballot": "8",
            "replica_count": "1/3",
            "primary": "10.0.0.3:34801",
            "secondaries": "[]"
        }
    },
    "nodes": {
        "invalid host_port": {
            "node": "invalid host_port",
            "primary": "0",
            "secondary": "1",
            "total": "1"
        },
        "10.0.0.1:34801": {
            "node": "10.0.0.1:34801",
            "primary": "1",
            "secondary": "1",
            "total": "2"
        },
        "10.0.0.2:34801": {
            "node": "10.0.0.2:34801",
            "primary": "0",
            "secondary": "2",
            "total": "2"
        },
        "10.0.0.3:34801": {
            "node": "10.0.0.3:34801",
            "primary": "1",
            "secondary": "2",
            "total": "3"
        },
        "node-a.example.com:65535": {
            "node": "node-a.example.com:65535",
            "primary": "1",
            "secondary": "0",
            "total": "1"
        },
        "": {
            "node": "",
            "primary": "3",
            "secondary": "6",
            "total": "9"
        }
    },
    "healthy": {
        "fully_healthy_partition_count": "2",
        "unhealthy_partition_count": "2",
        "write_unhealthy_partition_count": "2",
        "read_unhealthy_partition_count": "1"
    }
}
)";

Address Addr(const std::string& host, uint32_t port) {
  Address a;
  a.set_host(host);
  a.set_port(port);
  return a;
}

// The response kSample shows, built field by field.
QueryConfigResponse SampleResponse() {
  QueryConfigResponse r;
  r.set_err("ERR_OK");
  r.set_app_id(3);
  r.set_partition_count(4);
  r.set_is_stateful(true);
  struct Row {
    int64_t ballot;
    Address primary;
    std::vector<Address> secondaries;
  } const rows[] = {
      {5, Addr("10.0.0.1", 34801), {Addr("10.0.0.2", 34801), Addr("10.0.0.3", 34801)}},
      {6, Address(), {Addr("10.0.0.1", 34801), Addr("10.0.0.3", 34801)}},
      {7, Addr("node-a.example.com", 65535), {Address(), Addr("10.0.0.2", 34801)}},
      {8, Addr("10.0.0.3", 34801), {}},
  };
  for (int i = 0; i < 4; ++i) {
    PartitionConfig* p = r.add_partitions();
    p->set_pidx(i);
    p->set_ballot(rows[i].ballot);
    p->set_max_replica_count(3);
    *p->mutable_primary() = rows[i].primary;
    for (const Address& a : rows[i].secondaries) *p->add_secondaries() = a;
  }
  return r;
}

std::string Diff(const QueryConfigResponse& a, const QueryConfigResponse& b) {
  std::string report;
  google::protobuf::util::MessageDifferencer d;
  d.ReportDifferencesToString(&report);
  return d.Compare(a, b) ? "" : report.substr(0, 2000);
}

TEST(ShellJsonTest, ReadsTheShellsOwnOutput) {
  QueryConfigResponse got;
  Diagnostics diags;
  ASSERT_TRUE(ParseShellJson(kSample, "app.json", &got, &diags)) << diags.ToString();
  EXPECT_EQ(diags.issues().size(), 0u);
  EXPECT_EQ(Diff(SampleResponse(), got), "");
  // Presence carries no meaning, as in the snapshot reader: "-" is a set, invalid Address.
  EXPECT_TRUE(got.partitions(1).has_primary());
  EXPECT_TRUE(got.partitions(1).primary().host().empty());
}

TEST(ShellJsonTest, WriterPrintsExactlyWhatTheShellPrints) {
  EXPECT_EQ(ShellJsonFromResponse(SampleResponse(), "dup_test_3"), kSample);
}

TEST(ShellJsonTest, PartitionsComeBackInPidxOrder) {
  // The shell prints partitions in order; a hand-edited paste need not be.
  std::string text = kSample;
  const size_t first = text.find("        \"0\": {");
  const size_t second = text.find("        \"1\": {");
  const std::string row0 = text.substr(first, second - first);  // ends with ",\n"
  text.erase(first, second - first);
  const size_t end = text.find("\n    },\n    \"nodes\"");
  text.insert(end, ",\n" + row0.substr(0, row0.size() - 2));
  QueryConfigResponse got;
  Diagnostics diags;
  ASSERT_TRUE(ParseShellJson(text, "app.json", &got, &diags)) << diags.ToString() << text;
  EXPECT_EQ(Diff(SampleResponse(), got), "");
}

// The errors for `text`, one "line:col: message" each.
std::string Errors(const std::string& text) {
  QueryConfigResponse got;
  Diagnostics diags;
  const bool ok = ParseShellJson(text, "app.json", &got, &diags);
  EXPECT_EQ(ok, !diags.has_errors());
  std::vector<std::string> lines;
  for (const Issue& i : diags.issues()) {
    EXPECT_EQ(i.location.file, "app.json");
    lines.push_back(absl::StrCat(i.location.line, ":", i.location.column, ": ", i.message));
  }
  return absl::StrJoin(lines, "\n");
}

// kSample with its first occurrence of `from` replaced by `to`.
std::string SampleWith(const std::string& from, const std::string& to) {
  std::string text = kSample;
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ShellJsonTest, GoldenLocatedErrors) {
  struct Case {
    const char* what;
    std::string text;
    std::string errors;
  } const cases[] = {
      {"missing sections", R"({"parameters": {}, "nodes": {}})",
       "1:1: no \"general\" section: paste the output of `app NAME -d -j`\n"
       "1:1: no \"replicas\" section: paste the output of `app NAME -d -j`"},
      {"a section of the wrong type", R"({"general": [], "replicas": {}})",
       "1:13: \"general\" must be an object"},
      {"not an object", "[]",
       "1:1: the shell's JSON is an object with \"general\" and \"replicas\" sections"},
      {"bad app_id", SampleWith(R"("app_id": "3")", R"("app_id": "three")"),
       "8:19: \"app_id\" must be an integer from 0 to 2147483647"},
      {"replica_count without a slash", SampleWith(R"("3/3")", R"("3")"),
       "16:30: replica_count must read LIVE/CONFIGURED, e.g. \"2/3\", not '3'"},
      {"replica_count not numbers", SampleWith(R"("3/3")", R"("x/3")"),
       "16:30: replica_count must read LIVE/CONFIGURED, e.g. \"2/3\", not 'x/3'"},
      {"replica_count disagrees", SampleWith(R"("2/3")", R"("3/3")"),
       "23:30: replica_count says 3 replicas, but the primary and secondaries list 2"},
      {"primary without a port", SampleWith(R"("10.0.0.1:34801",)", R"("10.0.0.1",)"),
       "17:24: primary must be \"host:port\" or \"-\", not '10.0.0.1'"},
      {"port out of range", SampleWith(R"("10.0.0.1:34801",)", R"("10.0.0.1:65536",)"),
       "17:24: primary must be \"host:port\" or \"-\", not '10.0.0.1:65536'"},
      {"an empty primary", SampleWith(R"("-")", R"("")"),
       "24:24: primary must be \"host:port\" or \"-\", not ''"},
      {"secondaries without brackets",
       SampleWith("\"[10.0.0.2:34801,10.0.0.3:34801]\"", "\"10.0.0.2:34801\""),
       "18:28: secondaries must read \"[host:port,...]\""},
      {"an empty secondary", SampleWith("[10.0.0.2:34801,10.0.0.3:34801]", "[10.0.0.2:34801,]"),
       "18:28: secondary '' is not \"host:port\" or \"invalid host_port\""},
      {"a space after a comma",
       SampleWith("[10.0.0.2:34801,10.0.0.3:34801]", "[10.0.0.2:34801, 10.0.0.3:34801]"),
       "18:28: secondary ' 10.0.0.3:34801' is not \"host:port\" or \"invalid host_port\""},
      {"an entry under another index", SampleWith(R"("pidx": "1")", R"("pidx": "0")"),
       "20:14: entry '1' holds pidx 0"},
      {"a duplicated pidx", SampleWith("\"1\": {", "\"0\": {"),
       "20:9: duplicate key '0'; first defined at 13:9"},
      {"pidx missing", SampleWith(R"("pidx": "3",)", ""), "34:14: missing \"pidx\""},
      {"ballot not a number", SampleWith(R"("ballot": "8")", R"("ballot": "8.5")"),
       "36:23: \"ballot\" must be an integer from -9223372036854775808 to 9223372036854775807"},
      {"primary of the wrong type", SampleWith(R"("-")", "null"),
       "24:24: \"primary\" must be a string"},
      {"malformed JSON", "{\"general\": {\"app_id\": \"3\",}",
       "1:27: trailing comma before '}'"},
      {"a hostile key is quoted and cut",
       SampleWith("\"3\": {", "\"3\\u0007" + std::string(100, 'x') + "\": {"),
       "34:120: entry \"3\\u0007xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...\" holds pidx 3"},
  };
  for (const Case& c : cases) EXPECT_EQ(Errors(c.text), c.errors) << c.what;
}

TEST(ShellJsonTest, ReportsEveryBadPartitionUpToALimit) {
  // Two bad partitions: both reported, in order.
  std::string two = SampleWith(R"("3/3")", R"("3")");
  two = two.replace(two.find(R"("1/3")"), 5, R"("1/x")");
  EXPECT_EQ(Errors(two),
            "16:30: replica_count must read LIVE/CONFIGURED, e.g. \"2/3\", not '3'\n"
            "37:30: replica_count must read LIVE/CONFIGURED, e.g. \"2/3\", not '1/x'");

  // 100 bad partitions: reporting stops at 20.
  std::string many = R"({"general": {"app_id": "1", "partition_count": "100"}, "replicas": {)";
  for (int i = 0; i < 100; ++i)
    absl::StrAppend(&many, i ? "," : "", "\"", i, "\": {\"pidx\": \"", i,
                    "\", \"ballot\": \"1\", \"replica_count\": \"bad\", \"primary\": \"-\", "
                    "\"secondaries\": \"[]\"}");
  many += "}}";
  const std::string errors = Errors(many);
  EXPECT_EQ(std::count(errors.begin(), errors.end(), '\n') + 1, 20) << errors;
}

// The shell's "nodes" section keys each row by its replica server, and every invalid
// secondary is a row of its own keyed "invalid host_port": that key repeats. Everywhere
// else a repeated key is still an error.
TEST(ShellJsonTest, RepeatedKeysOnlyWhereTheShellRepeatsThem) {
  QueryConfigResponse in = SampleResponse();
  *in.mutable_partitions(0)->add_secondaries() = Address();
  *in.mutable_partitions(2)->add_secondaries() = Address();
  const std::string text = ShellJsonFromResponse(in, "dup_test_3");
  const std::string row = "\"invalid host_port\": {";
  ASSERT_NE(text.find(row), std::string::npos);
  ASSERT_NE(text.find(row, text.find(row) + 1), std::string::npos) << text;  // it repeats
  QueryConfigResponse out;
  Diagnostics diags;
  std::string table;
  ASSERT_TRUE(ParseShellJson(text, "s.json", &out, &diags, &table)) << diags.ToString();
  EXPECT_EQ(Diff(in, out), "");
  EXPECT_EQ(table, "dup_test_3");

  // A repeated partition entry, a repeated field of one, a repeated section: refused.
  std::string twice = text;
  const std::string pidx = "\"pidx\": \"0\",";
  twice.replace(twice.find(pidx), pidx.size(), pidx + " " + pidx);
  EXPECT_NE(Errors(twice).find("duplicate key 'pidx'"), std::string::npos) << Errors(twice);
  std::string section = text;
  section.replace(section.find("\"healthy\": {"), 12, "\"general\": {},\n    \"healthy\": {");
  EXPECT_NE(Errors(section).find("duplicate key 'general'"), std::string::npos) << Errors(section);
  // Inside a row of "nodes" keys stay unique: only the section's own keys may repeat.
  std::string inner = text;
  inner.replace(inner.find("\"node\": \"invalid host_port\","), 28,
                "\"node\": \"invalid host_port\", \"node\": \"x\",");
  EXPECT_NE(Errors(inner).find("duplicate key 'node'"), std::string::npos) << Errors(inner);
}

// Pegasus prints the configured count as the i32 it holds: 0 and negative counts are read.
TEST(ShellJsonTest, ReadsZeroAndNegativeConfiguredCounts) {
  for (int32_t configured : {0, -1, INT32_MIN, INT32_MAX}) {
    QueryConfigResponse in = SampleResponse();
    for (PartitionConfig& p : *in.mutable_partitions()) p.set_max_replica_count(configured);
    QueryConfigResponse out;
    Diagnostics diags;
    ASSERT_TRUE(ParseShellJson(ShellJsonFromResponse(in, "t"), "s.json", &out, &diags))
        << configured << ": " << diags.ToString();
    EXPECT_EQ(Diff(in, out), "") << configured;
  }
  EXPECT_NE(Errors(SampleWith("\"3/3\"", "\"3/2147483648\"")).find("replica_count must read"),
            std::string::npos);
}

QueryConfigResponse RoundTrip(const QueryConfigResponse& in) {
  const std::string text = ShellJsonFromResponse(in, "some_table");
  QueryConfigResponse out;
  Diagnostics diags;
  EXPECT_TRUE(ParseShellJson(text, "rt.json", &out, &diags)) << diags.ToString() << text;
  return out;
}

TEST(ShellJsonTest, RoundTripThroughTheWriter) {
  EXPECT_EQ(Diff(SampleResponse(), RoundTrip(SampleResponse())), "");

  QueryConfigResponse empty;  // an ERR_OK reply listing no partition
  empty.set_err("ERR_OK");
  empty.set_app_id(9);
  empty.set_partition_count(8);
  empty.set_is_stateful(true);
  EXPECT_EQ(Diff(empty, RoundTrip(empty)), "");
  EXPECT_NE(ShellJsonFromResponse(empty, "t").find("\"replicas\": {},"), std::string::npos);

  // Every shape of partition at once, over many partitions and ports.
  QueryConfigResponse big;
  big.set_err("ERR_OK");
  big.set_app_id(77);
  big.set_partition_count(300);
  big.set_is_stateful(true);
  for (int i = 0; i < 300; ++i) {
    PartitionConfig* p = big.add_partitions();
    p->set_pidx(i);
    p->set_ballot(int64_t{1} << (i % 63));
    p->set_max_replica_count(1 + i % 5);
    const uint32_t port = (i * 7919u) % 65536u;
    // Every eleventh partition has no primary: the (set) invalid address.
    *p->mutable_primary() =
        i % 11 == 3 ? Address() : Addr(absl::StrCat("10.0.", i / 256, ".", i % 256), port);
    for (int s = 0; s < i % 6; ++s)
      *p->add_secondaries() = s == 2 ? Address() : Addr(absl::StrCat("host-", s, ".dc1"), port);
  }
  EXPECT_EQ(Diff(big, RoundTrip(big)), "");
}

// The corpus's shell files come from tools/corpus's own printer, written apart from this one:
// both must print the same bytes for the same follower.
TEST(ShellJsonTest, WriterMatchesTheCorpusPrinter) {
  int compared = 0;
  for (absl::string_view line : absl::StrSplit(ReadFile("testdata/corpus/CASES.tsv"), '\n')) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, '\t');
    ASSERT_GE(cols.size(), 2u);
    if (cols[1].find("shell") == std::string::npos) continue;
    const std::string name = cols[0];
    absl::StatusOr<FollowerSnapshot> snap =
        ParseSnapshotJson(ReadFile("testdata/corpus/" + name + ".snapshot.json"), name);
    ASSERT_TRUE(snap.ok()) << snap.status();
    // The shell prints only the hp_* fields: a reply without them (an old server's) shows
    // no replica at all.
    const std::string bytes = ReadFile("testdata/corpus/" + name + ".reply.bin");
    absl::StatusOr<pegasus_wire::query_cfg_response> reply =
        DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ASSERT_TRUE(reply.ok()) << name << ": " << reply.status();
    const bool host_ports = reply->partitions.empty() || reply->partitions[0].__isset.hp_primary;
    QueryConfigResponse resp = snap->response();
    resp.set_is_stateful(true);
    for (PartitionConfig& p : *resp.mutable_partitions()) {
      p.clear_last_drops();
      p.set_last_committed_decree(0);
      p.set_partition_flags(0);
      if (!host_ports) {
        p.clear_primary();
        p.mutable_primary();
        p.clear_secondaries();
      }
    }
    EXPECT_TRUE(ShellJsonFromResponse(resp, snap->duplication().remote_app_name()) ==
                ReadFile("testdata/corpus/" + name + ".shell.json"))
        << name;
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

}  // namespace
}  // namespace dupready
