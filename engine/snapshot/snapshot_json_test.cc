// Tests for the snapshot JSON reader and writer: the documented shape, golden located errors,
// addresses and the write-then-read round trip.
#include "engine/snapshot/snapshot_json.h"

#include <cstdint>
#include <random>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

using google::protobuf::util::MessageDifferencer;

constexpr char kExample[] =
    R"({"duplication": {"app_name": "dup_test", "remote_cluster_name": "target_cluster",
                 "remote_app_name": "dup_test_3", "partition_count": 4, "remote_replica_count": 1},
 "rpc_err": "ERR_OK",
 "response": {"err": "ERR_OK", "app_id": 3, "partition_count": 4, "is_stateful": true,
   "partitions": [{"pidx": 0, "ballot": 3, "max_replica_count": 1, "primary": "10.0.0.1:34801",
                   "secondaries": [], "last_drops": [], "last_committed_decree": 100,
                   "partition_flags": 0},
                  {"pidx": 1, "ballot": 5, "max_replica_count": 3, "primary": "",
                   "secondaries": ["10.0.0.2:34801", ""], "last_drops": ["[::1]:34802"],
                   "last_committed_decree": 9000000000, "partition_flags": 2}]}}
)";

// Parses `text`, expecting failure; returns the rendered diagnostics.
std::string ErrorsOf(std::string_view text) {
  FollowerSnapshot snap;
  Diagnostics diags;
  EXPECT_FALSE(ParseSnapshotJson(text, "s.json", &snap, &diags)) << text;
  EXPECT_TRUE(diags.has_errors());
  return diags.ToString();
}

FollowerSnapshot ParseOk(std::string_view text) {
  FollowerSnapshot snap;
  Diagnostics diags;
  EXPECT_TRUE(ParseSnapshotJson(text, "s.json", &snap, &diags)) << diags.ToString();
  EXPECT_TRUE(diags.issues().empty());
  return snap;
}

TEST(SnapshotJsonTest, ReadsTheDocumentedShape) {
  const FollowerSnapshot s = ParseOk(kExample);
  EXPECT_EQ(s.duplication().app_name(), "dup_test");
  EXPECT_EQ(s.duplication().remote_cluster_name(), "target_cluster");
  EXPECT_EQ(s.duplication().remote_app_name(), "dup_test_3");
  EXPECT_EQ(s.duplication().partition_count(), 4);
  EXPECT_EQ(s.duplication().remote_replica_count(), 1);
  EXPECT_EQ(s.rpc_err(), "ERR_OK");
  EXPECT_EQ(s.response().err(), "ERR_OK");
  EXPECT_EQ(s.response().app_id(), 3);
  EXPECT_TRUE(s.response().is_stateful());
  ASSERT_EQ(s.response().partitions_size(), 2);
  const PartitionConfig& p0 = s.response().partitions(0);
  EXPECT_EQ(p0.ballot(), 3);
  EXPECT_EQ(p0.primary().host(), "10.0.0.1");
  EXPECT_EQ(p0.primary().port(), 34801u);
  EXPECT_EQ(p0.last_committed_decree(), 100);
  const PartitionConfig& p1 = s.response().partitions(1);
  EXPECT_EQ(p1.pidx(), 1);
  EXPECT_TRUE(p1.has_primary());
  EXPECT_EQ(p1.primary().host(), "");
  ASSERT_EQ(p1.secondaries_size(), 2);
  EXPECT_EQ(p1.secondaries(0).host(), "10.0.0.2");
  EXPECT_EQ(p1.secondaries(1).host(), "");
  EXPECT_EQ(p1.secondaries(1).port(), 0u);
  EXPECT_EQ(p1.last_drops(0).host(), "::1");
  EXPECT_EQ(p1.last_drops(0).port(), 34802u);
  EXPECT_EQ(p1.last_committed_decree(), 9000000000);
  EXPECT_EQ(p1.partition_flags(), 2);
}

// A snapshot saved with a UTF-8 byte order mark reads like one without; an error on line 1 is
// located after the mark.
TEST(SnapshotJsonTest, ByteOrderMarkIsSkipped) {
  const FollowerSnapshot s = ParseOk("\xEF\xBB\xBF" + std::string(kExample));
  EXPECT_EQ(s.duplication().remote_app_name(), "dup_test_3");
  FollowerSnapshot bad;
  Diagnostics diags;
  EXPECT_FALSE(ParseSnapshotJson("\xEF\xBB\xBF{\"rpc_err\": 1}", "s.json", &bad, &diags));
  EXPECT_NE(diags.ToString().find("s.json:1:13: error:"), std::string::npos) << diags.ToString();
  EXPECT_NE(diags.ToString().find("\n  {\"rpc_err\": 1}\n              ^\n"), std::string::npos)
      << diags.ToString();
}

