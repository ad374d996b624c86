// Classifies outside text into plain runs, controls and ill-formed bytes, and escapes it for
// terminals, logs and the C interface.
#include "engine/common/safe_text.h"

#include <cstdio>
#include <cstring>

namespace dupready {

int Utf8SequenceLength(std::string_view s) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](size_t i, int lo = 0x80, int hi = 0xBF) {
    return i < s.size() && b(i) >= lo && b(i) <= hi;
  };
  if (s.empty()) return 0;
  const unsigned char c = b(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c >= 0xE1 && c <= 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

namespace {

bool IsControl(uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  // Bidirectional controls reorder what a terminal shows.
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

}  // namespace

int NextChar(std::string_view s, TextPiece::Kind* kind, uint32_t* code_point) {
  const auto c = static_cast<unsigned char>(s[0]);
  int len = 1;
  uint32_t cp = c;
  if (c >= 0x80) {
    len = Utf8SequenceLength(s);
    if (len == 0) {
      *kind = TextPiece::Kind::kInvalid;
      return 1;
    }
    static constexpr uint32_t kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
    cp = c & kLeadMask[len];
    for (int i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
  }
  *code_point = cp;
  *kind = IsControl(cp) ? TextPiece::Kind::kControl : TextPiece::Kind::kPlain;
  return len;
}

namespace {

// The escape of a piece that is not plain, into buf (at least 16 bytes); returns its length.
size_t Escape(const TextPiece& p, char* buf) {
  int n = 0;
  if (p.kind == TextPiece::Kind::kInvalid) {
    n = std::snprintf(buf, 16, "\\x%02x", static_cast<unsigned char>(p.text[0]));
  } else if (p.code_point == '\t') {
    n = std::snprintf(buf, 16, "\t");
  } else if (p.code_point == '\n') {
    n = std::snprintf(buf, 16, "\\n");
  } else if (p.code_point == '\r') {
    n = std::snprintf(buf, 16, "\\r");
  } else if (p.code_point < 0x80) {
    n = std::snprintf(buf, 16, "\\x%02x", p.code_point);
  } else {
    n = std::snprintf(buf, 16, "\\u{%04x}", p.code_point);
  }
  return static_cast<size_t>(n);
}

}  // namespace

void AppendSafeText(std::string_view s, std::string* out) {
  ScanText(s, [out](const TextPiece& p) {
    if (p.kind == TextPiece::Kind::kPlain) {
      out->append(p.text);
      return;
    }
    char buf[16];
    out->append(buf, Escape(p, buf));
  });
}

size_t SafeTextInto(std::string_view s, char* buf, size_t cap) {
  if (buf == nullptr || cap == 0) return 0;
  size_t n = 0;
  bool full = false;
  ScanText(s, [&](const TextPiece& p) {
    if (full) return;
    if (p.kind == TextPiece::Kind::kPlain) {
      bool cut = false;
      const std::string_view fits = CutText(p.text, cap - 1 - n, &cut);
      std::memcpy(buf + n, fits.data(), fits.size());
      n += fits.size();
      full = cut;
      return;
    }
    char esc[16];
    const size_t len = Escape(p, esc);
    if (n + len > cap - 1) {
      full = true;
      return;
    }
    std::memcpy(buf + n, esc, len);
    n += len;
  });
  buf[n] = '\0';
  return n;
}

std::string SafeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendSafeText(s, &out);
  return out;
}

std::string_view CutText(std::string_view s, size_t max_bytes, bool* cut) {
  *cut = s.size() > max_bytes;
  if (!*cut) return s;
  size_t n = max_bytes;
  // Back off over continuation bytes so a character is not split (at most 3).
  for (int k = 0; k < 3 && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80; ++k) --n;
  return s.substr(0, n);
}

}  // namespace dupready
