// `dupready test`: finds *.ruletest files, loads the rules each names, judges each case's
// follower and compares the verdict with the expectation.
#include "tools/cli/rule_test.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/rule_set.h"
#include "engine/snapshot/facts_adapter.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/rule_test.pb.h"
#include "tools/cli/rule_test_input.h"

namespace dupready {

const char kRuleTestUsage[] =
    "usage: dupready test [-v] PATH...\n"
    "Runs the rule unit tests in each PATH: a *.ruletest file, or a directory searched for\n"
    "them. A test file (text-format RuleTestFile, tools/cli/rule_test.proto) names a rule file\n"
    "and cases: a follower and the verdict expected of it.\n"
    "  -v, --verbose  also list the cases that pass\n"
    "Exit codes: 0 all passed, 1 some failed, 2 bad usage or no test files.\n";

namespace {

constexpr int64_t kMaxTestFileBytes = 16 << 20;

// Protobuf's text parser reports 0-based positions; collect them as located issues.
class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::string path, const std::string& text) : path_(std::move(path)), text_(text) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    diags.Error(SourceLocation{path_, line + 1, column + 1}, message, text_);
  }
  Diagnostics diags;

 private:
  std::string path_;
  const std::string& text_;
};

std::string Quote(const std::string& s) { return absl::StrCat("\"", s, "\""); }

std::string Describe(const TestExpectation& e) {
  std::vector<std::string> parts;
  if (e.has_ready()) parts.push_back(e.ready() ? "ready" : "not ready");
  if (e.has_error()) parts.push_back("error " + e.error());
  if (e.has_rule()) parts.push_back("rule " + e.rule());
  if (e.has_partition()) parts.push_back(absl::StrCat("partition ", e.partition()));
  if (e.has_message()) parts.push_back("message containing " + Quote(e.message()));
  return absl::StrJoin(parts, ", ");
}

std::string Describe(const Verdict& v) {
  if (v.ready) return "ready";
  return absl::StrCat("not ready, error ", v.error, ", rule ", v.rule, ", partition ", v.partition,
                      ", message ", Quote(v.message));
}

// Why `e` cannot be met by any verdict, or "".
std::string Contradiction(const TestExpectation& e) {
  if (!e.has_ready() && !e.has_error() && !e.has_rule() && !e.has_partition() && !e.has_message())
    return "'expect' is empty: give ready, error, rule, partition or message";
  const bool ok_error = e.has_error() && e.error() == "ERR_OK";
  if ((e.has_ready() && e.ready()) || ok_error) {
    if ((e.has_ready() && !e.ready()) || (e.has_error() && !ok_error) || e.has_rule() ||
        e.has_partition() || e.has_message())
      return "'expect' asks for a ready verdict and for a failure at once";
  }
  return "";
}

bool Meets(const Verdict& v, const TestExpectation& e) {
  if (e.has_ready() && v.ready != e.ready()) return false;
  if (e.has_error() && v.error != e.error()) return false;
  if (e.has_rule() && v.rule != e.rule()) return false;
  if (e.has_partition() && v.partition != e.partition()) return false;
  if (e.has_message() && v.message.find(e.message()) == std::string::npos) return false;
  return true;
}

class Runner {
 public:
  Runner(bool verbose, std::ostream& out) : verbose_(verbose), out_(out) {}