TEST(SnapshotJsonTest, AbsentOptionalKeysTakeDefaults) {
  const FollowerSnapshot s = ParseOk(
      R"({"duplication": {}, "rpc_err": "ERR_TIMEOUT",
          "response": {"partitions": [{"pidx": 7, "max_replica_count": 3}]}})");
  EXPECT_EQ(s.rpc_err(), "ERR_TIMEOUT");
  EXPECT_EQ(s.duplication().app_name(), "");
  EXPECT_EQ(s.response().err(), "");
  EXPECT_FALSE(s.response().is_stateful());
  ASSERT_EQ(s.response().partitions_size(), 1);
  EXPECT_EQ(s.response().partitions(0).pidx(), 7);
  EXPECT_TRUE(s.response().partitions(0).has_primary());  // materialized, invalid
  EXPECT_EQ(s.response().partitions(0).primary().host(), "");
}

struct GoldenCase {
  std::string input;
  std::string expected;
};

// A valid document around `partition`, which is on line 2.
std::string WithPartition(const std::string& partition) {
  return "{\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": {\"partitions\": [\n" +
         partition + "\n]}}";
}

TEST(SnapshotJsonTest, GoldenErrors) {
  const GoldenCase cases[] = {
      {R"({"duplication": {}, "rpc_err": "ERR_OK", "response": {}, "extra": 1})",
       "s.json:1:58: error: unknown key 'extra'; expected one of: duplication, rpc_err, "
       "response\n"
       "  {\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": {}, \"extra\": 1}\n"
       "                                                           ^\n"},
      {R"({"duplication": {"app_nam": "x"}, "rpc_err": "ERR_OK", "response": {}})",
       "s.json:1:18: error: unknown key 'app_nam'; did you mean 'app_name'?\n"
       "  {\"duplication\": {\"app_nam\": \"x\"}, \"rpc_err\": \"ERR_OK\", \"response\": {}}\n"
       "                   ^\n"},
      {R"({"duplication": {}, "response": {}})",
       "s.json:1:1: error: missing required key 'rpc_err'\n"
       "  {\"duplication\": {}, \"response\": {}}\n"
       "  ^\n"},
      {R"({"duplication": {}, "rpc_err": "OK", "response": {}})",
       "s.json:1:32: error: 'rpc_err' must be a Pegasus error name such as 'ERR_OK', got 'OK'\n"
       "  {\"duplication\": {}, \"rpc_err\": \"OK\", \"response\": {}}\n"
       "                                 ^\n"},
      {R"({"duplication": {}, "rpc_err": "ERR_OK", "response": []})",
       "s.json:1:54: error: 'response' must be an object, got array\n"
       "  {\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": []}\n"
       "                                                       ^\n"},
      {R"({"duplication": {}, "rpc_err": "ERR_OK", "response": {"app_id": null}})",
       "s.json:1:65: error: 'app_id' must be an integer, got null\n"
       "  {\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": {\"app_id\": null}}\n"
       "                                                                  ^\n"},
      {R"({"duplication": {}, "rpc_err": "ERR_OK", "response": {"is_stateful": 1}})",
       "s.json:1:70: error: 'is_stateful' must be true or false, got number\n"
       "  {\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": {\"is_stateful\": 1}}\n"
       "                                                                       ^\n"},
      {WithPartition(R"({"pidx": 0, "ballot": "3", "max_replica_count": 1})"),
       "s.json:2:23: error: 'ballot' must be an integer, got string\n"
       "  {\"pidx\": 0, \"ballot\": \"3\", \"max_replica_count\": 1}\n"
       "                        ^\n"},
      {WithPartition(R"({"pidx": 0, "ballot": 1.5, "max_replica_count": 1})"),
       "s.json:2:23: error: 'ballot' must be an integer, got 1.5\n"
       "  {\"pidx\": 0, \"ballot\": 1.5, \"max_replica_count\": 1}\n"
       "                        ^\n"},
      {WithPartition(R"({"pidx": 3000000000, "max_replica_count": 1})"),
       "s.json:2:10: error: 'pidx' is out of range for int32: 3000000000\n"
       "  {\"pidx\": 3000000000, \"max_replica_count\": 1}\n"
       "           ^\n"},
      {WithPartition(R"({"pidx": 0, "ballot": 9223372036854775808, "max_replica_count": 1})"),
       "s.json:2:23: error: 'ballot' is out of range for int64: 9223372036854775808\n"
       "  {\"pidx\": 0, \"ballot\": 9223372036854775808, \"max_replica_count\": 1}\n"
       "                        ^\n"},
      {WithPartition(R"({"pidx": 0, "max_replica_count": 1, "primary": "10.0.0.1"})"),
       "s.json:2:48: error: invalid address '10.0.0.1': expected \"host:port\" or \"\"\n"
       "  {\"pidx\": 0, \"max_replica_count\": 1, \"primary\": \"10.0.0.1\"}\n"
       "                                                 ^\n"},
      {WithPartition(R"({"pidx": 0, "max_replica_count": 1, "secondaries": ["", 7]})"),
       "s.json:2:57: error: elements of 'secondaries' must be an address string "
       "(\"host:port\" or \"\"), got number\n"
       "  {\"pidx\": 0, \"max_replica_count\": 1, \"secondaries\": [\"\", 7]}\n"
       "                                                          ^\n"},
      {WithPartition(R"({"pidx": 0, "max_replica_count": 1, "last_drops": ""})"),
       "s.json:2:51: error: 'last_drops' must be an array, got string\n"
       "  {\"pidx\": 0, \"max_replica_count\": 1, \"last_drops\": \"\"}\n"
       "                                                    ^\n"},
      {WithPartition(R"({"ballot": 2})"),
       "s.json:2:1: error: missing required key 'pidx'\n"
       "  {\"ballot\": 2}\n"
       "  ^\n"
       "s.json:2:1: error: missing required key 'max_replica_count'\n"
       "  {\"ballot\": 2}\n"
       "  ^\n"},
      {"[]", "s.json:1:1: error: a snapshot must be a JSON object, got array\n  []\n  ^\n"},
      {R"({"duplication": {} "rpc_err": "ERR_OK"})",  // JSON syntax errors come through as-is
       "s.json:1:20: error: expected ',' or '}' after object member\n"
       "  {\"duplication\": {} \"rpc_err\": \"ERR_OK\"}\n"
       "                     ^\n"},
  };
  for (const GoldenCase& c : cases) EXPECT_EQ(ErrorsOf(c.input), c.expected) << c.input;
}

TEST(SnapshotJsonTest, ReportsSeveralErrorsThenStops) {
  // Three independent mistakes in one run.
  std::string errors = ErrorsOf(
      R"({"duplication": {"partition_count": "4"}, "rpc_err": "ERR_OK",
          "response": {"partitions": [{"pidx": 0, "max_replica_count": 1, "balot": 1}],
                       "err": "bad"}})");
  EXPECT_NE(errors.find("s.json:1:37: error: 'partition_count' must be an integer"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("s.json:2:75: error: unknown key 'balot'; did you mean 'ballot'?"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("s.json:3:31: error: 'err' must be a Pegasus error name"),
            std::string::npos)
      << errors;

  // 30 bad partitions: 20 errors, then a note.
  std::string many =
      "{\"duplication\": {}, \"rpc_err\": \"ERR_OK\", \"response\": {\"partitions\": [";
  for (int i = 0; i < 30; ++i) many += std::string(i ? "," : "") + "{\"pidx\": 0}";
  many += "]}}";
  FollowerSnapshot snap;
  Diagnostics diags;
  EXPECT_FALSE(ParseSnapshotJson(many, "s.json", &snap, &diags));
  EXPECT_EQ(diags.error_count(), kMaxSnapshotErrors);
  ASSERT_EQ(diags.issues().size(), static_cast<size_t>(kMaxSnapshotErrors) + 1);
  EXPECT_EQ(FormatIssue(diags.issues().back()),
            "s.json: note: too many errors; stopped after 20\n");
}

TEST(SnapshotJsonTest, StatusOrFormCarriesTheRenderedErrors) {
  absl::StatusOr<FollowerSnapshot> s = ParseSnapshotJson("{}", "s.json");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(s.status().message()),
            "s.json:1:1: error: missing required key 'duplication'\n  {}\n  ^\n"
            "s.json:1:1: error: missing required key 'rpc_err'\n  {}\n  ^\n"
            "s.json:1:1: error: missing required key 'response'\n  {}\n  ^");
  absl::StatusOr<FollowerSnapshot> ok = ParseSnapshotJson(kExample, "s.json");
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->response().partitions_size(), 2);
}

TEST(AddressTest, ParsesTheAcceptedForms) {
  Address a;
  ASSERT_TRUE(ParseAddress("10.0.0.1:34801", &a).ok());
  EXPECT_EQ(a.host(), "10.0.0.1");
  EXPECT_EQ(a.port(), 34801u);
  ASSERT_TRUE(ParseAddress("replica-1.example.com:0", &a).ok());
  EXPECT_EQ(a.host(), "replica-1.example.com");
  EXPECT_EQ(a.port(), 0u);
  ASSERT_TRUE(ParseAddress("[::ffff:10.0.0.1]:65535", &a).ok());
  EXPECT_EQ(a.host(), "::ffff:10.0.0.1");
  EXPECT_EQ(a.port(), 65535u);
  ASSERT_TRUE(ParseAddress("", &a).ok());
  EXPECT_EQ(a.host(), "");
  EXPECT_EQ(a.port(), 0u);
}

TEST(AddressTest, RejectsMalformedAddresses) {
  const std::pair<const char*, const char*> cases[] = {
      {"host", "invalid address 'host': expected \"host:port\" or \"\""},
      {":80", "invalid address ':80': the host is empty"},
      {"h:", "invalid address 'h:': the port must be a number from 0 to 65535"},
      {"h:65536", "invalid address 'h:65536': the port must be a number from 0 to 65535"},
      {"h:-1", "invalid address 'h:-1': the port must be a number from 0 to 65535"},
      {"h:123456", "invalid address 'h:123456': the port must be a number from 0 to 65535"},
      {"::1:80",
       "invalid address '::1:80': an IPv6 host must be in brackets, as in "
       "\"[::1]:34801\""},
      {"a b:80",
       "invalid address 'a b:80': a host may contain only letters, digits, '.', '-' "
       "and '_'"},
      {"[::1]", "invalid address '[::1]': expected ':' and a port after the host"},
      {"[::1:80", "invalid address '[::1:80': missing ']' after the IPv6 host"},
      {"[]:80", "invalid address '[]:80': an IPv6 host in brackets must contain ':'"},
      {"[::g]:80",
       "invalid address '[::g]:80': an IPv6 host may contain only hex digits, ':' "
       "and '.'"},
  };
  for (const auto& [text, message] : cases) {
    Address a;
    absl::Status s = ParseAddress(text, &a);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(std::string(s.message()), message);
  }
}

TEST(AddressTest, FormatInvertsParse) {
  for (const char* text : {"10.0.0.1:34801", "[::1]:1", "h:0", ""}) {
    Address a;
    ASSERT_TRUE(ParseAddress(text, &a).ok()) << text;
    EXPECT_EQ(FormatAddress(a), text);
  }
  Address port_only;
  port_only.set_port(5);
  EXPECT_EQ(FormatAddress(port_only), "");  // no host: the invalid address
}

TEST(SnapshotToJsonTest, WritesTheDocumentedShape) {
  FollowerSnapshot s;
  s.mutable_duplication()->set_app_name("dup_test");
  s.mutable_duplication()->set_partition_count(2);
  s.set_rpc_err("ERR_OK");
  s.mutable_response()->set_err("ERR_OK");
  s.mutable_response()->set_is_stateful(true);
  PartitionConfig* p = s.mutable_response()->add_partitions();
  p->set_max_replica_count(3);
  p->mutable_primary()->set_host("10.0.0.1");
  p->mutable_primary()->set_port(34801);
  p->add_secondaries();
  p->add_secondaries()->set_host("::1");
  s.mutable_response()->add_partitions()->set_pidx(1);
  EXPECT_EQ(SnapshotToJson(s),
            R"({
  "duplication": {"app_name": "dup_test", "partition_count": 2},
  "rpc_err": "ERR_OK",
  "response": {
    "err": "ERR_OK",
    "app_id": 0,
    "partition_count": 0,
    "is_stateful": true,
    "partitions": [
      {"pidx": 0, "ballot": 0, "max_replica_count": 3, "primary": "10.0.0.1:34801", "secondaries": ["", "[::1]:0"], "last_drops": [], "last_committed_decree": 0, "partition_flags": 0},
      {"pidx": 1, "ballot": 0, "max_replica_count": 0, "primary": "", "secondaries": [], "last_drops": [], "last_committed_decree": 0, "partition_flags": 0}
    ]
  }
}
)");
  // No partitions: an empty array on the key's line.
  s.mutable_response()->clear_partitions();
  EXPECT_NE(SnapshotToJson(s).find("    \"partitions\": []\n  }\n}\n"), std::string::npos);
}

