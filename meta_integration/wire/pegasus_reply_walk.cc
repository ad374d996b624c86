// Copyright 2026 The dupready Authors.
//
// The reply walk: query_cfg_response and partition_configuration read field by field with
// the bounds of ValidatePegasusWire, each partition handed to a sink as views of the bytes.

#include "meta_integration/wire/pegasus_reply_walk.h"

#include "meta_integration/wire/pegasus_wire_schema.h"
#include "meta_integration/wire/thrift_walker.h"

namespace dupready {
namespace {

using wire_internal::kI32;
using wire_internal::kI64;
using wire_internal::kList;
using wire_internal::Load32;
using wire_internal::Load64;
using wire_internal::kStop;
using wire_internal::kStruct;
using wire_schema::FieldSpec;
using wire_schema::Kind;
using wire_schema::MinBytes;
using wire_schema::StructSpec;
using wire_schema::WireTypeOf;

const StructSpec& ResponseSpec() { return wire_schema::SchemaOf(PegasusStruct::kQueryCfgResponse); }
const StructSpec& PartitionSpec() { return *ResponseSpec().Find(5)->elem_struct; }

// Nesting levels, counted as ValidatePegasusWire counts them.
constexpr int kResponseLevel = 1;
constexpr int kPartitionLevel = 3;  // the reply, its partitions list, one partition

class ReplyWalker : public wire_internal::ThriftWalker {
 public:
  ReplyWalker(const uint8_t* data, size_t len, const PegasusWireLimits& limits, ReplySink* sink)
      : ThriftWalker(data, len, limits, ResponseSpec().name), sink_(sink) {}

  absl::Status Run(WireResponse* top) {
    if (CheckMessageSize() && Response(top)) CheckNoTrailingData();
    return status();
  }

 private:
  // The known field `id` of `spec` when it has the wire type `type`, else null (skip it).
  // Pushes the field's step on the path either way.
  const FieldSpec* EnterField(const StructSpec& spec, uint8_t type, int16_t id) {
    const FieldSpec* field = spec.Find(id);
    PushField(field == nullptr ? nullptr : field->name, id);
    return field != nullptr && WireTypeOf(field->kind) == type ? field : nullptr;
  }

  bool Response(WireResponse* top) {
    return Fields(
        kResponseLevel,
        [this](uint8_t type, int16_t id) {
          return EnterField(ResponseSpec(), type, id) != nullptr;
        },
        [&](int16_t id) { return ResponseField(id, top); });
  }

  // The value of the response's known field `id`.
  bool ResponseField(int16_t id, WireResponse* top) {
    const size_t value_at = pos_;
    switch (id) {
      case 1: {
        size_t start;
        int32_t size;
        if (!ReadString("error_code string", &start, &size)) return false;
        top->err = std::string_view(reinterpret_cast<const char*>(data_ + start), size);
        break;
      }
      case 2:
        if (!Take(4, "i32")) return false;
        top->app_id = static_cast<int32_t>(Load32(data_ + value_at));
        break;
      case 3:
        if (!Take(4, "i32")) return false;
        top->partition_count = static_cast<int32_t>(Load32(data_ + value_at));
        break;
      case 4:
        if (!Take(1, "bool")) return false;
        top->is_stateful = data_[value_at] != 0;
        break;
      default:  // 5
        return Partitions();
    }
    return true;
  }

  bool Partitions() {
    int32_t count;
    size_t at;
    if (!ListHeader(kStruct, wire_internal::MinBytes(kStruct), limits_.max_partitions, &count,
                    &at) ||
        !DepthCheck(kResponseLevel + 1)) {
      return false;
    }
    if (sink_ != nullptr) sink_->PartitionsBegin(count);
    // The fast read needs room for a partition's address lists one level down.
    const bool fast = max_depth_ >= kPartitionLevel + 1;
    for (int32_t i = 0; i < count; ++i) {
      PushIndex(i);
      if (!(fast && FastPartition(&partition_)) && !Partition(&partition_)) return false;
      if (sink_ != nullptr) sink_->Partition(i, partition_);
      Pop();
    }
    return true;
  }

