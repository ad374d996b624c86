// Copyright 2026 The dupready Authors.
//
// reply_decoder.h: FollowerFacts straight from a follower's reply bytes, in the one bounded
// walk that validates them (wire/pegasus_reply_walk.h): no generated Thrift objects, no
// string copied (hosts and the error name are views of the reply bytes). This is what the
// plugin runs on every check.
//
// It gives exactly the facts, or exactly the error, of the generated-code path it replaces:
// DecodeQueryCfgResponse (pegasus_codec.h) then ReplyFactsBuilder::Build (reply_facts.h);
// reply_decoder_test and tools/fuzz:reply_decoder_fuzzer hold it to that. Addresses are read
// as Pegasus reads them: the hp_* fields when the reply has them, else the rpc_addresses.
//
//   ReplyDecoder decoder;          // keep one per thread: once grown, it allocates nothing
//   FollowerFacts facts;           // likewise
//   absl::Status s = decoder.Decode(dup, "ERR_OK", bytes, len, &facts);
//   // !s.ok(): the reply is not usable; s names the field and the byte offset

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_REPLY_DECODER_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_REPLY_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "meta_integration/plugin/address_facts.h"
#include "meta_integration/wire/pegasus_wire_limits.h"

namespace dupready {

class ReplyDecoder {
 public:
  // Fills `facts` (cleared first, capacity kept) from `dup`, the RPC's error name and, when
  // that is "ERR_OK", the reply data[0, len) (data may be null when len is 0); otherwise the
  // reply is not read. The facts point into `dup`, `rpc_err`, `data` and this decoder: all
  // must outlive their use. Errors, in this order: the reply does not decode within `limits`
  // (DataLoss or InvalidArgument, with field path and offset, as ValidatePegasusWire words
  // them); InvalidArgument for an unsafe error name, an unsafe host, an address of an unknown
  // type, or a list of more than kMaxAddressesPerList entries.
  absl::Status Decode(const DupContextView& dup, std::string_view rpc_err, const uint8_t* data,
                      size_t len, FollowerFacts* facts,
                      const PegasusWireLimits& limits = PegasusWireLimits());

 private:
  Ipv4Texts ipv4_texts_;  // text of old servers' rpc_addresses
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_REPLY_DECODER_H_