TEST(SnapshotJsonTest, AbsentContextValuesStayAbsent) {
  const FollowerSnapshot s = ParseOk(R"({"duplication": {"remote_app_name": "t", "remote_replica_count": 0},
      "rpc_err": "ERR_OK", "response": {"err": "ERR_OK"}})");
  const DuplicationContext& d = s.duplication();
  EXPECT_FALSE(d.has_app_name());
  EXPECT_FALSE(d.has_remote_cluster_name());
  EXPECT_FALSE(d.has_partition_count());
  EXPECT_TRUE(d.has_remote_app_name());
  EXPECT_TRUE(d.has_remote_replica_count());  // given, even as the default value 0
  EXPECT_NE(SnapshotToJson(s).find(R"("duplication": {"remote_app_name": "t", "remote_replica_count": 0},)"),
            std::string::npos)
      << SnapshotToJson(s);
}

TEST(SnapshotJsonTest, NegativeOrRepeatedPartitionIndexIsLocated) {
  const std::string negative = ErrorsOf(R"({"duplication": {}, "rpc_err": "ERR_OK",
 "response": {"err": "ERR_OK", "partitions": [
  {"pidx": 0, "max_replica_count": 3},
  {"pidx": -1, "max_replica_count": 3}]}})");
  EXPECT_NE(negative.find("s.json:4:12: error: 'pidx' -1 is negative"), std::string::npos)
      << negative;
  const std::string repeated = ErrorsOf(R"({"duplication": {}, "rpc_err": "ERR_OK",
 "response": {"err": "ERR_OK", "partitions": [
  {"pidx": 2, "max_replica_count": 3},
  {"pidx": 0, "max_replica_count": 3},
  {"pidx": 2, "max_replica_count": 3}]}})");
  EXPECT_NE(repeated.find("s.json:5:12: error: partition 2 is listed twice; first at s.json:3:12"),
            std::string::npos)
      << repeated;
  // Out of order is fine.
  ParseOk(R"({"duplication": {}, "rpc_err": "ERR_OK", "response": {"err": "ERR_OK", "partitions": [
  {"pidx": 1, "max_replica_count": 3}, {"pidx": 0, "max_replica_count": 3}]}})");
}

