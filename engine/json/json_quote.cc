// Quoting strings for JSON output and for error messages.
#include "engine/json/json.h"

#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "engine/json/utf8.h"

namespace dupready {

using json_internal::kEscapedChars;
using json_internal::kEscapeLetters;
using json_internal::Utf8SequenceLength;

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  for (size_t i = 0; i < s.size();) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x80) {
      const int len = Utf8SequenceLength(s.substr(i));
      if (len == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.data() + i, len);
        i += len;
      }
      continue;
    }
    const size_t k = u == '/' ? std::string_view::npos : kEscapedChars.find(s[i]);
    if (k != std::string_view::npos) {
      out.push_back('\\');
      out.push_back(kEscapeLetters[k]);
    } else if (u < 0x20) {
      absl::StrAppendFormat(&out, "\\u%04x", u);
    } else {
      out.push_back(static_cast<char>(u));
    }
    ++i;
  }
  out.push_back('"');
  return out;
}

std::string QuoteForMessage(std::string_view s) {
  constexpr size_t kMaxShown = 40;
  bool plain = s.size() <= kMaxShown;
  for (size_t i = 0; plain && i < s.size(); ++i)
    plain = s[i] >= 0x20 && s[i] < 0x7F && s[i] != '\'';
  if (plain) return std::string("'").append(s).append("'");
  if (s.size() <= kMaxShown) return JsonQuote(s);
  std::string out = JsonQuote(s.substr(0, kMaxShown));
  out.insert(out.size() - 1, "...");
  return out;
}

}  // namespace dupready
