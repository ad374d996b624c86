// Hostile frames for the meta RPC framing: sizes that claim far more than the bytes hold must
// be refused without allocating anything near what they claim, in the decoder and on the wire.
#include "gtest/gtest.h"
#include "meta_integration/rpc/meta_client.h"
#include "meta_integration/rpc/meta_rpc.h"
#include "meta_integration/rpc/testing/fake_meta_server.h"
#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/wire/testing/wire_writer.h"

namespace dupready {
namespace {

using testonly::AllocationCounter;
using testonly::kTList;
using testonly::kTStruct;
using testonly::WireWriter;

constexpr size_t kSmall = 64 << 10;  // no allocation may come near a claimed size

std::string Frame(const WireWriter& body) {
  WireWriter w;
  w.I32(static_cast<int32_t>(body.size() + 4)).Raw(body.bytes());
  return w.bytes();
}

TEST(MetaRpcHostileTest, GiantClaimsAllocateNothingLarge) {
  WireWriter giant_err;  // a 2 GiB error name
  giant_err.I32(0x7fffffff).Raw("ERR_OK");
  WireWriter giant_name;  // a 2 GiB message name
  giant_name.String("ERR_OK").I32(static_cast<int32_t>(0x80010002u)).I32(0x7ffffff0).Raw("xx");
  WireWriter giant_old;  // an old-style header whose name claims 1 GiB
  giant_old.String("ERR_OK").I32(1 << 30).Raw("RPC");
  WireWriter giant_list;  // the response claims 2^31 - 1 partitions
  giant_list.String("ERR_OK").I32(static_cast<int32_t>(0x80010002u)).String(kQueryConfigAck).I32(1);
  giant_list.Field(kTStruct, 0).Field(kTList, 5).List(kTStruct, 0x7fffffff).Stop().Stop();
  for (const WireWriter* body : {&giant_err, &giant_name, &giant_old, &giant_list}) {
    const std::string frame = Frame(*body);
    AllocationCounter counter;
    absl::StatusOr<MetaReply> r = DecodeQueryConfigReply(
        reinterpret_cast<const uint8_t*>(frame.data()), frame.size());
    counter.Stop();
    EXPECT_FALSE(r.ok());
    EXPECT_LT(counter.largest(), kSmall) << r.status();
  }
}

TEST(MetaRpcHostileTest, GiantRequestsAllocateNothingLarge) {
  WireWriter header;  // a 4 GiB body
  header.Raw("THFT").I32(0).I32(48).I32(0).I32(-1).I32(0).I32(0).I32(0).I32(0).I32(0).I64(0);
  AllocationCounter counter;
  EXPECT_FALSE(DecodeThftHeader(header.data(), header.size()).ok());
  WireWriter body;  // the request's app name claims 2 GiB
  body.I32(static_cast<int32_t>(0x80010001u)).String(kQueryConfigRpc).I32(1);
  body.Field(kTStruct, 1).Field(11, 1).I32(0x7fffffff).Raw("abc").Stop().Stop();
  EXPECT_FALSE(DecodeQueryConfigCall(body.data(), body.size()).ok());
  counter.Stop();
  EXPECT_LT(counter.largest(), kSmall);
}

TEST(MetaRpcHostileTest, AReplyClaimingMoreThanItSendsGrowsOnlyWithWhatCame) {
  FakeMetaBehavior b;
  b.claimed_reply_bytes = 60u << 20;  // 60 MiB claimed (under the 64 MiB limit), ~40 bytes sent
  absl::StatusOr<std::unique_ptr<FakeMetaServer>> server = FakeMetaServer::Start(b);
  ASSERT_TRUE(server.ok()) << server.status();
  MetaQueryOptions options;
  options.timeout_ms = 3000;
  AllocationCounter counter;
  absl::StatusOr<MetaAnswer> a = QueryPartitionConfig({(*server)->address()}, "orders", options);
  counter.Stop();
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.status().message().find("the connection closed after "), std::string::npos)
      << a.status();
  EXPECT_NE(a.status().message().find(" of 62914560 bytes"), std::string::npos) << a.status();
  EXPECT_LT(counter.largest(), kSmall);
}

}  // namespace
}  // namespace dupready
