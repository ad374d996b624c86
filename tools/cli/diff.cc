// `dupready diff`: the semantic difference of two rule files, printed for people or as JSON.
#include "tools/cli/diff.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/analysis/verdict_diff.h"
#include "engine/json/json.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kDiffUsage[] =
    "usage: dupready diff OLD NEW [--format text|json] [--max-classes N]\n"
    "Evaluates both rule files over a bounded space of follower configurations (replica\n"
    "counts 1-5, primary and 0-4 secondaries each valid or not, table-level variations,\n"
    "values around every constant the rules compare with, the clusters and apps their scopes\n"
    "name) and lists each class of configurations whose verdict changes.\n"
    "Exit codes: 0 equivalent on that space, 1 different, 2 bad usage or rules.\n";

namespace {

std::string Count(int64_t n, const char* one, const char* many) {
  return absl::StrCat(n, " ", n == 1 ? one : many);
}

// "ERR_NOT_ENOUGH_MEMBER (rule enough_members, partition 0): partition 0 has no secondary"
std::string VerdictLine(const Verdict& v) {
  if (v.ready) return "ready";
  return absl::StrCat(v.error, " (rule ", v.rule,
                      v.partition >= 0 ? absl::StrCat(", partition ", v.partition) : ", table-level",
                      "): ", v.message);
}

std::string Text(const DiffResult& d, const std::string& old_path, const std::string& new_path) {
  std::string out = absl::StrCat("diff ", old_path, " -> ", new_path, ": ");
  if (d.equivalent()) {
    absl::StrAppend(&out, "equivalent on ", Count(d.configs, "configuration", "configurations"),
                    "\n");
  } else {
    const int64_t classes = static_cast<int64_t>(d.classes.size()) + d.classes_omitted;
    absl::StrAppend(&out, Count(d.changed, "configuration changes", "configurations change"),
                    " verdict (of ", d.configs, "), in ", Count(classes, "class", "classes"), "\n");
  }
  // Classes come grouped by change (from -> to); each group opens with its total.
  for (size_t i = 0; i < d.classes.size(); ++i) {
    const DiffClass& c = d.classes[i];
    if (i == 0 || c.from != d.classes[i - 1].from || c.to != d.classes[i - 1].to) {
      int64_t total = 0, n = 0;
      for (const DiffClass& o : d.classes)
        if (o.from == c.from && o.to == c.to) total += o.count, ++n;
      absl::StrAppend(&out, "\n", c.from, " -> ", c.to, ": ",
                      Count(total, "configuration", "configurations"),
                      n > 1 ? absl::StrCat(" in ", n, " classes") : "", "\n");
    }
    absl::StrAppend(&out, "  - ", Count(c.count, "configuration", "configurations"), " where ",
                    absl::StrJoin(c.where, "; "), "\n");
    absl::StrAppend(&out, "    e.g. ", c.example, "\n");
    absl::StrAppend(&out, "      old: ", VerdictLine(c.old_verdict), "\n");
    absl::StrAppend(&out, "      new: ", VerdictLine(c.new_verdict), "\n");
  }
  if (d.classes_omitted > 0)
    absl::StrAppend(&out, "\n... and ", Count(d.classes_omitted, "more class", "more classes"),
                    " (--max-classes)\n");
  absl::StrAppend(&out, "\nspace: ", d.configs,
                  " configurations; verdicts compared by readiness, error code and first failing "
                  "partition (not messages)\n",
                  d.space);
  return out;
}

std::string VerdictJson(const Verdict& v) {
  return absl::StrCat("{\"ready\":", v.ready ? "true" : "false", ",\"error\":", JsonQuote(v.error),
                      ",\"rule\":", JsonQuote(v.rule), ",\"partition\":", v.partition,
                      ",\"message\":", JsonQuote(v.message), "}");
}

std::string Json(const DiffResult& d, const std::string& old_path, const std::string& new_path) {
  std::string out = absl::StrCat("{\"old\":", JsonQuote(old_path), ",\"new\":", JsonQuote(new_path),
                                 ",\"equivalent\":", d.equivalent() ? "true" : "false",
                                 ",\"configurations\":", d.configs, ",\"changed\":", d.changed,
                                 ",\"classes\":[");
  for (size_t i = 0; i < d.classes.size(); ++i) {
    const DiffClass& c = d.classes[i];
    std::vector<std::string> where;
    for (const std::string& w : c.where) where.push_back(JsonQuote(w));
    absl::StrAppend(&out, i ? "," : "", "{\"from\":", JsonQuote(c.from), ",\"to\":", JsonQuote(c.to),
                    ",\"count\":", c.count, ",\"where\":[", absl::StrJoin(where, ","),
                    "],\"example\":", JsonQuote(c.example), ",\"old\":", VerdictJson(c.old_verdict),
                    ",\"new\":", VerdictJson(c.new_verdict), "}");
  }
  absl::StrAppend(&out, "],\"classes_omitted\":", d.classes_omitted, "}\n");
  return out;
}

}  // namespace

int RunDiff(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = {"diff", kDiffUsage, /*with_value=*/{"format"}, /*switches=*/{},
                          /*repeatable=*/{}, /*ints=*/{{"max-classes", 100, 1, 100000}},
                          /*args=*/{2, 2, "expected two rule files, OLD and NEW"}};
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const std::string format = flags.Get("format", "text");
  if (format != "text" && format != "json")
    return Fail(cmd, absl::StrCat("--format must be text or json, not '", format, "'"), err);
  const std::string& old_path = flags.positional()[0];
  const std::string& new_path = flags.positional()[1];
  Limits limits;
  DiffOptions options;
  options.max_classes = static_cast<int>(flags.Int("max-classes"));
  absl::StatusOr<DiffResult> d =
      DiffRuleFiles(old_path, new_path, DiskFileReader(limits.max_file_bytes), limits, options);
  if (!d.ok()) {
    err << (absl::IsResourceExhausted(d.status()) ? "dupready diff: " : "") << d.status().message()
        << "\n";
    return 2;
  }
  out << (format == "json" ? Json(*d, old_path, new_path) : Text(*d, old_path, new_path));
  return d->equivalent() ? 0 : 1;
}

}  // namespace dupready
