// ParseBundleUri: a left-to-right scan of zk://hosts/path?query that reports the column of the
// first mistake.
#include "meta_integration/bundles/bundle_uri.h"

#include <cctype>
#include <set>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace dupready {
namespace {

constexpr absl::string_view kScheme = "zk://";
constexpr size_t kMaxUriBytes = 4096;
constexpr size_t kMaxPathBytes = 1024;
constexpr size_t kMaxHosts = 32;

bool NameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

// InvalidArgument: "bad ZooKeeper URI at column N: what", then the URI and a caret.
absl::Status Error(absl::string_view uri, size_t offset, absl::string_view what) {
  std::string shown;
  for (char c : uri) shown.push_back(std::isprint(static_cast<unsigned char>(c)) ? c : '?');
  return absl::InvalidArgumentError(absl::StrCat("bad ZooKeeper URI at column ", offset + 1, ": ",
                                                 what, "\n  ", shown, "\n  ",
                                                 std::string(offset, ' '), "^"));
}

absl::Status ParseHost(absl::string_view uri, size_t at, absl::string_view hp) {
  if (hp.empty()) return Error(uri, at, "empty host (write HOST:PORT)");
  size_t colon;
  if (hp[0] == '[') {
    const size_t close = hp.find(']');
    if (close == absl::string_view::npos) return Error(uri, at, "'[' without ']'");
    for (size_t i = 1; i < close; ++i) {
      if (!std::isxdigit(static_cast<unsigned char>(hp[i])) && hp[i] != ':' && hp[i] != '.')
        return Error(uri, at + i, "not an IPv6 address character");
    }
    if (close == 1) return Error(uri, at, "empty IPv6 address");
    colon = close + 1;
    if (colon >= hp.size() || hp[colon] != ':')
      return Error(uri, at + colon, "expected ':' and a port after the address");
  } else {
    colon = hp.find(':');
    if (colon == absl::string_view::npos)
      return Error(uri, at + hp.size(), "expected ':' and a port (HOST:PORT)");
    if (colon == 0) return Error(uri, at, "empty host name");
    for (size_t i = 0; i < colon; ++i) {
      if (!NameChar(hp[i])) return Error(uri, at + i, "not a host name character");
    }
  }
  absl::string_view port = hp.substr(colon + 1);
  int value = 0;
  bool digits = !port.empty() && port.size() <= 5;
  for (char c : port) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits || !absl::SimpleAtoi(port, &value) || value < 1 || value > 65535)
    return Error(uri, at + colon + 1, "the port must be a number in 1..65535");
  return absl::OkStatus();
}

absl::Status ParsePath(absl::string_view uri, size_t at, absl::string_view path) {
  if (path.size() > kMaxPathBytes) {
    return Error(
        uri, at,
        absl::StrCat("the path has ", path.size(), " bytes; the limit is ", kMaxPathBytes));
  }
  if (path == "/" || path.empty())
    return Error(uri, at, "a path below the root is needed, e.g. /pegasus/c1/dupready");
  size_t pos = 1;  // after the leading '/'
  for (absl::string_view part : absl::StrSplit(path.substr(1), '/')) {
    if (part.empty()) return Error(uri, at + pos, "empty path component");
    if (part == "." || part == "..") return Error(uri, at + pos, "'.' and '..' are not allowed");
    for (size_t i = 0; i < part.size(); ++i) {
      if (!NameChar(part[i]))
        return Error(uri, at + pos + i, "path components use [A-Za-z0-9._-] only");
    }
    pos += part.size() + 1;
  }
  return absl::OkStatus();
}

