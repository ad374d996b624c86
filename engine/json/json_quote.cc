// Quoting strings for JSON output and for error messages.
#include "engine/json/json.h"

#include <string>
#include <string_view>

#include "absl/strings/str_format.h"
#include "engine/common/safe_text.h"
#include "engine/json/utf8.h"

namespace dupready {

using json_internal::kEscapedChars;
using json_internal::kEscapeLetters;

std::string JsonQuote(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  out.push_back('"');
  ScanText(s, [&out](const TextPiece& p) {
    switch (p.kind) {
      case TextPiece::Kind::kPlain:
        for (char c : p.text) {
          if (c == '"' || c == '\\') out.push_back('\\');
          out.push_back(c);
        }
        return;
      case TextPiece::Kind::kInvalid:
        out += "\\ufffd";
        return;
      case TextPiece::Kind::kControl: {
        const size_t k = p.code_point < 0x80 && p.code_point != '/'
                             ? kEscapedChars.find(static_cast<char>(p.code_point))
                             : std::string_view::npos;
        if (k != std::string_view::npos) {
          out.push_back('\\');
          out.push_back(kEscapeLetters[k]);
        } else {
          absl::StrAppendFormat(&out, "\\u%04x", p.code_point);
        }
        return;
      }
    }
  });
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