TEST(SnapshotToJsonTest, RoundTripsThroughTheReader) {
  const FollowerSnapshot example = ParseOk(kExample);
  EXPECT_TRUE(MessageDifferencer::Equals(ParseOk(SnapshotToJson(example)), example));

  // Random snapshots with extreme integers, odd strings and every address form.
  std::mt19937_64 rng(7);
  const char* hosts[] = {"", "10.0.0.1", "::1", "a-b.c_d", "fe80::1"};
  const char* strings[] = {"", "dup_test", "quote\" back\\slash", "caf\xC3\xA9 \xF0\x9F\x98\x80",
                           "tab\tnew\nline\x01"};
  const int64_t ints[] = {0, 1, -1, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
  const auto pick_int = [&] { return ints[rng() % 7]; };
  const auto pick_addr = [&](Address* a) {
    a->set_host(hosts[rng() % 5]);
    if (!a->host().empty()) a->set_port(rng() % 65536);
  };
  for (int round = 0; round < 200; ++round) {
    FollowerSnapshot s;
    DuplicationContext* d = s.mutable_duplication();
    // Each context value is given or not.
    if (rng() % 4) d->set_app_name(strings[rng() % 5]);
    if (rng() % 4) d->set_remote_cluster_name(strings[rng() % 5]);
    if (rng() % 4) d->set_remote_app_name(strings[rng() % 5]);
    if (rng() % 4) d->set_partition_count(static_cast<int32_t>(pick_int()));
    if (rng() % 4) d->set_remote_replica_count(static_cast<int32_t>(pick_int()));
    s.set_rpc_err(rng() % 2 ? "ERR_OK" : "ERR_TIMEOUT");
    QueryConfigResponse* r = s.mutable_response();
    r->set_err("ERR_FORWARD_TO_OTHERS");
    r->set_app_id(static_cast<int32_t>(pick_int()));
    r->set_is_stateful(rng() % 2);
    for (int i = rng() % 4; i > 0; --i) {
      PartitionConfig* p = r->add_partitions();
      p->set_pidx(i == 1 ? INT32_MAX : i);  // distinct and not negative, in no fixed order
      p->set_ballot(pick_int());
      p->set_last_committed_decree(pick_int());
      p->set_partition_flags(static_cast<int32_t>(pick_int()));
      pick_addr(p->mutable_primary());
      for (int j = rng() % 4; j > 0; --j) pick_addr(p->add_secondaries());
      for (int j = rng() % 3; j > 0; --j) pick_addr(p->add_last_drops());
    }
    const std::string json = SnapshotToJson(s);
    const FollowerSnapshot back = ParseOk(json);
    EXPECT_TRUE(MessageDifferencer::Equals(back, s)) << json;
    EXPECT_EQ(SnapshotToJson(back), json);
  }
}

}  // namespace
}  // namespace dupready
