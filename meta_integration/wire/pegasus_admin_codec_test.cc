// Copyright 2026 The dupready Authors.
//
// pegasus_admin_codec.h: golden bytes written by hand from Pegasus's field ids
// (duplication.thrift, meta_admin.thrift, dsn.layer2.thrift, utils.thrift), so that the IDL
// cannot be wrong the same way in the encoder and the decoder; the fields dupready leaves out
// of its IDL are skipped; every listing limit holds at the limit and one past it; hostile
// sizes are refused, located, without large allocations.

#include "meta_integration/wire/pegasus_admin_codec.h"

#include <string>

#include "gtest/gtest.h"
#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using namespace ::dupready::testonly;  // NOLINT: WireWriter, FromHex, ToHex, type codes
using pegasus_wire::duplication_entry;
using pegasus_wire::duplication_list_response;

const uint8_t* Data(const std::string& s) { return reinterpret_cast<const uint8_t*>(s.data()); }

// One duplication as a current meta lists it: fields 1-4, 7-9, without the per-partition maps.
constexpr char kEntryHead[] =
    "08 0001 00000007"             // 1 dupid = 7
    "08 0002 00000002"             // 2 status = DS_APP (2)
    "0b 0003 00000002 6332"        // 3 remote = "c2"
    "0a 0004 00000000 000003e8";   // 4 create_ts = 1000
constexpr char kEntryProgress[] =  // 5 progress: map<i32, i64> {0: 100}
    "0d 0005 08 0a 00000001  00000000 00000000 00000064";
constexpr char kEntryTail[] =
    "08 0007 00000000"                         // 7 fail_mode = FAIL_SLOW
    "0b 0008 0000000a 6f72646572735f62616b"    // 8 remote_app_name = "orders_bak"
    "08 0009 00000001";                        // 9 remote_replica_count = 1
constexpr char kEntryPartitionStates[] =       // 11 partition_states: {0: {1: 90, 2: 100}}
    "0d 000b 08 0c 00000001  00000000"
    "   0a 0001 00000000 0000005a  0a 0002 00000000 00000064  00";

std::string GoldenList(bool with_partition_maps) {
  std::string entry = std::string(kEntryHead) + (with_partition_maps ? kEntryProgress : "") +
                      kEntryTail + (with_partition_maps ? kEntryPartitionStates : "") + "00";
  return FromHex(std::string("0c 0001 00000006 4552525f4f4b")  // 1 err = "ERR_OK" (a string)
                 + "0b 0002 00000000"                           // 2 hint_message = ""
                 + "0d 0003 0b 0c 00000001"                     // 3 app_states: map<string, struct>
                 + "   00000006 6f7264657273"                   //   key "orders"
                 + "   08 0001 00000003"                        //   1 appid = 3
                 + "   0d 0002 08 0c 00000001"                  //   2 duplications: map<i32, struct>
                 + "      00000007" + entry                     //     key 7
                 + "   0b 0003 00000006 6f7264657273"           //   3 app_name = "orders"
                 + "   08 0004 00000008"                        //   4 partition_count = 8
                 + "   00"                                      //   end of duplication_app_state
                 + "00");                                       // end of the response
}

duplication_list_response ExpectedList() {
  duplication_entry e;
  e.__set_dupid(7);
  e.__set_status(pegasus_wire::duplication_status::DS_APP);
  e.__set_remote("c2");
  e.__set_create_ts(1000);
  e.__set_fail_mode(pegasus_wire::duplication_fail_mode::FAIL_SLOW);
  e.__set_remote_app_name("orders_bak");
  e.__set_remote_replica_count(1);
  pegasus_wire::duplication_app_state app;
  app.__set_appid(3);
  app.__set_duplications({{7, e}});
  app.__set_app_name("orders");
  app.__set_partition_count(8);
  duplication_list_response r;
  r.__set_err(pegasus_wire::error_code("ERR_OK"));
  r.__set_hint_message("");
  r.__set_app_states({{"orders", app}});
  return r;
}

TEST(PegasusAdminCodecGoldenTest, ListResponseOfACurrentMeta) {
  const std::string bytes = GoldenList(/*with_partition_maps=*/true);
  absl::StatusOr<duplication_list_response> r = DecodeDuplicationListResponse(Data(bytes), bytes.size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, ExpectedList());  // progress and partition_states skipped
  const duplication_entry& e = r->app_states.at("orders").duplications.at(7);
  EXPECT_TRUE(e.__isset.remote_app_name);
  EXPECT_TRUE(e.__isset.remote_replica_count);
  EXPECT_FALSE(e.__isset.mode);
}

