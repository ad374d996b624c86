// Encoding a code point as UTF-8.
#include "engine/json/utf8.h"

namespace dupready {
namespace json_internal {

// Appends code point `cp` (not a surrogate, at most U+10FFFF) as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
    return;
  }
  const int n = cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;  // bytes in the sequence
  static constexpr uint32_t kLead[] = {0, 0, 0xC0, 0xE0, 0xF0};
  out->push_back(static_cast<char>(kLead[n] | (cp >> (6 * (n - 1)))));
  for (int i = n - 2; i >= 0; --i)
    out->push_back(static_cast<char>(0x80 | ((cp >> (6 * i)) & 0x3F)));
}

}  // namespace json_internal
}  // namespace dupready
