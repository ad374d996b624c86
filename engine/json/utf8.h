// Copyright 2026 The dupready Authors.
//
// utf8.h (internal to engine/json): the UTF-8 and escape rules the JSON reader (json.cc) and
// the quoter (json_quote.cc) share; measuring UTF-8 is engine/common/safe_text.h's.
//
//   AppendUtf8(0x20AC, &out);  // appends "\xE2\x82\xAC"

#ifndef DUPREADY_ENGINE_JSON_UTF8_H_
#define DUPREADY_ENGINE_JSON_UTF8_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dupready {
namespace json_internal {

// Appends code point `cp` (not a surrogate, at most U+10FFFF) as UTF-8.
void AppendUtf8(uint32_t cp, std::string* out);

// The short escapes both ways: kEscapeLetters[i] after '\' stands for kEscapedChars[i].
inline constexpr std::string_view kEscapeLetters = "\"\\/bfnrt";
inline constexpr std::string_view kEscapedChars = "\"\\/\b\f\n\r\t";

}  // namespace json_internal
}  // namespace dupready

#endif  // DUPREADY_ENGINE_JSON_UTF8_H_
