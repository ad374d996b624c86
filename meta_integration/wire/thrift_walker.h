// Copyright 2026 The dupready Authors.
//
// thrift_walker.h (private to wire/): what the bounded walks over Pegasus binary Thrift bytes
// share. ValidatePegasusWire's schema walk (pegasus_wire_check.cc) and the reply walk that
// hands values to a sink (pegasus_reply_walk.cc) both build on ThriftWalker, so they enforce
// PegasusWireLimits alike and word every error alike:
//
//   query_cfg_response.partitions[3].hp_secondaries: list of 2147483647 elements exceeds the
//   remaining 12 bytes at offset 211
//
// A walker reads data[0, len) front to back. Each step returns false once it has failed; the
// failure, with the path to the value and its byte offset, is then in status(). Unknown values
// are skipped as Thrift's skip() does, within the same bounds. Nothing here allocates unless
// an error message is built; the path is a fixed array (nesting is bounded by
// PegasusWireLimits::kMaxSupportedDepth), and a map value's key is printed only then.

#ifndef DUPREADY_META_INTEGRATION_WIRE_THRIFT_WALKER_H_
#define DUPREADY_META_INTEGRATION_WIRE_THRIFT_WALKER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/base/optimization.h"
#include "absl/status/status.h"
#include "meta_integration/wire/pegasus_wire_limits.h"

namespace dupready {
namespace wire_internal {

// Thrift binary protocol type codes.
enum WireType : uint8_t {
  kStop = 0,
  kBool = 2,
  kByte = 3,
  kDouble = 4,
  kI16 = 6,
  kI32 = 8,
  kI64 = 10,
  kString = 11,
  kStruct = 12,
  kMap = 13,
  kSet = 14,
  kList = 15,
};

// The fewest bytes one value of `type` can take; 0 for a code that is not a value type.
uint64_t MinBytes(uint8_t type);
// "i32", "list", ..., or "invalid type N".
std::string TypeName(uint8_t type);

// Big-endian reads of n bytes at p (no bounds check: the caller has checked them).
inline uint16_t Load16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline uint32_t Load32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | uint32_t{p[3]};
}
inline uint64_t Load64(const uint8_t* p) { return uint64_t{Load32(p)} << 32 | Load32(p + 4); }

class ThriftWalker {
 public:
  ThriftWalker(const uint8_t* data, size_t len, const PegasusWireLimits& limits,
               const char* root_name)
      : data_(data),
        len_(len),
        limits_(limits),
        max_depth_(std::min(limits.max_depth, PegasusWireLimits::kMaxSupportedDepth)),
        root_name_(root_name) {}

  // The failure, once a step has returned false; OK before.
  const absl::Status& status() const { return status_; }

 protected:
  // How a known map's key names its value in a path.
  enum class KeyForm : uint8_t {
    kI32,       // as a number
    kString,    // in quotes, when short and of [A-Za-z0-9_.:-]; else by position
    kPosition,  // "#2"
  };

  // One step of the path to the value being read: a field, or an element of a container.
  struct Step {
    const char* field_name;  // null: an unknown field, or an element
    int32_t field_id;
    int32_t index;           // >= 0: an element index
    const char* suffix;      // ".key" / ".value" for map entries, else ""
    int64_t key_at = -1;     // >= 0: a known map's value, named by the key read at this offset
    KeyForm key_form = KeyForm::kPosition;
  };
  // Nesting adds at most one step a level, plus the step that names the level too deep.
  static constexpr int kMaxPath = PegasusWireLimits::kMaxSupportedDepth + 2;

  // Before the walk: some input, no more than max_message_bytes.
  bool CheckMessageSize();
  // After the root struct: no byte may follow it.
  bool CheckNoTrailingData();

  size_t remaining() const { return len_ - pos_; }

  // Fails with `what` at `offset`, prefixed by the current path. Always returns false.
  bool Fail(absl::StatusCode code, size_t offset, const std::string& what);

  // Consumes n bytes of a `what`, or fails: truncated.
  bool Take(size_t n, const char* what) {
    if (ABSL_PREDICT_FALSE(remaining() < n)) return TakeFailed(n, what);
    pos_ += n;
    return true;
  }
  bool TakeFailed(size_t n, const char* what);

  // Fails when a value at nesting `level` is deeper than the limit.
  bool DepthCheck(int level) {
    if (ABSL_PREDICT_FALSE(level > max_depth_)) return DepthFailed();
    return true;
  }
  bool DepthFailed();

  // Reads the fields of a struct at nesting `level` up to its stop byte. For each field,
  // `enter(type, id)` pushes the field's step on the path and says whether to read it; if so
  // `read(id)` reads its value, else the value is skipped. Returns false at the first failure.
  template <typename Enter, typename Read>
  bool Fields(int level, Enter&& enter, Read&& read) {
    if (!DepthCheck(level)) return false;
    while (true) {
      uint8_t type;
      int16_t id;
      size_t at;
      if (!FieldHeader(&type, &id, &at)) return false;
      if (type == kStop) return true;
      if (!(enter(type, id) ? read(id) : Skip(type, level + 1, at))) return false;
      Pop();
    }
  }