  // A partition as current and old servers send it, read without keeping a path: known
  // fields in id order, each of its own wire type, every size within the limits and the
  // bytes left, host types 0 or 1. Then *out is filled, pos_ is past the partition, and the
  // result is exactly Partition()'s. Anything else returns false with pos_ unmoved, and
  // Partition() reads the partition again, the slow and exact way: it takes fields in any
  // order, skips what must be skipped and words the error.
  bool FastPartition(WirePartition* out) {
    const uint8_t* p = data_ + pos_;
    const uint8_t* const end = data_ + len_;
    *out = WirePartition();
    // Pegasus writes the fields in id order, the optional hp_* ones last when it has them.
    if (FastHeader(&p, end, kStruct, 1) && !Fixed64(&p, end, &out->pid)) return false;
    if (FastHeader(&p, end, kI64, 2) && !Fixed64(&p, end, &out->ballot)) {
      return false;
    }
    if (FastHeader(&p, end, kI32, 3) && !Fixed32(&p, end, &out->max_replica_count))
      return false;
    if (FastHeader(&p, end, kStruct, 4) && !FastRpcAddress(&p, end, &out->primary)) return false;
    if (FastHeader(&p, end, kList, 5) &&
        !FastRpcAddressList(&p, end, &out->secondaries)) {
      return false;
    }
    if (FastHeader(&p, end, kList, 6) &&
        !FastRpcAddressList(&p, end, &out->last_drops)) {
      return false;
    }
    if (FastHeader(&p, end, kI64, 7) &&
        !Fixed64(&p, end, &out->last_committed_decree)) {
      return false;
    }
    if (FastHeader(&p, end, kI32, 8) && !Fixed32(&p, end, &out->partition_flags))
      return false;
    if (FastHeader(&p, end, kStruct, 9)) {
      if (!FastHostPort(&p, end, &out->hp_primary)) return false;
      out->has_hp_primary = true;
    }
    if (FastHeader(&p, end, kList, 10)) {
      if (!FastHostPortList(&p, end, &out->hp_secondaries)) return false;
      out->has_hp_secondaries = true;
    }
    if (FastHeader(&p, end, kList, 11)) {
      if (!FastHostPortList(&p, end, &out->hp_last_drops)) return false;
      out->has_hp_last_drops = true;
    }
    if (p == end || *p != kStop) return false;  // out of order, repeated or unknown fields
    pos_ = static_cast<size_t>(p + 1 - data_);
    return true;
  }

  // The header of field `id` of wire type `type` next? Then past it.
  static bool FastHeader(const uint8_t** p, const uint8_t* end, uint8_t type, uint8_t id) {
    if (end - *p < 3 || (*p)[0] != type || (*p)[1] != 0 || (*p)[2] != id) return false;
    *p += 3;
    return true;
  }

  template <typename T>
  static bool Fixed64(const uint8_t** p, const uint8_t* end, T* value) {
    if (end - *p < 8) return false;
    *value = static_cast<T>(Load64(*p));
    *p += 8;
    return true;
  }

  static bool Fixed32(const uint8_t** p, const uint8_t* end, int32_t* value) {
    if (end - *p < 4) return false;
    *value = static_cast<int32_t>(Load32(*p));
    *p += 4;
    return true;
  }

  static bool FastRpcAddress(const uint8_t** p, const uint8_t* end, uint64_t* value) {
    if (end - *p < 8 || ((*p)[7] & 0x3) > 1) return false;
    *value = Load64(*p);
    *p += 8;
    return true;
  }

  // A list header of struct-typed elements, at least `min_elem` bytes each and at most
  // max_addresses_per_list of them, all within the bytes left.
  bool FastListHeader(const uint8_t** p, const uint8_t* end, uint64_t min_elem, int32_t* count) {
    if (end - *p < 5 || (*p)[0] != kStruct) return false;
    *count = static_cast<int32_t>(Load32(*p + 1));
    *p += 5;
    return *count >= 0 && *count <= limits_.max_addresses_per_list &&
           static_cast<uint64_t>(*count) * min_elem <= static_cast<uint64_t>(end - *p);
  }

  bool FastRpcAddressList(const uint8_t** p, const uint8_t* end, WireRpcAddressList* list) {
    int32_t count;
    if (!FastListHeader(p, end, 8, &count)) return false;
    const uint8_t* const first = *p;
    for (int32_t i = 0; i < count; ++i)
      if ((first[8 * i + 7] & 0x3) > 1) return false;
    *list = WireRpcAddressList{first, count};
    *p += 8 * static_cast<size_t>(count);
    return true;
  }

  bool FastHostPort(const uint8_t** p, const uint8_t* end, WireHostPort* hp) {
    if (end - *p < 4) return false;
    const int32_t size = static_cast<int32_t>(Load32(*p));
    if (size < 0 || size > limits_.max_string_bytes || end - *p - 4 < int64_t{size} + 3 ||
        (*p)[4 + size + 2] > 1) {
      return false;
    }
    hp->host = std::string_view(reinterpret_cast<const char*>(*p + 4), static_cast<size_t>(size));
    hp->port = wire_internal::Load16(*p + 4 + size);
    hp->type = (*p)[4 + size + 2];
    *p += 4 + size + 3;
    return true;
  }

