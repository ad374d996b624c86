// A bounds-checked walk over a query_cfg_response that reads every byte and keeps nothing:
// the benchmark's floor for decoders.
#include "tools/bench/floor_walk.h"

#include <cstring>

namespace dupready {
namespace bench {
namespace {

constexpr uint8_t kStop = 0, kBool = 2, kI32 = 8, kI64 = 10, kString = 11, kStruct = 12,
                  kList = 15;

class Floor {
 public:
  Floor(const uint8_t* data, size_t len) : p_(data), end_(data + len) {}

  bool Response() {
    while (true) {
      uint16_t id;
      uint8_t type;
      if (!Header(&type, &id)) return false;
      if (type == kStop) return p_ == end_;
      bool ok;
      switch (id) {
        case 1: ok = type == kStruct && String(); break;  // err
        case 2:                                            // app_id
        case 3: ok = type == kI32 && Fixed<4>(); break;   // partition_count
        case 4: ok = type == kBool && Fixed<1>(); break;  // is_stateful
        case 5: ok = type == kList && List([this] { return Partition(); }); break;
        default: return false;
      }
      if (!ok) return false;
    }
  }

  uint64_t sum() const { return sum_; }

 private:
  bool Need(size_t n) const { return static_cast<size_t>(end_ - p_) >= n; }

  // A field header; type kStop has no id.
  bool Header(uint8_t* type, uint16_t* id) {
    if (!Need(1)) return false;
    *type = *p_++;
    if (*type == kStop) return true;
    if (!Need(2)) return false;
    *id = static_cast<uint16_t>(p_[0] << 8 | p_[1]);
    p_ += 2;
    return true;
  }

  // N bytes of a fixed-size value, read as one big-endian number.
  template <int N>
  bool Fixed() {
    if (!Need(N)) return false;
    uint64_t v = 0;
    std::memcpy(&v, p_, N);
    sum_ += __builtin_bswap64(v) >> (64 - 8 * N);
    p_ += N;
    return true;
  }

  bool String() {
    if (!Need(4)) return false;
    uint32_t n;
    std::memcpy(&n, p_, 4);
    n = __builtin_bswap32(n);
    p_ += 4;
    if (!Need(n)) return false;
    // Every byte is read, eight at a time where it can be: the least a reader of the text does.
    uint32_t i = 0;
    for (; i + 8 <= n; i += 8) {
      uint64_t w;
      std::memcpy(&w, p_ + i, 8);
      sum_ += w;
    }
    for (; i < n; ++i) sum_ += p_[i];
    p_ += n;
    return true;
  }

  bool HostPort() { return String() && Fixed<2>() && Fixed<1>(); }

  template <typename Element>
  bool List(Element element) {
    if (!Need(5)) return false;
    uint32_t n;
    std::memcpy(&n, p_ + 1, 4);
    n = __builtin_bswap32(n);
    if (p_[0] != kStruct || !Need(5 + uint64_t{n})) return false;  // >= 1 byte an element
    p_ += 5;
    for (uint32_t i = 0; i < n; ++i)
      if (!element()) return false;
    return true;
  }

  bool Partition() {
    while (true) {
      uint16_t id;
      uint8_t type;
      if (!Header(&type, &id)) return false;
      if (type == kStop) return true;
      bool ok;
      switch (id) {
        case 1:                                             // pid
        case 4: ok = type == kStruct && Fixed<8>(); break;  // primary
        case 2:                                             // ballot
        case 7: ok = type == kI64 && Fixed<8>(); break;     // last_committed_decree
        case 3:                                             // max_replica_count
        case 8: ok = type == kI32 && Fixed<4>(); break;     // partition_flags
        case 5:                                             // secondaries
        case 6: ok = type == kList && List([this] { return Fixed<8>(); }); break;
        case 9: ok = type == kStruct && HostPort(); break;  // hp_primary
        case 10:                                            // hp_secondaries
        case 11: ok = type == kList && List([this] { return HostPort(); }); break;
        default: return false;
      }
      if (!ok) return false;
    }
  }

  const uint8_t* p_;
  const uint8_t* const end_;
  uint64_t sum_ = 0;
};

}  // namespace

bool FloorWalk(const uint8_t* data, size_t len, uint64_t* checksum) {
  Floor floor(data, len);
  const bool ok = floor.Response();
  *checksum = floor.sum();
  return ok;
}

}  // namespace bench
}  // namespace dupready
