// The Pegasus shell's table JSON <-> QueryConfigResponse, with located errors.
#include "meta_integration/formats/shell_json.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "engine/json/json.h"
#include "engine/snapshot/snapshot_json.h"

namespace dupready {
namespace {

constexpr std::string_view kInvalidHostPort = "invalid host_port";

class Reader {
 public:
  Reader(std::string_view text, std::string_view filename, Diagnostics* diags)
      : text_(text), filename_(filename), diags_(diags) {}

  void Error(const JsonValue& at, std::string message) {
    diags_->Error(LocationOf(filename_, at), std::move(message), text_);
  }

  const JsonValue* Section(const JsonValue& root, const char* name) {
    const JsonValue* v = root.Find(name);
    if (v == nullptr) {
      Error(root, absl::StrCat("no \"", name, "\" section: paste the output of `app NAME -d -j`"));
      return nullptr;
    }
    if (!v->is_object()) {
      Error(*v, absl::StrCat("\"", name, "\" must be an object"));
      return nullptr;
    }
    return v;
  }

  // A field printed as a string ("3"); a plain JSON number is accepted too.
  bool Int(const JsonValue& obj, const char* key, int64_t min, int64_t max, int64_t* out) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr) {
      Error(obj, absl::StrCat("missing \"", key, "\""));
      return false;
    }
    bool ok = v->is_string() ? absl::SimpleAtoi(v->string_value(), out)
                             : v->is_number() && v->AsInt64(out);
    if (!ok || *out < min || *out > max) {
      Error(*v, absl::StrCat("\"", key, "\" must be an integer from ", min, " to ", max));
      return false;
    }
    return true;
  }

  const std::string* String(const JsonValue& obj, const char* key) {
    const JsonValue* v = obj.Find(key);
    if (v == nullptr) {
      Error(obj, absl::StrCat("missing \"", key, "\""));
      return nullptr;
    }
    if (!v->is_string()) {
      Error(*v, absl::StrCat("\"", key, "\" must be a string"));
      return nullptr;
    }
    return &v->string_value();
  }

  bool Partition(const JsonMember& m, PartitionConfig* p) {
    const JsonValue& row = m.value;
    if (!row.is_object()) {
      Error(row, "each entry of \"replicas\" must be an object");
      return false;
    }
    int64_t pidx, ballot;
    if (!Int(row, "pidx", 0, (1 << 20) - 1, &pidx) ||
        !Int(row, "ballot", INT64_MIN, INT64_MAX, &ballot))
      return false;
    if (m.key != std::to_string(pidx)) {
      Error(row, absl::StrCat("entry ", QuoteForMessage(m.key), " holds pidx ", pidx));
      return false;
    }
    p->set_pidx(static_cast<int32_t>(pidx));
    p->set_ballot(ballot);

    const std::string* count = String(row, "replica_count");
    const std::string* primary = String(row, "primary");
    const std::string* secondaries = String(row, "secondaries");
    if (!count || !primary || !secondaries) return false;
    std::vector<std::string> parts = absl::StrSplit(*count, '/');
    int64_t live, configured;
    // The configured count is printed as Pegasus holds it, an i32 that may be 0 or negative.
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &live) ||
        !absl::SimpleAtoi(parts[1], &configured) || live < 0 || configured < INT32_MIN ||
        configured > INT32_MAX) {
      Error(*row.Find("replica_count"),
            absl::StrCat("replica_count must read LIVE/CONFIGURED, e.g. \"2/3\", not ",
                         QuoteForMessage(*count)));
      return false;
    }
    p->set_max_replica_count(static_cast<int32_t>(configured));
    // "-" is the shell's absent primary; set it explicitly, as the snapshot reader does, so
    // both readers give equal messages for the same follower. "" is not something the shell
    // prints (ParseAddress would take it as the invalid address): refuse it.
    Address* primary_address = p->mutable_primary();
    if (*primary != "-" && (primary->empty() || !ParseAddress(*primary, primary_address).ok())) {
      Error(*row.Find("primary"), absl::StrCat("primary must be \"host:port\" or \"-\", not ",
                                               QuoteForMessage(*primary)));
      return false;
    }
    std::string_view list = *secondaries;
    if (list.size() < 2 || list.front() != '[' || list.back() != ']') {
      Error(*row.Find("secondaries"), "secondaries must read \"[host:port,...]\"");
      return false;
    }
    list = list.substr(1, list.size() - 2);
    if (!list.empty()) {
      for (absl::string_view item : absl::StrSplit(absl::string_view(list.data(), list.size()), ',')) {
        Address* a = p->add_secondaries();
        if (p->secondaries_size() > 64) {
          Error(*row.Find("secondaries"), "more than 64 secondaries");
          return false;
        }
        std::string_view s(item.data(), item.size());
        if (s == kInvalidHostPort) continue;  // an invalid entry: the empty Address
        // An empty entry ("[a,,b]", "[a,]") is not an invalid replica: ParseAddress would
        // read "" as one, so refuse it before.
        if (s.empty() || !ParseAddress(s, a).ok()) {
          Error(*row.Find("secondaries"),
                absl::StrCat("secondary ", QuoteForMessage(s),
                             " is not \"host:port\" or \"invalid host_port\""));
          return false;
        }
      }
    }
    const int64_t listed = (p->primary().host().empty() ? 0 : 1) + p->secondaries_size();
    if (listed != live) {
      Error(*row.Find("replica_count"),
            absl::StrCat("replica_count says ", live, " replicas, but the primary and "
                         "secondaries list ", listed));
      return false;
    }
    return true;
  }

 private:
  std::string_view text_;
  std::string_view filename_;
  Diagnostics* diags_;
};

}  // namespace

