// `dupready lint`: lint each rule file, print every distinct finding in file order, summarise.
#include "tools/cli/lint.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "engine/lint/lint.h"
#include "meta_integration/io/bounded_file.h"

namespace dupready {

const char kLintUsage[] =
    "usage: dupready lint FILE...\n"
    "Reports every load-time error of each rule file (and of the files it extends), then\n"
    "warnings for what loads but cannot be meant: duplicate rule bodies, rules that never\n"
    "apply, never fail or are never reached, rules shadowed by an earlier one, scopes and\n"
    "overlays that match or change nothing, patterns no Pegasus name matches, `else ERR_OK`,\n"
    "and replica counts (1 to 5) no partition requirement applies to.\n"
    "Exit codes: 0 clean, 1 warnings only, 2 errors.\n";

namespace {

std::string Plural(size_t n, const char* word) {
  return absl::StrCat(n, " ", word, n == 1 ? "" : "s");
}

}  // namespace

int RunLint(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  for (const std::string& a : args) {
    if (a == "--help" || a == "-h") {
      out << kLintUsage;
      return 0;
    }
    if (a.size() > 1 && a[0] == '-') {
      err << "dupready lint: unknown flag '" << a << "'\n" << kLintUsage;
      return 2;
    }
    files.push_back(a);
  }
  if (files.empty()) {
    err << "dupready lint: no rule files given\n" << kLintUsage;
    return 2;
  }

  Limits limits;
  const FileReader read = DiskFileReader(limits.max_file_bytes);
  std::vector<Issue> issues;
  std::set<std::tuple<std::string, int, int, int, std::string>> seen;
  for (const std::string& path : files) {
    Diagnostics diags;
    LintRules(path, read, limits, &diags);
    for (const Issue& i : diags.issues()) {
      auto key = std::make_tuple(i.location.file, i.location.line, i.location.column,
                                 static_cast<int>(i.severity), i.message);
      if (seen.insert(key).second) issues.push_back(i);
    }
  }
  std::stable_sort(issues.begin(), issues.end(), [](const Issue& a, const Issue& b) {
    return std::tie(a.location.file, a.location.line, a.location.column) <
           std::tie(b.location.file, b.location.line, b.location.column);
  });
  size_t errors = 0, warnings = 0;
  for (const Issue& i : issues) {
    out << FormatIssue(i);
    errors += i.severity == Severity::kError;
    warnings += i.severity == Severity::kWarning;
  }
  out << "lint: " << Plural(files.size(), "file") << ", ";
  if (errors + warnings == 0) {
    out << "clean\n";
  } else {
    if (errors) out << Plural(errors, "error") << (warnings ? ", " : "");
    if (warnings) out << Plural(warnings, "warning");
    out << "\n";
  }
  return errors ? 2 : warnings ? 1 : 0;
}

}  // namespace dupready
