// Copyright 2026 The dupready Authors.
//
// Hostile inputs for the decoders: each must fail with a located error, fast, without large
// allocations and without throwing (allocation measured by testing/alloc_counter.h). Every
// reply is also walked by WalkQueryCfgResponse, which must answer word for word alike.

#include <chrono>
#include <memory>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "meta_integration/wire/pegasus_reply_walk.h"
#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using namespace ::dupready::testonly;  // NOLINT: WireWriter, its type codes, AllocationCounter

constexpr size_t kMaxSingleAllocation = 64 * 1024;
constexpr size_t kMaxTotalAllocation = 1024 * 1024;

struct Outcome {
  absl::Status status;
  double seconds = 0;
  size_t largest = 0;  // largest single allocation during the call
  size_t total = 0;    // all bytes allocated during the call
};

Outcome DecodeReply(const std::string& bytes, const PegasusWireLimits& limits = {}) {
  Outcome out;
  const auto start = std::chrono::steady_clock::now();
  AllocationCounter counter;
  out.status =
      DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), limits)
          .status();
  counter.Stop();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  out.largest = counter.largest();
  out.total = counter.total();
  WireResponse top;
  EXPECT_EQ(WalkQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                 limits, nullptr, &top),
            out.status);
  return out;
}

// Fails fast and small with `code` and a message containing `message`.
void ExpectRejected(const Outcome& out, absl::StatusCode code, const std::string& message) {
  EXPECT_EQ(out.status.code(), code) << out.status;
  EXPECT_NE(out.status.message().find(message), std::string::npos) << out.status;
  EXPECT_LT(out.seconds, 1.0);
  EXPECT_LT(out.largest, kMaxSingleAllocation);
  EXPECT_LT(out.total, kMaxTotalAllocation);
}

// A well-formed reply with `n` partitions, each with a primary and two host_port secondaries.
std::string ValidReply(int n) {
  WireWriter w;
  w.Field(kTStruct, 1).String("ERR_OK").Field(kTI32, 2).I32(1).Field(kTI32, 3).I32(n);
  w.Field(kTList, 5).List(kTStruct, n);
  for (int i = 0; i < n; ++i) {
    w.Field(kTStruct, 1).I64(int64_t{i} << 32 | 1).Field(kTStruct, 4).I64(0x0A00000187F10001);
    w.Field(kTStruct, 9).String("node1").I16(-30735).Byte(1);
    w.Field(kTList, 10).List(kTStruct, 2);
    w.String("node2").I16(-30735).Byte(1).String("node3").I16(-30735).Byte(1);
    w.Stop();
  }
  return w.Stop().bytes();
}

TEST(AllocationCounterTest, CountsAllocationsOfThisBinary) {
  AllocationCounter counter;
  auto block = std::make_unique<char[]>(12345);
  static_cast<volatile char*>(block.get())[0] = 1;  // keep the allocation
  counter.Stop();
  EXPECT_GE(counter.largest(), 12345u);  // else every allocation bound below is vacuous
  EXPECT_GE(counter.total(), 12345u);
}

TEST(HostileReplyTest, EmptyInput) {
  ExpectRejected(DecodeReply(""), absl::StatusCode::kDataLoss, "query_cfg_response: empty input");
  EXPECT_EQ(DecodeQueryCfgResponse(nullptr, 0).status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeQueryCfgRequest(nullptr, 0).status().code(), absl::StatusCode::kDataLoss);
}

TEST(HostileReplyTest, EveryTruncationIsDataLoss) {
  const std::string reply = ValidReply(3);
  ASSERT_TRUE(DecodeReply(reply).status.ok());
  for (size_t len = 1; len < reply.size(); ++len) {  // 0 is EmptyInput
    const Outcome out = DecodeReply(reply.substr(0, len));
    ASSERT_EQ(out.status.code(), absl::StatusCode::kDataLoss)
        << "length " << len << ": " << out.status;
    ASSERT_NE(out.status.message().find(" at offset "), std::string::npos) << out.status;
  }
}

TEST(HostileReplyTest, PartitionListClaimingMaxInt) {
  WireWriter w;
  w.Field(kTList, 5).List(kTStruct, 0x7FFFFFFF);
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kDataLoss,
                 "query_cfg_response.partitions: list of 2147483647 elements exceeds the "
                 "remaining 0 bytes at offset 3");
}

