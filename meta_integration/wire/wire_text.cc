// Character checks for error names, hosts, and table and cluster names read from the wire.
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

bool IsNameChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

bool IsSafeErrorName(std::string_view name) {
  if (name.empty() || name.size() > kMaxErrorNameBytes) return false;
  for (char c : name)
    if (!IsNameChar(c)) return false;
  return true;
}

bool IsSafeHost(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostBytes) return false;
  for (char c : host)
    if (!IsNameChar(c) && c != '.' && c != '-') return false;
  return true;
}

bool IsSafeName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes) return false;
  for (char c : name)
    if (!IsNameChar(c) && c != '.' && c != ':' && c != '-') return false;
  return true;
}

}  // namespace dupready
