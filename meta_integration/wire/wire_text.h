// Copyright 2026 The dupready Authors.
//
// wire_text.h: what text from a remote cluster may contain before dupready keeps it. A hostile
// or broken remote must not smuggle control characters or quotes into logs and JSON.
// Kept apart from pegasus_convert (which links the snapshot proto) so the plugin, which must
// not register the snapshot proto in its host process, can use it.

#ifndef DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_
#define DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_

#include <cstddef>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dupready {

inline constexpr size_t kMaxErrorNameBytes = 256;
inline constexpr size_t kMaxHostBytes = 255;

// An error name: 1 to 256 bytes of [A-Za-z0-9_].
bool IsSafeErrorName(std::string_view name);

// A host: 1 to 255 bytes of [A-Za-z0-9._-].
bool IsSafeHost(std::string_view host);

// The same; the bytes from host.data() up to `readable_end` (>= the host's end) may be read,
// which lets the check take 16 bytes at a time. For hosts inside a buffer, e.g. a reply: a
// host of up to 15 bytes is then checked in line, with one 16-byte compare.
inline bool IsSafeHost(std::string_view host, const char* readable_end);

// Implementation details.

namespace wire_text_internal {

bool IsSafeHostAnyLength(std::string_view host, const char* readable_end);

#if defined(__SSE2__)
// Bit i set when byte i of the 16 at p is a host character. Bytes of 0x80 and up are negative
// to the signed compares and fall in no range.
inline __attribute__((always_inline)) unsigned HostMask16(const char* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  auto in = [](__m128i x, char lo, char hi) {
    return _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(static_cast<char>(lo - 1))),
                         _mm_cmplt_epi8(x, _mm_set1_epi8(static_cast<char>(hi + 1))));
  };
  // Setting bit 5 maps A-Z onto a-z and nothing else into it.
  __m128i ok = in(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 'z');
  ok = _mm_or_si128(ok, in(v, '0', '9'));
  ok = _mm_or_si128(ok, in(v, '-', '.'));
  ok = _mm_or_si128(ok, _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  return static_cast<unsigned>(_mm_movemask_epi8(ok));
}
#endif

}  // namespace wire_text_internal

inline bool IsSafeHost(std::string_view host, const char* readable_end) {
#if defined(__SSE2__)
  const size_t n = host.size();
  if (n - 1 < 15 && readable_end - host.data() >= 16) {  // 1 to 15 bytes, 16 readable
    return ((wire_text_internal::HostMask16(host.data()) | (0xFFFFu << n)) & 0xFFFFu) == 0xFFFFu;
  }
#endif
  return wire_text_internal::IsSafeHostAnyLength(host, readable_end);
}

inline constexpr size_t kMaxNameBytes = 256;

// A table or cluster name: 1 to 256 bytes of [A-Za-z0-9_.:-] (Pegasus's table names are
// letters, digits, '_', '.' and ':'; cluster names in its config often carry '-').
bool IsSafeName(std::string_view name);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_WIRE_TEXT_H_