TEST(HostileReplyTest, AddressListClaimingMaxIntIsLocated) {
  WireWriter w;
  w.Field(kTStruct, 1).String("ERR_OK").Field(kTList, 5).List(kTStruct, 4);
  w.Stop().Stop().Stop();  // partitions[0..2] are empty structs
  w.Field(kTList, 10);
  const size_t at = w.size();
  w.List(kTStruct, 0x7FFFFFFF).Raw(std::string(12, '\0'));
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kDataLoss,
                 "query_cfg_response.partitions[3].hp_secondaries: list of 2147483647 "
                 "elements exceeds the remaining 12 bytes at offset " +
                     std::to_string(at));
}

TEST(HostileReplyTest, StringClaimingTwoGiB) {
  WireWriter err;
  err.Field(kTStruct, 1).I32(0x7FFFFFFF).Raw("ERR");
  ExpectRejected(DecodeReply(err.bytes()), absl::StatusCode::kDataLoss,
                 "query_cfg_response.err: error_code string of 2147483647 bytes exceeds the "
                 "remaining 3 bytes at offset 3");

  WireWriter host;
  host.Field(kTList, 5).List(kTStruct, 1).Field(kTStruct, 9).I32(0x7FFFFFFF).Raw("node");
  ExpectRejected(DecodeReply(host.bytes()), absl::StatusCode::kDataLoss,
                 "query_cfg_response.partitions[0].hp_primary: host_port host of 2147483647 "
                 "bytes exceeds the remaining 4 bytes at offset 11");

  WireWriter negative;
  negative.Field(kTStruct, 1).I32(INT32_MIN);
  ExpectRejected(DecodeReply(negative.bytes()), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.err: error_code string has negative length -2147483648");
}

TEST(HostileReplyTest, StringOverTheLimitEvenIfPresent) {
  WireWriter w;
  w.Field(kTStruct, 1).String(std::string(4097, 'E')).Stop();
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kInvalidArgument,
                 "error_code string of 4097 bytes exceeds the limit of 4096 at offset 3");
  // An unknown string field is bounded the same way.
  WireWriter unknown;
  unknown.Field(kTString, 77).String(std::string(5000, 'x')).Stop();
  ExpectRejected(DecodeReply(unknown.bytes()), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.<field 77>: string of 5000 bytes exceeds the limit");
}

TEST(HostileReplyTest, HundredThousandNestedUnknownStructs) {
  WireWriter w;
  for (int i = 0; i < 100000; ++i) w.Field(kTStruct, 99);
  for (int i = 0; i <= 100000; ++i) w.Stop();
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kInvalidArgument,
                 "nesting deeper than 64 levels at offset 192");

  // The same inside a partition, where the path names it.
  WireWriter p;
  p.Field(kTList, 5).List(kTStruct, 1);
  for (int i = 0; i < 100000; ++i) p.Field(kTStruct, 42);
  for (int i = 0; i <= 100001; ++i) p.Stop();
  const Outcome out = DecodeReply(p.bytes());
  ExpectRejected(out, absl::StatusCode::kInvalidArgument, "nesting deeper than 64 levels");
  EXPECT_EQ(out.status.message().rfind("query_cfg_response.partitions[0].<field 42>.", 0), 0u)
      << out.status;
}

TEST(HostileReplyTest, HundredThousandNestedLists) {
  WireWriter w;
  w.Field(kTList, 99);
  for (int i = 0; i < 100000; ++i) w.List(kTList, 1);
  w.List(kTI32, 0).Stop();
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kInvalidArgument,
                 "nesting deeper than 64 levels");
}