bool ParseShellJson(std::string_view text, std::string_view filename, QueryConfigResponse* out,
                    Diagnostics* diags, std::string* app_name) {
  const int before = diags->error_count();
  // The shell names each row of "nodes" by its replica server; every invalid one is its own
  // row named "invalid host_port" (its host_port ordering never finds two invalid ones
  // equal), so that section repeats keys. dupready reads nothing there.
  JsonLimits limits;
  limits.repeated_keys_under = {"nodes"};
  std::optional<JsonValue> root = ParseJson(text, filename, diags, limits);
  if (!root) return false;
  Reader r(text, filename, diags);
  if (!root->is_object()) {
    r.Error(*root, "the shell's JSON is an object with \"general\" and \"replicas\" sections");
    return false;
  }
  const JsonValue* general = r.Section(*root, "general");
  const JsonValue* replicas = r.Section(*root, "replicas");
  if (!general || !replicas) return false;
  int64_t app_id, partition_count;
  if (!r.Int(*general, "app_id", 0, INT32_MAX, &app_id) ||
      !r.Int(*general, "partition_count", 0, 1 << 20, &partition_count))
    return false;
  // The shell always prints the table's name; without it the name stays unknown.
  if (const JsonValue* name = general->Find("app_name"); name != nullptr) {
    if (!name->is_string()) {
      r.Error(*name, "\"app_name\" must be a string");
      return false;
    }
    if (app_name != nullptr) *app_name = name->string_value();
  }
  out->Clear();
  out->set_err("ERR_OK");
  out->set_app_id(static_cast<int32_t>(app_id));
  out->set_partition_count(static_cast<int32_t>(partition_count));
  out->set_is_stateful(true);
  std::set<int32_t> seen;
  for (const JsonMember& m : replicas->members()) {
    if (diags->error_count() - before >= 20) break;
    PartitionConfig p;
    if (!r.Partition(m, &p)) continue;
    if (!seen.insert(p.pidx()).second) {
      r.Error(m.value, absl::StrCat("partition ", p.pidx(), " is listed twice"));
      continue;
    }
    *out->add_partitions() = std::move(p);
  }
  std::sort(out->mutable_partitions()->begin(), out->mutable_partitions()->end(),
            [](const PartitionConfig& a, const PartitionConfig& b) { return a.pidx() < b.pidx(); });
  return diags->error_count() == before;
}