  bool FastHostPortList(const uint8_t** p, const uint8_t* end, WireHostPortList* list) {
    int32_t count;
    if (!FastListHeader(p, end, 7, &count)) return false;
    *list = WireHostPortList{*p, count};
    WireHostPort hp;
    for (int32_t i = 0; i < count; ++i)
      if (!FastHostPort(p, end, &hp)) return false;
    return true;
  }

  bool Partition(WirePartition* p) {
    *p = WirePartition();
    return Fields(
        kPartitionLevel,
        [this](uint8_t type, int16_t id) {
          return EnterField(PartitionSpec(), type, id) != nullptr;
        },
        [&](int16_t id) { return PartitionField(id, p); });
  }

  // The value of the partition's known field `id`.
  bool PartitionField(int16_t id, WirePartition* p) {
    const size_t value_at = pos_;
    bool ok;
    switch (id) {
      case 1:
        ok = Take(8, "gpid");
        if (ok) p->pid = static_cast<int64_t>(Load64(data_ + value_at));
        break;
      case 2:
        ok = Take(8, "i64");
        if (ok) p->ballot = static_cast<int64_t>(Load64(data_ + value_at));
        break;
      case 3:
        ok = Take(4, "i32");
        if (ok) p->max_replica_count = static_cast<int32_t>(Load32(data_ + value_at));
        break;
      case 4: ok = RpcAddress(&p->primary); break;
      case 5: ok = RpcAddressList(&p->secondaries); break;
      case 6: ok = RpcAddressList(&p->last_drops); break;
      case 7:
        ok = Take(8, "i64");
        if (ok) p->last_committed_decree = static_cast<int64_t>(Load64(data_ + value_at));
        break;
      case 8:
        ok = Take(4, "i32");
        if (ok) p->partition_flags = static_cast<int32_t>(Load32(data_ + value_at));
        break;
      case 9:
        ok = HostPort(&p->hp_primary);
        p->has_hp_primary = true;
        break;
      case 10:
        ok = HostPortList(&p->hp_secondaries);
        p->has_hp_secondaries = true;
        break;
      default:  // 11
        ok = HostPortList(&p->hp_last_drops);
        p->has_hp_last_drops = true;
        break;
    }
    return ok;
  }

  bool RpcAddress(uint64_t* value) {
    const size_t at = pos_;
    if (!Take(8, "rpc_address")) return false;
    *value = Load64(data_ + at);
    return CheckHostType(*value & 0x3, "rpc_address", at);
  }

  bool RpcAddressList(WireRpcAddressList* list) {
    int32_t count;
    size_t at;
    if (!ListHeader(kStruct, MinBytes(Kind::kRpcAddress), limits_.max_addresses_per_list, &count,
                    &at) ||
        !DepthCheck(kPartitionLevel + 1)) {
      return false;
    }
    // Count() has checked that the elements fit in the bytes left.
    list->first = data_ + pos_;
    list->count = count;
    for (int32_t i = 0; i < count; ++i, pos_ += 8) {
      const uint64_t type = data_[pos_ + 7] & 0x3;
      if (ABSL_PREDICT_FALSE(type > 1)) {
        PushIndex(i);
        return CheckHostType(type, "rpc_address", pos_);
      }
    }
    return true;
  }

  bool HostPort(WireHostPort* hp) {
    size_t start;
    int32_t size;
    if (!ReadString("host_port host", &start, &size) || !Take(2, "host_port port")) return false;
    const size_t type_at = pos_;
    if (!Take(1, "host_port type")) return false;
    hp->host = std::string_view(reinterpret_cast<const char*>(data_ + start), size);
    hp->port = wire_internal::Load16(data_ + type_at - 2);
    hp->type = data_[type_at];
    return CheckHostType(hp->type, "host_port", type_at);
  }

  bool HostPortList(WireHostPortList* list) {
    int32_t count;
    size_t at;
    if (!ListHeader(kStruct, MinBytes(Kind::kHostPort), limits_.max_addresses_per_list, &count,
                    &at) ||
        !DepthCheck(kPartitionLevel + 1)) {
      return false;
    }
    list->first = data_ + pos_;
    list->count = count;
    WireHostPort hp;
    for (int32_t i = 0; i < count; ++i) {
      PushIndex(i);
      if (!HostPort(&hp)) return false;
      Pop();
    }
    return true;
  }

  ReplySink* const sink_;
  WirePartition partition_;
};

}  // namespace

absl::Status WalkQueryCfgResponse(const uint8_t* data, size_t len, const PegasusWireLimits& limits,
                                  ReplySink* sink, WireResponse* top) {
  ReplyWalker walker(data, len, limits, sink);
  return walker.Run(top);
}

}  // namespace dupready
