// Fuzzes the Pegasus Thrift reply decoder and both conversions (to the snapshot proto and
// straight to facts), then judges the reply with the default rules, as the plugin does.
#include <cstdint>

#include "meta_integration/formats/pegasus_convert.h"
#include "meta_integration/plugin/reply_facts.h"
#include "meta_integration/wire/pegasus_codec.h"
#include "tools/fuzz/default_rules.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  auto reply = DecodeQueryCfgResponse(data, size);
  if (!reply.ok()) return 0;
  auto proto = ReplyToProto(*reply);
  // A reply that decodes re-encodes to bytes that decode to the same reply.
  auto bytes = EncodeQueryCfgResponse(*reply);
  if (!bytes.ok()) __builtin_trap();
  auto again = DecodeQueryCfgResponse(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
  if (!again.ok() || !(*again == *reply)) __builtin_trap();
  ReplyFactsBuilder builder;
  FollowerFacts facts;
  DupContextView dup;
  dup.partition_count = reply->partition_count;
  absl::Status built = builder.Build(dup, "ERR_OK", &*reply, &facts);
  if (built.ok() != proto.ok()) __builtin_trap();  // both paths accept the same replies
  if (!built.ok()) return 0;
  fuzz::JudgeWithDefaultRules(facts);
  return 0;
}
