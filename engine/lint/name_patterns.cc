// Whether a regular expression can match inside a Pegasus name, judged from the range RE2
// bounds its matches by (declared in fold.h).
#include <string>

#include "engine/lint/fold.h"
#include "re2/re2.h"

namespace dupready {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == ':' || c == '-';
}

bool PatternCanMatchName(std::string_view pattern, std::string* why) {
  // A match inside a name is a substring made of name characters that the pattern matches
  // whole; RE2 bounds every whole match by [min, max], and every string in that range starts
  // with their common prefix. \b and \B look at the character before the match: give up.
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'b' || pattern[i + 1] == 'B') return true;
    ++i;
  }
  RE2 re(re2::StringPiece(pattern.data(), pattern.size()), RE2::Quiet);
  if (!re.ok()) return true;
  std::string min, max;
  if (!re.PossibleMatchRange(&min, &max, 64)) return true;
  if (min > max) {
    if (why) *why = "it matches nothing at all";
    return false;
  }
  auto shown = [](char ch) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\t') return std::string("'\\t'");
    return c >= 0x20 && c < 0x7f ? std::string("'") + ch + "'" : "byte " + std::to_string(c);
  };
  size_t i = 0;
  for (; i < min.size() && i < max.size() && min[i] == max[i]; ++i) {
    if (IsNameChar(min[i])) continue;
    if (why) {
      *why = "every match starts with \"" + min.substr(0, i + 1) + "\", and " + shown(min[i]) +
             " is not in a name";
    }
    return false;
  }
  // Past the common prefix, a match goes on with a character from min[i] to max[i].
  if (i < min.size() && i < max.size()) {
    const unsigned char lo = static_cast<unsigned char>(min[i]);
    const unsigned char hi = static_cast<unsigned char>(max[i]);
    for (unsigned c = lo; c <= hi; ++c)
      if (IsNameChar(static_cast<char>(c))) return true;
    if (why) {
      *why = (i == 0 ? std::string("every match starts with")
                     : "every match starts with \"" + min.substr(0, i) + "\" and then") +
             " a character from " + shown(min[i]) + " to " + shown(max[i]) +
             ", none of which is in a name";
    }
    return false;
  }
  return true;
}

}  // namespace dupready