std::string ShellJsonFromResponse(const QueryConfigResponse& resp, const std::string& app_name) {
  auto q = [](const std::string& s) { return JsonQuote(s); };
  auto addr = [](const Address& a) {
    return a.host().empty() ? std::string(kInvalidHostPort) : FormatAddress(a);
  };
  std::string out = "{\n    \"parameters\": {\n";
  absl::StrAppend(&out, "        \"app_name\": ", q(app_name), ",\n        \"detailed\": \"true\"\n    },\n");
  const int32_t max_replicas = resp.partitions_size() ? resp.partitions(0).max_replica_count() : 0;
  absl::StrAppend(&out, "    \"general\": {\n        \"app_name\": ", q(app_name),
                  ",\n        \"app_id\": \"", resp.app_id(), "\",\n        \"partition_count\": \"",
                  resp.partition_count(), "\",\n        \"max_replica_count\": \"", max_replicas,
                  "\"\n    },\n    \"replicas\": {");
  // (host, port) -> (primaries, secondaries). Ordered as Pegasus's std::map<host_port>: the
  // invalid entries first, then by host, then by port (not by the "host:port" text). Its
  // ordering never finds two invalid entries equal, so each invalid secondary is a row of its
  // own: `invalid` counts them.
  std::map<std::pair<std::string, uint32_t>, std::pair<int, int>> nodes;
  int invalid = 0;
  auto node = [](const Address& a) {
    return std::make_pair(a.host(), a.host().empty() ? 0u : a.port());
  };
  int fully = 0, write_unhealthy = 0, read_unhealthy = 0;
  for (int i = 0; i < resp.partitions_size(); ++i) {
    const PartitionConfig& p = resp.partitions(i);
    const bool has_primary = !p.primary().host().empty();
    const int live = (has_primary ? 1 : 0) + p.secondaries_size();
    std::string secs;
    for (int s = 0; s < p.secondaries_size(); ++s) {
      absl::StrAppend(&secs, s ? "," : "", addr(p.secondaries(s)));
      if (p.secondaries(s).host().empty()) {
        ++invalid;
      } else {
        ++nodes[node(p.secondaries(s))].second;
      }
    }
    if (has_primary) {
      ++nodes[node(p.primary())].first;
      if (live >= p.max_replica_count()) ++fully;
      else if (live < 2) ++write_unhealthy;
    } else {
      ++write_unhealthy;
      ++read_unhealthy;
    }
    absl::StrAppend(&out, i ? "," : "", "\n        \"", p.pidx(), "\": {\n            \"pidx\": \"",
                    p.pidx(), "\",\n            \"ballot\": \"", p.ballot(),
                    "\",\n            \"replica_count\": \"", live, "/", p.max_replica_count(),
                    "\",\n            \"primary\": ", q(has_primary ? addr(p.primary()) : "-"),
                    ",\n            \"secondaries\": ", q("[" + secs + "]"), "\n        }");
  }
  // rapidjson's PrettyWriter prints an empty object as "{}".
  absl::StrAppend(&out, resp.partitions_size() ? "\n    }" : "}", ",\n    \"nodes\": {");
  int total_p = 0, total_s = 0;
  bool first = true;
  for (int i = 0; i < invalid; ++i) {
    absl::StrAppend(&out, first ? "" : ",", "\n        ", q(std::string(kInvalidHostPort)),
                    ": {\n            \"node\": ", q(std::string(kInvalidHostPort)),
                    ",\n            \"primary\": \"0\",\n            \"secondary\": \"1\",",
                    "\n            \"total\": \"1\"\n        }");
    ++total_s;
    first = false;
  }
  for (const auto& [host_port, counts] : nodes) {
    Address a;
    a.set_host(host_port.first);
    a.set_port(host_port.second);
    const std::string name = addr(a);
    absl::StrAppend(&out, first ? "" : ",", "\n        ", q(name), ": {\n            \"node\": ",
                    q(name), ",\n            \"primary\": \"", counts.first,
                    "\",\n            \"secondary\": \"", counts.second,
                    "\",\n            \"total\": \"", counts.first + counts.second, "\"\n        }");
    total_p += counts.first;
    total_s += counts.second;
    first = false;
  }
  absl::StrAppend(&out, first ? "" : ",", "\n        \"\": {\n            \"node\": \"\",\n",
                  "            \"primary\": \"", total_p, "\",\n            \"secondary\": \"", total_s,
                  "\",\n            \"total\": \"", total_p + total_s, "\"\n        }\n    },\n");
  absl::StrAppend(&out, "    \"healthy\": {\n        \"fully_healthy_partition_count\": \"", fully,
                  "\",\n        \"unhealthy_partition_count\": \"", resp.partition_count() - fully,
                  "\",\n        \"write_unhealthy_partition_count\": \"", write_unhealthy,
                  "\",\n        \"read_unhealthy_partition_count\": \"", read_unhealthy,
                  "\"\n    }\n}\n");
  return out;
}

}  // namespace dupready