absl::Status ParseQuery(absl::string_view uri, size_t at, absl::string_view query,
                        BundleSource* out) {
  std::set<std::string> seen;
  size_t pos = at;
  for (absl::string_view item : absl::StrSplit(query, '&')) {
    const size_t eq = item.find('=');
    if (eq == absl::string_view::npos || eq == 0) return Error(uri, pos, "expected KEY=VALUE");
    const std::string key(item.substr(0, eq));
    absl::string_view value = item.substr(eq + 1);
    const size_t vat = pos + eq + 1;
    if (!seen.insert(key).second) return Error(uri, pos, absl::StrCat("'", key, "' given twice"));
    if (value.empty()) return Error(uri, vat, absl::StrCat("'", key, "' needs a value"));
    if (key == "cache") {
      out->cache_dir = std::string(value);
    } else if (key == "session_timeout_ms" || key == "connect_timeout_ms") {
      int ms = 0;
      if (!absl::SimpleAtoi(value, &ms) || ms < 100 || ms > 600000)
        return Error(uri, vat, absl::StrCat(key, " must be a number in 100..600000"));
      (key == "session_timeout_ms" ? out->session_timeout_ms : out->connect_timeout_ms) = ms;
    } else if (key == "id") {
      if (!IsValidNodeName(value))
        return Error(uri, vat, "id must be 1 to 128 of [A-Za-z0-9._:-], not '.' or '..'");
      out->meta_id = std::string(value);
    } else {
      return Error(uri, pos,
                   absl::StrCat("unknown key '", key,
                                "' (known: cache, session_timeout_ms, connect_timeout_ms, id)"));
    }
    pos += item.size() + 1;
  }
  return absl::OkStatus();
}

}  // namespace

bool IsBundleUri(absl::string_view s) { return s.substr(0, kScheme.size()) == kScheme; }

bool IsValidNodeName(absl::string_view name) {
  if (name.empty() || name.size() > 128 || name == "." || name == "..") return false;
  for (char c : name) {
    if (!NameChar(c) && c != ':') return false;
  }
  return true;
}

absl::StatusOr<BundleSource> ParseBundleUri(absl::string_view uri) {
  if (uri.size() > kMaxUriBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("bad ZooKeeper URI: ", uri.size(), " bytes; the limit is ", kMaxUriBytes));
  }
  if (!IsBundleUri(uri)) return Error(uri, 0, "expected zk://HOST:PORT[,HOST:PORT...]/PATH");
  for (size_t i = 0; i < uri.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(uri[i]);
    if (c < 0x21 || c > 0x7e) return Error(uri, i, "spaces and control characters are not allowed");
    if (c == '#') return Error(uri, i, "a fragment ('#') has no meaning here");
  }
  BundleSource out;
  out.uri = std::string(uri);
  const size_t hosts_at = kScheme.size();
  const size_t slash = uri.find('/', hosts_at);
  if (slash == absl::string_view::npos)
    return Error(uri, uri.size(), "expected '/' and the path after the hosts");
  absl::string_view hosts = uri.substr(hosts_at, slash - hosts_at);
  std::vector<absl::string_view> list = absl::StrSplit(hosts, ',');
  if (list.size() > kMaxHosts) {
    return Error(uri, hosts_at, absl::StrCat(list.size(), " hosts; the limit is ", kMaxHosts));
  }
  size_t pos = hosts_at;
  for (absl::string_view hp : list) {
    if (absl::Status s = ParseHost(uri, pos, hp); !s.ok()) return s;
    pos += hp.size() + 1;
  }
  out.hosts = std::string(hosts);
  const size_t question = uri.find('?', slash);
  absl::string_view path = uri.substr(
      slash, question == absl::string_view::npos ? absl::string_view::npos : question - slash);
  if (absl::Status s = ParsePath(uri, slash, path); !s.ok()) return s;
  out.path = std::string(path);
  if (question != absl::string_view::npos) {
    if (question + 1 == uri.size()) return Error(uri, question + 1, "empty query after '?'");
    if (absl::Status s = ParseQuery(uri, question + 1, uri.substr(question + 1), &out); !s.ok())
      return s;
  }
  return out;
}

}  // namespace dupready
