// Copyright 2026 The dupready Authors.
//
// wire_writer.h (tests only): builds Thrift binary bytes by hand, big-endian, one primitive at
// a time, so tests can pin the encoding from the documented facts instead of from the code
// under test, and can forge hostile inputs.

#ifndef DUPREADY_META_INTEGRATION_WIRE_TESTING_WIRE_WRITER_H_
#define DUPREADY_META_INTEGRATION_WIRE_TESTING_WIRE_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dupready {
namespace testonly {

// Thrift binary type codes.
inline constexpr uint8_t kTStop = 0;
inline constexpr uint8_t kTBool = 2;
inline constexpr uint8_t kTByte = 3;
inline constexpr uint8_t kTI16 = 6;
inline constexpr uint8_t kTI32 = 8;
inline constexpr uint8_t kTI64 = 10;
inline constexpr uint8_t kTString = 11;
inline constexpr uint8_t kTStruct = 12;
inline constexpr uint8_t kTMap = 13;
inline constexpr uint8_t kTList = 15;

class WireWriter {
 public:
  WireWriter& Byte(uint8_t v) {
    bytes_.push_back(static_cast<char>(v));
    return *this;
  }
  WireWriter& I16(int16_t v) { return BigEndian(static_cast<uint16_t>(v), 2); }
  WireWriter& I32(int32_t v) { return BigEndian(static_cast<uint32_t>(v), 4); }
  WireWriter& I64(int64_t v) { return BigEndian(static_cast<uint64_t>(v), 8); }
  // A Thrift string: i32 length, then the bytes.
  WireWriter& String(std::string_view s) {
    I32(static_cast<int32_t>(s.size()));
    bytes_.append(s.data(), s.size());
    return *this;
  }
  WireWriter& Field(uint8_t type, int16_t id) { return Byte(type).I16(id); }
  WireWriter& Stop() { return Byte(kTStop); }
  WireWriter& List(uint8_t elem_type, int32_t size) { return Byte(elem_type).I32(size); }
  WireWriter& Raw(std::string_view s) {
    bytes_.append(s.data(), s.size());
    return *this;
  }

  const std::string& bytes() const { return bytes_; }
  size_t size() const { return bytes_.size(); }
  const uint8_t* data() const { return reinterpret_cast<const uint8_t*>(bytes_.data()); }

 private:
  WireWriter& BigEndian(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return *this;
  }

  std::string bytes_;
};

// "0c 0001 ..." -> bytes. Whitespace is ignored; anything else must be hex digit pairs.
inline std::string FromHex(std::string_view hex) {
  std::string out;
  int high = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

inline std::string ToHex(std::string_view bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_TESTING_WIRE_WRITER_H_
