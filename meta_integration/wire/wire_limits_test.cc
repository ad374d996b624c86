// Every bound of PegasusWireLimits, at the limit (accepted) and one past it (refused with a
// message naming the limit): message size, partitions, address lists, request indices,
// unknown containers, strings. Nesting depth is pinned in pegasus_codec_hostile_test.cc.
// Every reply is also walked by WalkQueryCfgResponse, which must answer word for word alike.
#include <string>

#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/pegasus_reply_walk.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using namespace ::dupready::testonly;  // NOLINT: WireWriter and its type codes

absl::Status Reply(const std::string& bytes, const PegasusWireLimits& limits = {}) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  const absl::Status decoded = DecodeQueryCfgResponse(data, bytes.size(), limits).status();
  WireResponse top;
  EXPECT_EQ(WalkQueryCfgResponse(data, bytes.size(), limits, nullptr, &top), decoded);
  return decoded;
}

absl::Status Request(const std::string& bytes, const PegasusWireLimits& limits = {}) {
  return DecodeQueryCfgRequest(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                               limits)
      .status();
}

void ExpectLimit(const absl::Status& s, const std::string& message) {
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_NE(s.message().find(message), std::string::npos) << s;
}

// A reply of `n` partitions, each a primary and `secondaries` old-style secondaries.
std::string ReplyWith(int n, int secondaries) {
  WireWriter w;
  w.Field(kTStruct, 1).String("ERR_OK").Field(kTI32, 3).I32(n);
  w.Field(kTList, 5).List(kTStruct, n);
  for (int i = 0; i < n; ++i) {
    w.Field(kTStruct, 1).I64(int64_t{i} << 32 | 1).Field(kTStruct, 4).I64(0x0A00000187F10001);
    w.Field(kTList, 5).List(kTStruct, secondaries);
    for (int s = 0; s < secondaries; ++s) w.I64(0x0A00000287F10001);
    w.Stop();
  }
  return w.Stop().bytes();
}

TEST(WireLimitsTest, MessageBytes) {
  const std::string bytes = ReplyWith(2, 1);
  PegasusWireLimits limits;
  limits.max_message_bytes = bytes.size();
  EXPECT_TRUE(Reply(bytes, limits).ok()) << Reply(bytes, limits);
  limits.max_message_bytes = bytes.size() - 1;
  ExpectLimit(Reply(bytes, limits), "exceeds the limit of " + std::to_string(bytes.size() - 1));
}

TEST(WireLimitsTest, Partitions) {
  PegasusWireLimits limits;
  limits.max_partitions = 3;
  EXPECT_TRUE(Reply(ReplyWith(3, 1), limits).ok());
  ExpectLimit(Reply(ReplyWith(4, 1), limits), "list of 4 elements exceeds the limit of 3");
  // The default: 65536 partitions read, 65537 refused (empty partitions: 1 byte each).
  auto empty_partitions = [](int n) {
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, n);
    for (int i = 0; i <= n; ++i) w.Stop();
    return w.bytes();
  };
  EXPECT_TRUE(Reply(empty_partitions(65536)).ok());
  ExpectLimit(Reply(empty_partitions(65537)), "list of 65537 elements exceeds the limit of 65536");
}

TEST(WireLimitsTest, AddressLists) {
  EXPECT_TRUE(Reply(ReplyWith(1, 64)).ok()) << Reply(ReplyWith(1, 64));
  ExpectLimit(Reply(ReplyWith(1, 65)),
              "partitions[0].secondaries: list of 65 elements exceeds the limit of 64");
  // The host_port form and last_drops are bounded alike.
  auto hp = [](int field, int n) {
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, 1).Field(kTList, field).List(kTStruct, n);
    for (int i = 0; i < n; ++i) w.String("node").I16(-30735).Byte(1);
    return w.Stop().Stop().bytes();
  };
  EXPECT_TRUE(Reply(hp(10, 64)).ok()) << Reply(hp(10, 64));
  ExpectLimit(Reply(hp(10, 65)), "hp_secondaries: list of 65 elements exceeds the limit of 64");
  EXPECT_TRUE(Reply(hp(11, 64)).ok()) << Reply(hp(11, 64));
  ExpectLimit(Reply(hp(11, 65)), "hp_last_drops: list of 65 elements exceeds the limit of 64");
}

TEST(WireLimitsTest, RequestIndices) {
  auto request = [](int n) {
    WireWriter w;
    w.Field(kTString, 1).String("dup_test").Field(kTList, 2).List(kTI32, n);
    for (int i = 0; i < n; ++i) w.I32(i);
    return w.Stop().bytes();
  };
  EXPECT_TRUE(Request(request(65536)).ok());
  ExpectLimit(Request(request(65537)), "list of 65537 elements exceeds the limit of 65536");
}

TEST(WireLimitsTest, UnknownContainers) {
  auto unknown_list = [](int n) {
    WireWriter w;
    w.Field(kTList, 50).List(kTByte, n).Raw(std::string(n, '\0'));
    return w.Stop().bytes();
  };
  EXPECT_TRUE(Reply(unknown_list(65536)).ok());
  ExpectLimit(Reply(unknown_list(65537)), "list of 65537 elements exceeds the limit of 65536");
  auto unknown_map = [](int n) {
    WireWriter w;
    w.Field(kTMap, 51).Byte(kTI32).Byte(kTByte).I32(n);
    for (int i = 0; i < n; ++i) w.I32(i).Byte(0);
    return w.Stop().bytes();
  };
  EXPECT_TRUE(Reply(unknown_map(65536)).ok());
  ExpectLimit(Reply(unknown_map(65537)), "map of 65537 elements exceeds the limit of 65536");
}

TEST(WireLimitsTest, Strings) {
  auto err = [](size_t n) {
    WireWriter w;
    w.Field(kTStruct, 1).String(std::string(n, 'E'));
    return w.Stop().bytes();
  };
  EXPECT_TRUE(Reply(err(4096)).ok()) << Reply(err(4096));
  ExpectLimit(Reply(err(4097)), "error_code string of 4097 bytes exceeds the limit of 4096");
  auto host = [](size_t n) {
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, 1).Field(kTStruct, 9);
    w.String(std::string(n, 'h')).I16(-30735).Byte(1);
    return w.Stop().Stop().bytes();
  };
  EXPECT_TRUE(Reply(host(4096)).ok()) << Reply(host(4096));
  ExpectLimit(Reply(host(4097)), "hp_primary: host_port host of 4097 bytes exceeds the limit");
  auto app = [](size_t n) {
    WireWriter w;
    w.Field(kTString, 1).String(std::string(n, 'a'));
    return w.Stop().bytes();
  };
  EXPECT_TRUE(Request(app(4096)).ok());
  ExpectLimit(Request(app(4097)), "app_name: string of 4097 bytes exceeds the limit of 4096");
}

}  // namespace
}  // namespace dupready