TEST(HostileReplyTest, DepthLimitIsExact) {
  // Level 1 is the reply; a chain of k unknown structs reaches level k + 1, and a leaf
  // list<i32> inside the last one reaches k + 2.
  auto chain = [](int k) {
    WireWriter w;
    for (int i = 0; i < k; ++i) w.Field(kTStruct, 99);
    w.Field(kTList, 1).List(kTI32, 1).I32(5);
    for (int i = 0; i <= k; ++i) w.Stop();
    return w.bytes();
  };
  EXPECT_TRUE(DecodeReply(chain(62)).status.ok()) << DecodeReply(chain(62)).status;
  EXPECT_EQ(DecodeReply(chain(63)).status.code(), absl::StatusCode::kInvalidArgument);
  // Inside a partition: partitions (2), partitions[0] (3), chain from level 4.
  auto in_partition = [](int k) {
    WireWriter w;
    w.Field(kTList, 5).List(kTStruct, 1);
    for (int i = 0; i < k; ++i) w.Field(kTStruct, 99);
    w.Field(kTI64, 1).I64(7);
    for (int i = 0; i <= k + 1; ++i) w.Stop();
    return w.bytes();
  };
  EXPECT_TRUE(DecodeReply(in_partition(61)).status.ok()) << DecodeReply(in_partition(61)).status;
  EXPECT_EQ(DecodeReply(in_partition(62)).status.code(), absl::StatusCode::kInvalidArgument);
  PegasusWireLimits shallow;
  shallow.max_depth = 4;  // reply, partitions, partitions[i], hp_secondaries
  EXPECT_TRUE(DecodeReply(ValidReply(2), shallow).status.ok());
  shallow.max_depth = 3;
  ExpectRejected(DecodeReply(ValidReply(2), shallow), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.partitions[0].hp_secondaries: nesting deeper than 3 levels");
  shallow.max_depth = 2;
  ExpectRejected(DecodeReply(ValidReply(2), shallow), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.partitions[0]: nesting deeper than 2 levels");
}

TEST(HostileReplyTest, ListsOverTheirLimitsEvenIfPresent) {
  WireWriter secondaries;
  secondaries.Field(kTList, 5).List(kTStruct, 1).Field(kTList, 5).List(kTStruct, 65);
  for (int i = 0; i < 65; ++i) secondaries.I64(0);
  secondaries.Stop().Stop();
  ExpectRejected(DecodeReply(secondaries.bytes()), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.partitions[0].secondaries: list of 65 elements exceeds "
                 "the limit of 64 at offset 11");

  WireWriter partitions;
  partitions.Field(kTList, 5).List(kTStruct, 65537);
  for (int i = 0; i <= 65537; ++i) partitions.Stop();
  ExpectRejected(DecodeReply(partitions.bytes()), absl::StatusCode::kInvalidArgument,
                 "list of 65537 elements exceeds the limit of 65536 at offset 3");

  PegasusWireLimits small;
  small.max_partitions = 2;
  ExpectRejected(DecodeReply(ValidReply(3), small), absl::StatusCode::kInvalidArgument,
                 "list of 3 elements exceeds the limit of 2");
  small = {};
  small.max_message_bytes = 10;
  ExpectRejected(DecodeReply(ValidReply(1), small), absl::StatusCode::kInvalidArgument,
                 "exceeds the limit of 10");
}

TEST(HostileReplyTest, UnknownContainersAreBounded) {
  WireWriter map;
  map.Field(kTMap, 50).Byte(kTString).Byte(kTStruct).I32(0x7FFFFFFF);
  ExpectRejected(DecodeReply(map.bytes()), absl::StatusCode::kDataLoss,
                 "query_cfg_response.<field 50>: map of 2147483647 elements exceeds the "
                 "remaining 0 bytes at offset 3");
  WireWriter bad_key;
  bad_key.Field(kTMap, 50).Byte(1).Byte(kTI32).I32(0).Stop();
  ExpectRejected(DecodeReply(bad_key.bytes()), absl::StatusCode::kInvalidArgument,
                 "map of invalid element type 1");
  WireWriter stop_elems;
  stop_elems.Field(kTList, 50).List(kTStop, 3).Stop();
  ExpectRejected(DecodeReply(stop_elems.bytes()), absl::StatusCode::kInvalidArgument,
                 "list of invalid element type 0");
  WireWriter many;
  many.Field(kTList, 50).List(kTByte, 70000).Raw(std::string(70000, '\0')).Stop();
  ExpectRejected(DecodeReply(many.bytes()), absl::StatusCode::kInvalidArgument,
                 "list of 70000 elements exceeds the limit of 65536");
}

TEST(HostileReplyTest, BadTypesAndTrailingBytes) {
  ExpectRejected(DecodeReply(FromHex("07 0001 00000000 00")), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.err: invalid Thrift type 7 at offset 0");
  ExpectRejected(DecodeReply(FromHex("00 00")), absl::StatusCode::kInvalidArgument,
                 "trailing data (1 bytes) after the end of the struct at offset 1");
  // secondaries must be a list of STRUCT headers (the Pegasus types), not of i64.
  WireWriter w;
  w.Field(kTList, 5).List(kTStruct, 1).Field(kTList, 5).List(kTI64, 1).I64(0).Stop().Stop();
  ExpectRejected(DecodeReply(w.bytes()), absl::StatusCode::kInvalidArgument,
                 "secondaries: list of i64, expected a list of struct at offset 11");
}

TEST(HostileReplyTest, HostTypesPegasusRefuses) {
  WireWriter group;
  group.Field(kTList, 5).List(kTStruct, 1).Field(kTStruct, 4).I64(0x0A00000187F10002);
  group.Stop().Stop();
  ExpectRejected(DecodeReply(group.bytes()), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.partitions[0].primary: rpc_address of host type 2 (group)"
                 ", only 0 (invalid) and 1 (IPv4) are allowed at offset 11");
  WireWriter hp;
  hp.Field(kTList, 5).List(kTStruct, 1).Field(kTList, 11).List(kTStruct, 2);
  hp.String("a").I16(1).Byte(1).String("b").I16(1).Byte(5).Stop().Stop();
  ExpectRejected(DecodeReply(hp.bytes()), absl::StatusCode::kInvalidArgument,
                 "query_cfg_response.partitions[0].hp_last_drops[1]: host_port of host type 5");
}

TEST(HostileReplyTest, RandomMutationsNeverCrash) {
  const std::string base = ValidReply(4);
  std::mt19937 rng(7);
  int accepted = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = base;
    for (int m = 1 + static_cast<int>(rng() % 4); m > 0; --m) {
      const size_t at = rng() % bytes.size();
      switch (rng() % 4) {
        case 0: bytes[at] = static_cast<char>(rng()); break;
        case 1: bytes.erase(at, 1 + rng() % 8); break;
        case 2: bytes.insert(at, std::string(1 + rng() % 4, static_cast<char>(rng()))); break;
        default: bytes.replace(at, 4, "\x7f\xff\xff\xff"); break;
      }
      if (bytes.empty()) bytes = "\x0c";
    }
    absl::StatusOr<pegasus_wire::query_cfg_response> reply =
        DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    if (!reply.ok()) {
      ASSERT_TRUE(reply.status().code() == absl::StatusCode::kDataLoss ||
                  reply.status().code() == absl::StatusCode::kInvalidArgument)
          << reply.status();
      continue;
    }
    ++accepted;  // whatever was accepted must survive a round trip
    absl::StatusOr<std::string> again = EncodeQueryCfgResponse(*reply);
    ASSERT_TRUE(again.ok()) << again.status();
    absl::StatusOr<pegasus_wire::query_cfg_response> twice =
        DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(again->data()), again->size());
    ASSERT_TRUE(twice.ok()) << twice.status();
    ASSERT_EQ(*twice, *reply);
  }
  EXPECT_GT(accepted, 0);
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 20.0);
}

