// Copyright 2026 The dupready Authors.
//
// pegasus_reply_walk.h: one bounded pass over a query_cfg_response that hands each partition
// to a sink as views of the reply bytes, without generated Thrift objects and without
// allocating. The plugin builds the engine's facts from it (plugin/reply_decoder.h).
//
// The walk enforces every PegasusWireLimits bound and refuses every input that
// ValidatePegasusWire refuses, with the same message (field path, byte offset), e.g.
//
//   query_cfg_response.partitions[3].hp_secondaries: list of 2147483647 elements exceeds the
//   remaining 12 bytes at offset 211
//
// It reads values as the generated code does: fields in any order, a repeated field's last
// value wins (a repeated list replaces the earlier one), a known field with another wire type
// is skipped, unknown fields are skipped, absent fields keep their defaults.
//
//   class Sink : public ReplySink { ... };
//   Sink sink;
//   WireResponse top;
//   absl::Status s = WalkQueryCfgResponse(bytes, len, PegasusWireLimits(), &sink, &top);

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_REPLY_WALK_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_REPLY_WALK_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "absl/status/status.h"
#include "meta_integration/wire/pegasus_wire_limits.h"

namespace dupready {

// A host_port as it is on the wire. `host` views the reply bytes.
struct WireHostPort {
  std::string_view host;
  uint16_t port = 0;  // the i16 on the wire, read back as unsigned (34801 arrives as -30735)
  uint8_t type = 0;   // 0 invalid, 1 IPv4: the walk refuses any other
};

// A list of rpc_addresses: `count` 8-byte values from `first`, inside the reply.
struct WireRpcAddressList {
  const uint8_t* first = nullptr;
  int32_t count = 0;
  // The i-th address's 64 bits: bits 0-1 host type, 16-31 port, 32-63 IPv4 (host order).
  uint64_t at(int32_t i) const {
    uint64_t v;
    std::memcpy(&v, first + 8 * static_cast<size_t>(i), 8);
    return __builtin_bswap64(v);  // big-endian on the wire
  }
};

// A list of host_ports: `count` of them from `first`, inside the reply (read with
// WireHostPortReader: they vary in length).
struct WireHostPortList {
  const uint8_t* first = nullptr;
  int32_t count = 0;
};

// Reads a WireHostPortList's elements in order. REQUIRES: at most `count` calls of Next.
class WireHostPortReader {
 public:
  explicit WireHostPortReader(const WireHostPortList& list) : p_(list.first) {}
  WireHostPort Next() {
    const uint32_t n = uint32_t{p_[0]} << 24 | uint32_t{p_[1]} << 16 | uint32_t{p_[2]} << 8 | p_[3];
    WireHostPort hp;
    hp.host = std::string_view(reinterpret_cast<const char*>(p_ + 4), n);
    p_ += 4 + n;
    hp.port = static_cast<uint16_t>(p_[0] << 8 | p_[1]);
    hp.type = p_[2];
    p_ += 3;
    return hp;
  }

 private:
  const uint8_t* p_;
};

// One partition_configuration: each field's last value, or its default when absent.
struct WirePartition {
  int64_t pid = 0;  // the gpid's i64: app_id in the low 32 bits, partition_index in the high
  int64_t ballot = 0;
  int32_t max_replica_count = 0;
  uint64_t primary = 0;  // rpc_address bits, as WireRpcAddressList::at
  WireRpcAddressList secondaries;
  WireRpcAddressList last_drops;
  int64_t last_committed_decree = 0;
  int32_t partition_flags = 0;
  bool has_hp_primary = false;  // the optional fields: whether the reply carries them
  bool has_hp_secondaries = false;
  bool has_hp_last_drops = false;
  WireHostPort hp_primary;
  WireHostPortList hp_secondaries;
  WireHostPortList hp_last_drops;

  int32_t partition_index() const { return static_cast<int32_t>(static_cast<uint64_t>(pid) >> 32); }
};

// The reply's own fields.
struct WireResponse {
  std::string_view err = "ERR_OK";  // error_code's default, as Pegasus reads an absent one
  int32_t app_id = 0;
  int32_t partition_count = 0;
  bool is_stateful = false;
};

// Receives the partitions as the walk completes them.
class ReplySink {
 public:
  virtual ~ReplySink() = default;
  // A partitions list of `count` elements begins. The field may come more than once; the
  // last list is the reply's, so a sink drops what it kept of an earlier one.
  virtual void PartitionsBegin(int32_t count) = 0;
  // partitions[index], complete; its views point into the reply bytes.
  virtual void Partition(int32_t index, const WirePartition& partition) = 0;
};

// Walks data[0, len) as exactly one query_cfg_response within `limits`, calling `sink` (may be
// null: the walk then only validates) and, when OK, filling `*top`. Errors: as
// ValidatePegasusWire, word for word; the sink may have seen partitions before an error and
// must then discard them. Time linear in len; no allocation except an error's message.
absl::Status WalkQueryCfgResponse(const uint8_t* data, size_t len, const PegasusWireLimits& limits,
                                  ReplySink* sink, WireResponse* top);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_REPLY_WALK_H_