  // A field header: *type, and for any type but kStop the *id; *at is where it starts.
  bool FieldHeader(uint8_t* type, int16_t* id, size_t* at) {
    *at = pos_;
    if (!Take(1, "field header")) return false;
    *type = data_[*at];
    if (*type == kStop) return true;
    if (!Take(2, "field id")) return false;
    *id = static_cast<int16_t>(Load16(data_ + *at + 1));
    return true;
  }

  // A string of a `what`: the length checked against the bytes left and max_string_bytes,
  // then skipped. Its bytes are data_[*start, *start + *size).
  bool ReadString(const char* what, size_t* start, int32_t* size) {
    const size_t at = pos_;
    if (!Take(4, what)) return false;
    *size = static_cast<int32_t>(Load32(data_ + at));
    if (ABSL_PREDICT_FALSE(*size < 0 || static_cast<uint64_t>(*size) > remaining() ||
                           *size > limits_.max_string_bytes)) {
      return StringFailed(what, at, *size);
    }
    *start = pos_;
    pos_ += static_cast<size_t>(*size);
    return true;
  }
  bool ReadString(const char* what) {
    size_t start;
    int32_t size;
    return ReadString(what, &start, &size);
  }

  // The element count at `size_at` of a container called `what` whose header (already
  // consumed) starts at `at`, checked against the bytes left (each element takes at least
  // `min_elem_bytes`) and against `limit`.
  bool Count(const char* what, size_t at, size_t size_at, uint64_t min_elem_bytes, int32_t limit,
             int32_t* count) {
    *count = static_cast<int32_t>(Load32(data_ + size_at));
    if (ABSL_PREDICT_FALSE(*count < 0 ||
                           static_cast<uint64_t>(*count) * min_elem_bytes > remaining() ||
                           *count > limit)) {
      return CountFailed(what, at, min_elem_bytes, limit, *count);
    }
    return true;
  }

  // The header of a list that must hold `elem_type` values (at least `min_elem_bytes` each),
  // at most `limit` of them: *count is its size, *at where the header starts. The caller
  // checks the list's nesting level next.
  bool ListHeader(uint8_t elem_type, uint64_t min_elem_bytes, int32_t limit, int32_t* count,
                  size_t* at) {
    *at = pos_;
    if (!Take(5, "list header")) return false;
    if (ABSL_PREDICT_FALSE(data_[*at] != elem_type)) return ElementTypeFailed(elem_type, *at);
    return Count("list", *at, *at + 1, min_elem_bytes, limit, count);
  }

  // Pegasus only puts invalid (0) and IPv4 (1) addresses on the wire and refuses the others.
  bool CheckHostType(uint64_t type, const char* what, size_t at) {
    if (ABSL_PREDICT_TRUE(type <= 1)) return true;
    return HostTypeFailed(type, what, at);
  }

  // Skips a value of wire type `type` whose header starts at `header_at`; containers and
  // structs are at nesting `level`. Mirrors Thrift's skip(), within the limits.
  bool Skip(uint8_t type, int level, size_t header_at);

  // The path, one step at a time. Push* REQUIRES: fewer than kMaxPath steps.
  void PushField(const char* name, int32_t id) { path_[path_len_++] = {name, id, -1, ""}; }
  void PushIndex(int32_t index, const char* suffix = "") {
    path_[path_len_++] = {nullptr, 0, index, suffix};
  }
  // The last step names a known map's value by the key read (whole) at `at`.
  void NameByKey(size_t at, KeyForm form) {
    path_[path_len_ - 1].key_at = static_cast<int64_t>(at);
    path_[path_len_ - 1].key_form = form;
  }
  void Pop() { --path_len_; }

  const uint8_t* const data_;
  const size_t len_;
  size_t pos_ = 0;
  const PegasusWireLimits& limits_;
  const int max_depth_;
  const char* const root_name_;
  Step path_[kMaxPath];
  int path_len_ = 0;

 private:
  bool StringFailed(const char* what, size_t at, int32_t size);
  bool CountFailed(const char* what, size_t at, uint64_t min_elem_bytes, int32_t limit,
                   int32_t count);
  bool HostTypeFailed(uint64_t type, const char* what, size_t at);
  bool ElementTypeFailed(uint8_t want, size_t at);
  bool SkipStruct(int level);
  bool SkipContainer(uint8_t type, int level);
  std::string Path() const;
  std::string KeyText(const Step& step) const;

  absl::Status status_;
};

}  // namespace wire_internal
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_THRIFT_WALKER_H_
