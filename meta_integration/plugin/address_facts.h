// Copyright 2026 The dupready Authors.
//
// address_facts.h (private to plugin/): one replica address of a follower's reply as the
// engine's AddressFact, the same way whether it comes from the decoded struct (reply_facts.h)
// or straight from the bytes (reply_decoder.h): a host_port is used as sent (its host must be
// safe text, wire_text.h), an rpc_address becomes "a.b.c.d" text, kept in an Ipv4Texts so the
// fact's view stays valid.
//
//   Ipv4Texts texts;
//   AddressFact a;
//   bool ok = RpcAddressFact(bits, &texts, &a);   // false: not an address Pegasus sends
//   if (!ok) return BadAddress(3, "primary");      // "query_cfg_response.partitions[3].primary: ..."

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_ADDRESS_FACTS_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_ADDRESS_FACTS_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "engine/eval/facts.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {

// Entries of one address list the facts take; a longer list is refused (BadAddress).
inline constexpr int kMaxAddressesPerList = 64;

// Text of IPv4 addresses ("255.255.255.255" at most) in blocks that never move, so views of
// earlier texts stay valid while more are added. Reset keeps the blocks: once grown, adding
// allocates nothing.
class Ipv4Texts {
 public:
  void Reset() { used_ = 0; }
  // "a.b.c.d" of `ip` (host order: 10.0.0.1 is 0x0A000001), valid until Reset.
  std::string_view Add(uint32_t ip);

 private:
  static constexpr size_t kPerBlock = 1024;  // 16 KiB a block
  std::vector<std::unique_ptr<char[][16]>> blocks_;
  size_t used_ = 0;
};

// An rpc_address's 64 bits (type in bits 0-1, port 16-31, IPv4 32-63) as a fact: invalid
// (type 0) is the empty fact; IPv4 (type 1) gets its text from `texts`. false for any other
// type.
inline bool RpcAddressFact(uint64_t bits, Ipv4Texts* texts, AddressFact* out);

// A host_port as a fact: invalid (type 0) is the empty fact, whatever its host; IPv4 (type 1)
// takes the host as is. false for any other type or a host that is not safe text. The bytes
// from the host up to `readable_end`, when given, may be read (see IsSafeHost).
inline bool HostPortFact(uint8_t type, std::string_view host, uint16_t port, AddressFact* out,
                         const char* readable_end = nullptr);

// InvalidArgument "query_cfg_response.partitions[<partition>].<field>: not a valid address,
// or longer than 64 entries".
absl::Status BadAddress(size_t partition, const char* field);

// Implementation details.

namespace address_facts_internal {
// Field by field, not through an AddressFact temporary: GCC copies a temporary through the
// stack in pieces and stalls on reading them back whole.
inline void Set(AddressFact* out, std::string_view host, int32_t port, bool valid) {
  out->host = host;
  out->port = port;
  out->valid = valid;
}
}  // namespace address_facts_internal

inline bool RpcAddressFact(uint64_t bits, Ipv4Texts* texts, AddressFact* out) {
  using address_facts_internal::Set;
  switch (bits & 0x3) {
    case 0:
      Set(out, {}, 0, false);
      return true;
    case 1:
      Set(out, texts->Add(static_cast<uint32_t>(bits >> 32)), static_cast<uint16_t>(bits >> 16),
          true);
      return true;
    default:
      return false;
  }
}

inline bool HostPortFact(uint8_t type, std::string_view host, uint16_t port, AddressFact* out,
                         const char* readable_end) {
  using address_facts_internal::Set;
  if (type == 0) {
    Set(out, {}, 0, false);
    return true;
  }
  if (readable_end == nullptr) readable_end = host.data() + host.size();
  if (type != 1 || !IsSafeHost(host, readable_end)) return false;
  Set(out, host, port, true);
  return true;
}

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_ADDRESS_FACTS_H_