TEST(PegasusAdminCodecGoldenTest, ListResponseEncodesByteForByte) {
  absl::StatusOr<std::string> bytes = EncodeDuplicationListResponse(ExpectedList());
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(ToHex(*bytes), ToHex(GoldenList(/*with_partition_maps=*/false)));
}

TEST(PegasusAdminCodecGoldenTest, Requests) {
  // duplication_list_request{1: "" , 2: PMT_MATCH_ALL (1)}.
  pegasus_wire::duplication_list_request list;
  list.__set_app_name_pattern("");
  list.__set_match_type(pegasus_wire::pattern_match_type::PMT_MATCH_ALL);
  absl::StatusOr<std::string> bytes = EncodeDuplicationListRequest(list);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(ToHex(*bytes), ToHex(FromHex("0b 0001 00000000  08 0002 00000001  00")));
  EXPECT_EQ(*DecodeDuplicationListRequest(Data(*bytes), bytes->size()), list);

  // configuration_list_apps_request{1: AS_AVAILABLE (1)}; the pattern fields are optional.
  pegasus_wire::configuration_list_apps_request apps;
  apps.__set_status(pegasus_wire::app_status::AS_AVAILABLE);
  bytes = EncodeListAppsRequest(apps);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(ToHex(*bytes), ToHex(FromHex("08 0001 00000001  00")));
  EXPECT_EQ(*DecodeListAppsRequest(Data(*bytes), bytes->size()), apps);

  // duplication_query_request{1: "orders"}.
  pegasus_wire::duplication_query_request query;
  query.__set_app_name("orders");
  bytes = EncodeDuplicationQueryRequest(query);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(ToHex(*bytes), ToHex(FromHex("0b 0001 00000006 6f7264657273  00")));
  EXPECT_EQ(*DecodeDuplicationQueryRequest(Data(*bytes), bytes->size()), query);
}

TEST(PegasusAdminCodecGoldenTest, ListAppsResponseSkipsEnvs) {
  const std::string bytes = FromHex(
      "0c 0001 00000006 4552525f4f4b"          // 1 err = "ERR_OK"
      "0f 0002 0c 00000001"                    // 2 infos: list of 1 app_info
      "   08 0001 00000001"                    //   1 status = AS_AVAILABLE
      "   0b 0002 00000007 706567617375 73"    //   2 app_type = "pegasus"
      "   0b 0003 00000006 6f7264657273"       //   3 app_name = "orders"
      "   08 0004 00000003"                    //   4 app_id = 3
      "   08 0005 00000008"                    //   5 partition_count = 8
      "   0d 0006 0b 0b 00000001 00000001 6b 00000001 76"  // 6 envs {"k": "v"} (not read)
      "   02 0007 01"                          //   7 is_stateful = true
      "   08 0008 00000003"                    //   8 max_replica_count = 3
      "   02 000c 01"                          //   12 duplicating = true
      "   08 000d 00000008"                    //   13 init_partition_count = 8
      "   00"
      "00");
  absl::StatusOr<pegasus_wire::configuration_list_apps_response> r =
      DecodeListAppsResponse(Data(bytes), bytes.size());
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->infos.size(), 1u);
  const pegasus_wire::app_info& info = r->infos[0];
  EXPECT_EQ(info.status, pegasus_wire::app_status::AS_AVAILABLE);
  EXPECT_EQ(info.app_name, "orders");
  EXPECT_EQ(info.app_id, 3);
  EXPECT_EQ(info.partition_count, 8);
  EXPECT_EQ(info.max_replica_count, 3);
  EXPECT_TRUE(info.duplicating);
  EXPECT_EQ(info.init_partition_count, 8);
  EXPECT_FALSE(r->__isset.hint_message);
}

