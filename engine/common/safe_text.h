// Copyright 2026 The dupready Authors.
//
// safe_text.h: the one rule for showing text that came from outside (rule files, replies,
// snapshots, names a meta server passes): whatever reaches a terminal, a log, the C interface
// or JSON output is valid UTF-8 and holds no character that drives a terminal.
//
//   SafeText("a\x1b]0;owned\x07 \xff")   // -> the 22 characters  a\x1b]0;owned\x07 \xff
//   SafeText("tab\tkept, é kept")        // -> unchanged
//
// ScanText classifies the text once; each output form decides how to write what is not plain:
//   - SafeText (terminals, logs, the C interface): a tab stays; a newline is written \n and a
//     carriage return \r; any other C0 control or DEL is written \xNN; a C1 control or a
//     Unicode bidirectional control (U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069)
//     is written \u{XXXX}; each byte that is not part of well-formed UTF-8 is written \xNN.
//   - JsonQuote (engine/json/json.h): controls become JSON escapes (\n, \u001b, \u202e, ...);
//     each byte of ill-formed UTF-8 becomes U+FFFD.

#ifndef DUPREADY_ENGINE_COMMON_SAFE_TEXT_H_
#define DUPREADY_ENGINE_COMMON_SAFE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dupready {

// Length of the well-formed UTF-8 sequence at the start of `s` (which starts with a byte
// >= 0x80), or 0 if it is ill-formed: overlong forms, surrogates, code points above U+10FFFF
// and sequences cut short are.
int Utf8SequenceLength(std::string_view s);

// One piece of text, as ScanText hands it over.
struct TextPiece {
  enum class Kind : uint8_t {
    kPlain,    // printable characters (ASCII or well-formed UTF-8), to be written as they are
    kControl,  // one control character (C0, DEL, C1) or bidi control: `code_point`
    kInvalid,  // one byte that is not part of well-formed UTF-8: `text[0]`
  } kind;
  std::string_view text;   // the bytes of the piece in the input
  uint32_t code_point = 0;  // kControl only
};

// The first character of `s` (not empty): its length in bytes (1 for an ill-formed byte) and,
// in *kind, whether it is plain, a control or ill-formed; *code_point for a control.
int NextChar(std::string_view s, TextPiece::Kind* kind, uint32_t* code_point);

// Calls fn(const TextPiece&) for each piece of `s` in order: maximal runs of plain text,
// single controls and single invalid bytes. Linear in s.size(); allocates nothing.
template <typename Fn>
void ScanText(std::string_view s, Fn&& fn);

// `s` with every control character and ill-formed byte escaped as described above.
std::string SafeText(std::string_view s);
void AppendSafeText(std::string_view s, std::string* out);

// SafeText(s) into buf[0, cap), NUL-terminated (when cap > 0), cut before the first character
// or escape that does not fit whole. Allocates nothing: for C interfaces that must not fail.
// Returns the length written, without the NUL.
size_t SafeTextInto(std::string_view s, char* buf, size_t cap);

// The first at most `max_bytes` bytes of `s`, not ending inside a UTF-8 character; *cut says
// whether anything was left out (callers then show "..."). For messages about unbounded input.
std::string_view CutText(std::string_view s, size_t max_bytes, bool* cut);

// ---- implementation ------------------------------------------------------------------------

template <typename Fn>
void ScanText(std::string_view s, Fn&& fn) {
  size_t run = 0;  // start of the current plain run
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {  // the common case, without a call
      ++i;
      continue;
    }
    TextPiece::Kind kind;
    uint32_t cp = 0;
    const int len = NextChar(s.substr(i), &kind, &cp);
    if (kind != TextPiece::Kind::kPlain) {
      if (i > run) fn(TextPiece{TextPiece::Kind::kPlain, s.substr(run, i - run), 0});
      fn(TextPiece{kind, s.substr(i, len), cp});
      run = i + len;
    }
    i += len;
  }
  if (i > run) fn(TextPiece{TextPiece::Kind::kPlain, s.substr(run, i - run), 0});
}

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_SAFE_TEXT_H_
