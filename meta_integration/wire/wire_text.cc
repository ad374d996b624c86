// Character checks for error names, hosts, and table and cluster names read from the wire.
#include "meta_integration/wire/wire_text.h"

#include <array>
#include <cstdint>

namespace dupready {
namespace {

// Bit 0: a character of an error name, [A-Za-z0-9_]; bit 1: of a host, [A-Za-z0-9._-];
// bit 2: of a table or cluster name, [A-Za-z0-9_.:-].
constexpr uint8_t kName = 1, kHost = 2, kTableName = 4;

constexpr std::array<uint8_t, 256> MakeClasses() {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    const bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum || c == '_') classes[c] |= kName;
    if (alnum || c == '_' || c == '.' || c == '-') classes[c] |= kHost;
    if (alnum || c == '_' || c == '.' || c == ':' || c == '-') classes[c] |= kTableName;
  }
  return classes;
}
constexpr std::array<uint8_t, 256> kClasses = MakeClasses();

// Every character of `text` is of class `cls`. No early exit: the texts are short and almost
// always good, and a branch-free loop reads them fastest.
bool AllOf(std::string_view text, uint8_t cls) {
  uint8_t all = cls;
  for (char c : text) all &= kClasses[static_cast<uint8_t>(c)];
  return all != 0;
}

}  // namespace

bool IsSafeErrorName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxErrorNameBytes && AllOf(name, kName);
}

bool IsSafeHost(std::string_view host) {
  return wire_text_internal::IsSafeHostAnyLength(host, host.data() + host.size());
}

bool wire_text_internal::IsSafeHostAnyLength(std::string_view host, const char* readable_end) {
  if (host.empty() || host.size() > kMaxHostBytes) return false;
#if defined(__SSE2__)
  const char* p = host.data();
  size_t n = host.size();
  for (; n >= 16; p += 16, n -= 16)
    if (HostMask16(p) != 0xFFFF) return false;
  if (n == 0) return true;
  // The last bytes of the host, and bytes after it that are ignored.
  if (readable_end - p >= 16) return ((HostMask16(p) | (0xFFFFu << n)) & 0xFFFFu) == 0xFFFFu;
  // Else the last 16 bytes of the host, overlapping those checked, when it has them.
  if (host.size() >= 16) return HostMask16(host.data() + host.size() - 16) == 0xFFFF;
  return AllOf(std::string_view(p, n), kHost);
#else
  (void)readable_end;
  return AllOf(host, kHost);
#endif
}

bool IsSafeName(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameBytes && AllOf(name, kTableName);
}

}  // namespace dupready