TEST(PegasusAdminCodecGoldenTest, QueryResponse) {
  // Field 1 err, 3 appid, 4 entry_list: Pegasus's struct has no field 2.
  const std::string bytes =
      FromHex(std::string("0c 0001 00000006 4552525f4f4b  08 0003 00000003  0f 0004 0c 00000001") +
              kEntryHead + kEntryProgress + "00  00");
  absl::StatusOr<pegasus_wire::duplication_query_response> r =
      DecodeDuplicationQueryResponse(Data(bytes), bytes.size());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->appid, 3);
  ASSERT_EQ(r->entry_list.size(), 1u);
  EXPECT_EQ(r->entry_list[0].remote, "c2");
  EXPECT_FALSE(r->entry_list[0].__isset.remote_app_name);  // a meta before 2.6
  absl::StatusOr<std::string> again = EncodeDuplicationQueryResponse(*r);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*DecodeDuplicationQueryResponse(Data(*again), again->size()), *r);
}

TEST(PegasusAdminCodecTest, StatusNames) {
  EXPECT_EQ(DuplicationStatusName(0), "DS_INIT");
  EXPECT_EQ(DuplicationStatusName(2), "DS_APP");
  EXPECT_EQ(DuplicationStatusName(3), "DS_LOG");
  EXPECT_EQ(DuplicationStatusName(5), "DS_REMOVED");
  EXPECT_EQ(DuplicationStatusName(17), "DS_UNKNOWN_17");
}

// ---- Limits and hostile bytes ----

absl::Status DecodeList(const std::string& bytes, const PegasusWireLimits& limits = {}) {
  return DecodeDuplicationListResponse(Data(bytes), bytes.size(), limits).status();
}

void ExpectRefused(const absl::Status& s, absl::StatusCode code, const std::string& message) {
  EXPECT_EQ(s.code(), code) << s;
  EXPECT_NE(s.message().find(message), std::string::npos) << s;
}

// `apps` tables named t0, t1, ..., each with `dups` empty duplications.
std::string ListOf(int apps, int dups) {
  WireWriter w;
  w.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(apps);
  for (int a = 0; a < apps; ++a) {
    w.String("t" + std::to_string(a));
    w.Field(kTMap, 2).Byte(kTI32).Byte(kTStruct).I32(dups);
    for (int d = 0; d < dups; ++d) w.I32(d).Stop();
    w.Stop();
  }
  return w.Stop().bytes();
}

TEST(PegasusAdminLimitsTest, TablesAndDuplications) {
  PegasusWireLimits limits;
  limits.max_apps = 3;
  EXPECT_TRUE(DecodeList(ListOf(3, 1), limits).ok());
  ExpectRefused(DecodeList(ListOf(4, 1), limits), absl::StatusCode::kInvalidArgument,
                "duplication_list_response.app_states: map of 4 elements exceeds the limit of 3");
  limits = {};
  limits.max_duplications_per_app = 2;
  EXPECT_TRUE(DecodeList(ListOf(2, 2), limits).ok());
  ExpectRefused(DecodeList(ListOf(2, 3), limits), absl::StatusCode::kInvalidArgument,
                "app_states[\"t0\"].duplications: map of 3 elements exceeds the limit of 2");
  // All tables together: 3 x 2 = 6 duplications pass a budget of 6; the 7th does not.
  limits = {};
  limits.max_duplications = 6;
  EXPECT_TRUE(DecodeList(ListOf(3, 2), limits).ok());
  ExpectRefused(DecodeList(ListOf(7, 1), limits), absl::StatusCode::kInvalidArgument,
                "app_states[\"t6\"].duplications: the message holds more than 6 of these "
                "elements in all");
  // The defaults: 16384 duplications in all.
  EXPECT_TRUE(DecodeList(ListOf(16, 1024)).ok());
  ExpectRefused(DecodeList(ListOf(17, 1024)), absl::StatusCode::kInvalidArgument,
                "more than 16384 of these elements in all");
}

