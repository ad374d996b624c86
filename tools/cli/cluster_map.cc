// The follower clusters' metas by name: from a Pegasus config file's [pegasus.clusters] section
// (read line by line, the way Pegasus reads its config, refusing what it would misread), or
// from --cluster flags.
#include "tools/cli/cluster_map.h"

#include <set>
#include <string_view>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "meta_integration/io/bounded_file.h"
#include "meta_integration/wire/wire_text.h"

namespace dupready {
namespace {

constexpr char kClustersSection[] = "pegasus.clusters";
constexpr size_t kMaxMetasPerCluster = 64;

// One line with its comment removed, as Pegasus does: '#' or ';' ends the line, '^#' and '^;'
// stand for the characters themselves.
std::string StripComment(std::string_view line) {
  std::string out;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '#' || c == ';') {
      if (!out.empty() && out.back() == '^') {
        out.back() = c;
        continue;
      }
      break;
    }
    out.push_back(c);
  }
  return out;
}

std::string Trim(std::string_view s) {
  return std::string(absl::StripAsciiWhitespace(absl::string_view(s.data(), s.size())));
}

// A cluster's value: "host:port,host:port" with every port given, no address twice.
absl::StatusOr<std::vector<MetaAddress>> ParseServerList(const std::string& value) {
  std::vector<MetaAddress> out;
  std::set<std::string> seen;
  for (absl::string_view item : absl::StrSplit(value, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) return absl::InvalidArgumentError("an empty address in the list");
    const size_t colon = item.rfind(':');
    if (colon == absl::string_view::npos)
      return absl::InvalidArgumentError(
          absl::StrCat("'", item, "' has no port (Pegasus requires HOST:PORT)"));
    MetaAddress a;
    a.host = std::string(item.substr(0, colon));
    if (!IsSafeHost(a.host))
      return absl::InvalidArgumentError(absl::StrCat("'", item, "': '", a.host,
                                                     "' is not a host name or IPv4 address"));
    if (!absl::SimpleAtoi(item.substr(colon + 1), &a.port) || a.port < 1 || a.port > 65535)
      return absl::InvalidArgumentError(
          absl::StrCat("'", item, "': the port is not a number from 1 to 65535"));
    if (!seen.insert(a.ToString()).second)
      return absl::InvalidArgumentError(absl::StrCat("'", item, "' is listed twice"));
    out.push_back(std::move(a));
    if (out.size() > kMaxMetasPerCluster)
      return absl::InvalidArgumentError(
          absl::StrCat("more than ", kMaxMetasPerCluster, " addresses"));
  }
  return out;
}

}  // namespace

absl::StatusOr<ClusterMap> ParsePegasusClusters(const std::string& text, const std::string& name) {
  ClusterMap clusters;
  std::map<std::string, int> cluster_lines;  // name -> line, for "given twice"
  std::set<std::string> sections;
  std::string section;
  bool in_section = false;
  int lineno = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++lineno;
    auto fail = [&](const std::string& what) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", lineno, ": ", what));
    };
    const std::string line = Trim(StripComment(std::string_view(raw.data(), raw.size())));
    if (line.empty()) continue;
    const size_t eq = line.find('=');
    if (line[0] == '[') {
      if (eq != std::string::npos) return fail("a line starting with '[' holds an '='");
      const size_t close = line.find(']');
      if (close == std::string::npos) return fail("a section header without ']'");
      if (close + 1 != line.size())
        return fail(absl::StrCat("text after the section header: '", line.substr(close + 1), "'"));
      section = Trim(line.substr(1, close - 1));
      if (section.empty()) return fail("an empty section name");
      if (!sections.insert(section).second)
        return fail(absl::StrCat("section [", section, "] is defined twice"));
      in_section = true;
      continue;
    }
    if (!in_section) return fail("a key before any [section]");
    const std::string key = Trim(line.substr(0, eq));
    if (key.empty()) return fail("an empty key");
    if (section != kClustersSection) continue;  // other sections: only their shape matters

    if (eq == std::string::npos)
      return fail(absl::StrCat("'", key, "' has no '= HOST:PORT[,HOST:PORT...]'"));
    if (!IsSafeName(key))
      return fail(absl::StrCat("cluster name '", key, "' is not 1 to ", kMaxNameBytes,
                               " bytes of [A-Za-z0-9_.:-]"));
    if (auto it = cluster_lines.find(key); it != cluster_lines.end())
      return fail(absl::StrCat("cluster ", key, " is defined twice (first on line ", it->second,
                               "; Pegasus would keep that one)"));
    const std::string value = Trim(line.substr(eq + 1));
    if (value.empty()) return fail(absl::StrCat("cluster ", key, " has no meta servers"));
    if (value.size() > 2 && value.front() == '%' && value.back() == '%')
      return fail(absl::StrCat("cluster ", key, " is the unreplaced argument ", value));
    absl::StatusOr<std::vector<MetaAddress>> metas = ParseServerList(value);
    if (!metas.ok()) return fail(absl::StrCat("cluster ", key, ": ", metas.status().message()));
    if (clusters.size() >= kMaxClusters)
      return fail(absl::StrCat("more than ", kMaxClusters, " clusters"));
    cluster_lines[key] = lineno;
    clusters[key] = *std::move(metas);
  }
  return clusters;
}

absl::StatusOr<ClusterMap> ReadPegasusClusters(const std::string& path) {
  absl::StatusOr<std::string> text = ReadWholeFileBounded(path, kMaxPegasusConfigBytes);
  if (!text.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read the Pegasus config ", text.status().message()));
  return ParsePegasusClusters(*text, path);
}

absl::Status AddClusterFlag(const std::string& flag, ClusterMap* map) {
  const size_t eq = flag.find('=');
  if (eq == std::string::npos)
    return absl::InvalidArgumentError(
        absl::StrCat("--cluster '", flag, "' is not NAME=HOST:PORT[,HOST:PORT...]"));
  const std::string name = flag.substr(0, eq);
  if (!IsSafeName(name))
    return absl::InvalidArgumentError(absl::StrCat("--cluster: '", name, "' is not 1 to ",
                                                   kMaxNameBytes, " bytes of [A-Za-z0-9_.:-]"));
  if (map->count(name))
    return absl::InvalidArgumentError(absl::StrCat("--cluster ", name, " is given twice"));
  absl::StatusOr<std::vector<MetaAddress>> metas = ParseMetaList(flag.substr(eq + 1));
  if (!metas.ok())
    return absl::InvalidArgumentError(
        absl::StrCat("--cluster ", name, ": ", metas.status().message()));
  if (map->size() >= kMaxClusters)
    return absl::InvalidArgumentError(absl::StrCat("more than ", kMaxClusters, " --cluster flags"));
  (*map)[name] = *std::move(metas);
  return absl::OkStatus();
}

}  // namespace dupready