TEST(HostileReplyTest, LargeLegalReplyIsFastAndProportionate) {
  const std::string bytes = ValidReply(65536);
  const Outcome out = DecodeReply(bytes);
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_LT(out.seconds, 2.0);
  // Memory stays a small multiple of the input: no size taken on trust.
  EXPECT_GT(out.total, bytes.size());  // the counter does count
  EXPECT_LT(out.total, 16 * bytes.size()) << out.total << " allocated for " << bytes.size();
  // The reply walk allocates nothing at all.
  AllocationCounter counter;
  WireResponse top;
  EXPECT_TRUE(WalkQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                   PegasusWireLimits(), nullptr, &top)
                  .ok());
  counter.Stop();
  EXPECT_EQ(counter.total(), 0u);
}

TEST(HostileReplyTest, EmptyPartitionsAmplificationIsCapped) {
  // The worst case for memory: a partition costs 1 byte on the wire (its STOP) and one
  // partition_configuration in memory. max_partitions caps the total.
  WireWriter w;
  w.Field(kTList, 5).List(kTStruct, 65536);
  for (int i = 0; i <= 65536; ++i) w.Stop();
  const Outcome out = DecodeReply(w.bytes());
  ASSERT_TRUE(out.status.ok()) << out.status;
  EXPECT_LT(out.seconds, 1.0);
  EXPECT_LT(out.total, 65536 * sizeof(pegasus_wire::partition_configuration) + 64 * 1024);
}

TEST(HostileRequestTest, BoundedLikeReplies) {
  auto decode = [](const std::string& bytes) {
    return DecodeQueryCfgRequest(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size())
        .status();
  };
  WireWriter indices;
  indices.Field(kTString, 1).String("t").Field(kTList, 2).List(kTI32, 0x7FFFFFFF).I32(1);
  absl::Status s = decode(indices.bytes());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_NE(s.message().find("query_cfg_request.partition_indices: list of 2147483647 "
                             "elements exceeds the remaining 4 bytes at offset 11"),
            std::string::npos)
      << s;
  WireWriter name;
  name.Field(kTString, 1).I32(0x7FFFFFFF);
  s = decode(name.bytes());
  EXPECT_EQ(s.code(), absl::StatusCode::kDataLoss) << s;
  EXPECT_NE(s.message().find("query_cfg_request.app_name: string of 2147483647"), std::string::npos)
      << s;
}

}  // namespace
}  // namespace dupready