TEST(PegasusAdminLimitsTest, PerPartitionMapsAndEnvs) {
  auto entry_with_progress = [](int n) {
    WireWriter w;
    w.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(1).String("t");
    w.Field(kTMap, 2).Byte(kTI32).Byte(kTStruct).I32(1).I32(1);
    w.Field(kTMap, 5).Byte(kTI32).Byte(kTI64).I32(n);
    for (int i = 0; i < n; ++i) w.I32(i).I64(i);
    return w.Stop().Stop().Stop().bytes();
  };
  EXPECT_TRUE(DecodeList(entry_with_progress(65536)).ok());
  ExpectRefused(DecodeList(entry_with_progress(65537)), absl::StatusCode::kInvalidArgument,
                "app_states[\"t\"].duplications[1].progress: map of 65537 elements exceeds the "
                "limit of 65536");
  auto envs = [](int n) {
    WireWriter w;
    w.Field(kTList, 2).List(kTStruct, 1).Field(kTMap, 6).Byte(kTString).Byte(kTString).I32(n);
    for (int i = 0; i < n; ++i) w.String("k" + std::to_string(i)).String("v");
    return w.Stop().Stop().bytes();
  };
  const std::string ok = envs(1024), over = envs(1025);
  EXPECT_TRUE(DecodeListAppsResponse(Data(ok), ok.size()).ok());
  ExpectRefused(DecodeListAppsResponse(Data(over), over.size()).status(),
                absl::StatusCode::kInvalidArgument,
                "configuration_list_apps_response.infos[0].envs: map of 1025 elements exceeds");
}

TEST(PegasusAdminHostileTest, EveryTruncationIsRefusedAndLocated) {
  const std::string bytes = GoldenList(true);
  for (size_t len = 0; len < bytes.size(); ++len) {
    const absl::Status s = DecodeList(bytes.substr(0, len));
    ASSERT_EQ(s.code(), absl::StatusCode::kDataLoss) << "length " << len << ": " << s;
    if (len > 0) ASSERT_NE(s.message().find(" at offset "), std::string::npos) << s;
  }
}

TEST(PegasusAdminHostileTest, HugeCountsAllocateNothingLarge) {
  WireWriter tables;  // 2^31 - 1 tables
  tables.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(0x7fffffff).Stop();
  WireWriter dups;  // one table claiming 2^31 - 1 duplications
  dups.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(1).String("orders");
  dups.Field(kTMap, 2).Byte(kTI32).Byte(kTStruct).I32(0x7fffffff).Stop().Stop();
  WireWriter infos;  // 2^31 - 1 app_infos
  infos.Field(kTList, 2).List(kTStruct, 0x7fffffff).Stop();
  WireWriter name;  // a remote name claiming 2 GiB
  name.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(1).String("orders");
  name.Field(kTMap, 2).Byte(kTI32).Byte(kTStruct).I32(1).I32(9);
  name.Field(kTString, 3).I32(0x7fffffff).Raw("c2");
  AllocationCounter counter;
  const absl::Status s1 = DecodeList(tables.bytes());
  const absl::Status s2 = DecodeList(dups.bytes());
  const absl::Status s3 = DecodeListAppsResponse(infos.data(), infos.size()).status();
  const absl::Status s4 = DecodeList(name.bytes());
  counter.Stop();
  EXPECT_LT(counter.largest(), size_t{64} << 10);
  ExpectRefused(s1, absl::StatusCode::kDataLoss,
                "duplication_list_response.app_states: map of 2147483647 elements exceeds the "
                "remaining 1 bytes at offset 3");
  ExpectRefused(s2, absl::StatusCode::kDataLoss,
                "app_states[\"orders\"].duplications: map of 2147483647 elements exceeds");
  ExpectRefused(s3, absl::StatusCode::kDataLoss, "infos: list of 2147483647 elements exceeds");
  ExpectRefused(s4, absl::StatusCode::kDataLoss,
                "app_states[\"orders\"].duplications[9].remote: string of 2147483647 bytes "
                "exceeds the remaining 2 bytes at offset 35");
}

TEST(PegasusAdminHostileTest, WrongMapTypesAndUnprintableKeys) {
  WireWriter w;  // app_states keyed by i32: the generated reader would misread it
  w.Field(kTMap, 3).Byte(kTI32).Byte(kTStruct).I32(0).Stop();
  ExpectRefused(DecodeList(w.bytes()), absl::StatusCode::kInvalidArgument,
                "app_states: map<i32, struct>, expected a map<string, struct> at offset 3");
  WireWriter bad_key;  // a key with a newline is named by position, and not printed
  bad_key.Field(kTMap, 3).Byte(kTString).Byte(kTStruct).I32(2).String("a").Stop();
  bad_key.String("evil\nname").Field(kTString, 3).I32(-1);
  const absl::Status s = DecodeList(bad_key.bytes());
  ExpectRefused(s, absl::StatusCode::kInvalidArgument,
                "duplication_list_response.app_states[#1].app_name: string has negative length");
  EXPECT_EQ(s.message().find("evil"), std::string::npos) << s;
}

}  // namespace
}  // namespace dupready