  void File(const std::string& path) {
    absl::StatusOr<std::string> text = ReadWholeFileBounded(path, kMaxTestFileBytes);
    if (!text.ok()) {
      out_ << "FAIL " << path << ": cannot read it: " << text.status().message() << "\n";
      ++failed_;
      return;
    }
    RuleTestFile tests;
    google::protobuf::TextFormat::Parser parser;
    Collector errors(path, *text);
    google::protobuf::TextFormat::ParseInfoTree locations;
    parser.RecordErrorsTo(&errors);
    parser.WriteLocationsTo(&locations);
    if (!parser.ParseFromString(*text, &tests) || errors.diags.has_errors()) {
      out_ << "FAIL " << path << ": not a valid test file\n" << errors.diags.ToString();
      ++failed_;
      return;
    }
    const int cases = tests.cases_size();
    if (tests.rules().empty() || cases == 0) {
      out_ << "FAIL " << path << ": a test file needs 'rules: \"FILE\"' and at least one case\n";
      failed_ += std::max(cases, 1);
      return;
    }
    Limits limits;
    const std::string rules_path = ResolveExtendPath(path, tests.rules());
    auto rules = RuleSet::Load(rules_path, DiskFileReader(limits.max_file_bytes), limits);
    if (!rules.ok()) {
      out_ << "FAIL " << path << ": its rules (" << rules_path << ") did not load, so its " << cases
           << " case" << (cases == 1 ? "" : "s") << " fail:\n"
           << rules.status().message() << "\n";
      failed_ += cases;
      return;
    }
    const auto* field = RuleTestFile::descriptor()->FindFieldByName("cases");
    std::map<std::string, std::string> names;  // name -> where
    for (int i = 0; i < cases; ++i) {
      auto loc = locations.GetLocation(field, i);
      const std::string where = absl::StrCat(path, ":", loc.line + 1, ":", loc.column + 1);
      Case(tests.cases(i), where, path, **rules, &names);
    }
  }

  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  void Fail(const std::string& where, const std::string& name, const std::string& detail) {
    out_ << "FAIL " << where << ": " << name << "\n" << detail;
    ++failed_;
  }

  void Case(const RuleTestCase& c, const std::string& where, const std::string& path,
            const RuleSet& rules, std::map<std::string, std::string>* names) {
    const std::string name = c.name().empty() ? "(unnamed case)" : c.name();
    auto bad = [&](const std::string& why) { Fail(where, name, "  bad case: " + why + "\n"); };
    if (c.name().empty()) return bad("every case needs a 'name'");
    if (auto [it, fresh] = names->emplace(c.name(), where); !fresh)
      return bad("another case has this name, at " + it->second);
    if (!c.has_expect()) return bad("the case has no 'expect'");
    if (std::string why = Contradiction(c.expect()); !why.empty()) return bad(why);
    absl::StatusOr<FollowerSnapshot> snap = CaseFollower(c, path);
    if (!snap.ok()) return bad(std::string(snap.status().message()));
    FollowerFacts facts;
    if (absl::Status s = BuildFacts(*snap, &facts); !s.ok()) return bad(std::string(s.message()));
    const Verdict v = rules.Check(facts);
    if (Meets(v, c.expect())) {
      ++passed_;
      if (verbose_) out_ << "ok   " << where << ": " << name << "\n";
      return;
    }
    Fail(where, name,
         absl::StrCat("  expected: ", Describe(c.expect()), "\n  got:      ", Describe(v), "\n"));
  }

  bool verbose_;
  std::ostream& out_;
  int passed_ = 0;
  int failed_ = 0;
};

bool HasSuffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int RunRuleTests(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  bool verbose = false;
  std::vector<std::string> paths;
  for (const std::string& a : args) {
    if (a == "-v" || a == "--verbose") {
      verbose = true;
    } else if (a == "--help" || a == "-h") {
      out << kRuleTestUsage;
      return 0;
    } else if (a.size() > 1 && a[0] == '-') {
      err << "dupready test: unknown flag '" << a << "'\n" << kRuleTestUsage;
      return 2;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.empty()) {
    err << "dupready test: no test files or directories given\n" << kRuleTestUsage;
    return 2;
  }
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::follow_directory_symlink, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string f = it->path().string();
        if (HasSuffix(f, ".ruletest") && !fs::is_directory(it->path(), ec)) found.push_back(f);
      }
      if (ec) {
        err << "dupready test: cannot search " << p << ": " << ec.message() << "\n";
        return 2;
      }
      if (found.empty()) {
        err << "dupready test: no *.ruletest files under " << p << "\n";
        return 2;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      err << "dupready test: " << p << ": no such file or directory\n";
      return 2;
    }
  }
  Runner runner(verbose, out);
  for (const std::string& f : files) runner.File(f);
  out << runner.passed() << " passed, " << runner.failed() << " failed\n";
  return runner.failed() == 0 ? 0 : 1;
}

}  // namespace dupready
