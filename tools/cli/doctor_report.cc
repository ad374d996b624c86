// Text and JSON renderings of doctor's rows: aligned lines and partition maps, or one object.
#include "tools/cli/doctor_report.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/json/json.h"

namespace dupready {
namespace {

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string Name(const DoctorRow& r) { return absl::StrCat(r.dup.app_name, "#", r.dup.dupid); }

std::string Follower(const DoctorRow& r) {
  return absl::StrCat("-> ", r.dup.remote_cluster, ".", r.dup.remote_app_name);
}

// What decided: the partitions that passed, the rule and where it failed, or why no rule could.
std::string Detail(const DoctorRow& r) {
  if (r.ready) return absl::StrCat(r.partitions_checked, " partitions pass");
  if (r.rule.empty()) return absl::StrCat(r.error, "  ", r.message);
  return absl::StrCat(r.error, "  rule ", r.rule,
                      r.partition >= 0 ? absl::StrCat(", first failing partition ", r.partition)
                                       : std::string(", table-level"),
                      ": ", r.message);
}

}  // namespace

void SortRows(std::vector<DoctorRow>* rows) {
  std::stable_sort(rows->begin(), rows->end(), [](const DoctorRow& a, const DoctorRow& b) {
    if (a.ready != b.ready) return !a.ready;
    if (a.dup.app_name != b.dup.app_name) return a.dup.app_name < b.dup.app_name;
    return a.dup.dupid < b.dup.dupid;
  });
}

std::string DoctorText(const std::vector<DoctorRow>& rows, const DoctorSummary& summary) {
  size_t name_w = 0, status_w = 0, follower_w = 0;
  for (const DoctorRow& r : rows) {
    name_w = std::max(name_w, Name(r).size());
    status_w = std::max(status_w, r.dup.status_name.size());
    follower_w = std::max(follower_w, Follower(r).size());
  }
  std::string out;
  int ready = 0;
  for (const DoctorRow& r : rows) {
    ready += r.ready ? 1 : 0;
    absl::StrAppend(&out, r.ready ? "READY      " : "NOT READY  ", Pad(Name(r), name_w), "  ",
                    Pad(r.dup.status_name, status_w), "  ", Pad(Follower(r), follower_w), "  ",
                    Detail(r), "\n");
  }
  if (rows.empty()) absl::StrAppend(&out, "no duplication to judge\n");
  absl::StrAppend(&out, "\n", rows.size(), " duplications of ", summary.tables,
                  " tables judged: ", ready, " ready, ", static_cast<int>(rows.size()) - ready,
                  " not ready");
  if (summary.not_judged > 0)
    absl::StrAppend(&out, "; ", summary.not_judged,
                    " in other statuses not judged (--all judges them)");
  absl::StrAppend(&out, "\n");
  for (const DoctorRow& r : rows) {
    if (r.partition_map.empty()) continue;
    absl::StrAppend(&out, "\n", Name(r), " ", Follower(r), ", ", r.error, ":\n", r.partition_map);
  }
  return out;
}

std::string DoctorJson(const std::vector<DoctorRow>& rows, const DoctorSummary& summary) {
  std::string out = "{\"duplications\":[";
  int ready = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const DoctorRow& r = rows[i];
    ready += r.ready ? 1 : 0;
    // ready..message in the order and form of probe's (and check's) JSON verdict.
    absl::StrAppend(&out, i ? "," : "", "{\"app_name\":", JsonQuote(r.dup.app_name),
                    ",\"dupid\":", r.dup.dupid, ",\"status\":", JsonQuote(r.dup.status_name),
                    ",\"remote_cluster\":", JsonQuote(r.dup.remote_cluster),
                    ",\"remote_app_name\":", JsonQuote(r.dup.remote_app_name),
                    ",\"ready\":", r.ready ? "true" : "false", ",\"error\":", JsonQuote(r.error),
                    ",\"rule\":", JsonQuote(r.rule), ",\"partition\":", r.partition,
                    ",\"message\":", JsonQuote(r.message),
                    ",\"follower_meta\":", JsonQuote(r.follower_meta), "}");
  }
  absl::StrAppend(&out, "],\"judged\":", rows.size(), ",\"judged_ready\":", ready,
                  ",\"judged_not_ready\":", static_cast<int>(rows.size()) - ready,
                  ",\"not_judged\":", summary.not_judged,
                  ",\"source\":{\"meta\":", JsonQuote(summary.source_meta),
                  ",\"listed_by\":", JsonQuote(summary.listed_by), ",\"tables\":", summary.tables,
                  "},\"rules\":", JsonQuote(summary.rules_path),
                  ",\"rules_hash\":", JsonQuote(summary.rules_hash), "}\n");
  return out;
}

}  // namespace dupready
