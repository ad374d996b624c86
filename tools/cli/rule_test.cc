// `dupready test`: finds *.ruletest files, loads the rules each names, judges each case's
// follower and compares the verdict with the expectation.
#include "tools/cli/rule_test.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "engine/common/diagnostics.h"
#include "engine/loader/loader.h"
#include "engine/rule_set.h"
#include "engine/snapshot/facts_adapter.h"
#include "google/protobuf/io/tokenizer.h"
#include "google/protobuf/text_format.h"
#include "meta_integration/io/bounded_file.h"
#include "tools/cli/rule_test.pb.h"
#include "tools/cli/context_check.h"
#include "tools/cli/rule_test_input.h"
#include "tools/cli/subcommand.h"

namespace dupready {

const char kRuleTestUsage[] =
    "usage: dupready test [-v] [--against-parent] PATH...\n"
    "Runs the rule unit tests in each PATH: a *.ruletest file, or a directory searched for\n"
    "them. A test file (text-format RuleTestFile, tools/cli/rule_test.proto) names a rule file\n"
    "and cases: a follower and the verdict expected of it.\n"
    "  -v, --verbose       also list the cases that pass\n"
    "  --against-parent    run each file's cases against the rules its rule file extends\n"
    "                      (none: every follower ready) instead; a file passes when at least\n"
    "                      one of its cases fails there, i.e. depends on the file's own rules\n"
    "Exit codes: 0 all passed, 1 some failed, 2 bad usage or no test files.\n";

namespace {

constexpr int64_t kMaxTestFileBytes = 16 << 20;

// Protobuf's text parser reports 0-based positions; collect them as located issues, with the
// byte offset the excerpt is cut at (found scanning forward from the last error's line).
class Collector : public google::protobuf::io::ErrorCollector {
 public:
  Collector(std::string path, const std::string& text) : path_(std::move(path)), text_(text) {}
  void AddError(int line, google::protobuf::io::ColumnNumber column,
                const std::string& message) override {
    diags.Error(SourceLocation{path_, line + 1, column + 1, OffsetOf(line, column)}, message,
                text_);
  }
  Diagnostics diags;

 private:
  int64_t OffsetOf(int line, int column) {
    if (line < line_) line_ = 0, line_start_ = 0;
    while (line_ < line) {
      const size_t nl = text_.find('\n', line_start_);
      if (nl == std::string::npos) return -1;
      line_start_ = nl + 1;
      ++line_;
    }
    const size_t end = std::min(text_.find('\n', line_start_), text_.size());
    return static_cast<int64_t>(std::min(line_start_ + static_cast<size_t>(std::max(column, 0)), end));
  }

  std::string path_;
  const std::string& text_;
  int line_ = 0;            // 0-based
  size_t line_start_ = 0;   // of line_
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

// How a case gives each context value, for the message refusing a case that lacks one.
std::string CaseContextFor(DupField field) {
  switch (field) {
    case DupField::kAppName: return "context { app: \"...\" }";
    case DupField::kRemoteClusterName: return "context { remote_cluster: \"...\" }";
    case DupField::kRemoteAppName: return "context { remote_app: \"...\" }";
    case DupField::kPartitionCount: return "context { partition_count: N }";
    case DupField::kRemoteReplicaCount: return "context { remote_replica_count: N }";
  }
  return "?";
}

// The rules `rules_path` extends, without its own: a rule file of only its `extend` lines,
// loaded under its own name so that the paths resolve alike. Null (with *name "no rules")
// when it extends nothing.
absl::StatusOr<std::unique_ptr<const RuleSet>> LoadParent(const std::string& rules_path,
                                                          std::string* name) {
  Limits limits;
  absl::StatusOr<std::string> text = ReadWholeFileBounded(rules_path, limits.max_file_bytes);
  if (!text.ok()) return text.status();
  absl::StatusOr<std::vector<std::string>> written = ExtendsOf(rules_path, *text, limits);
  if (!written.ok()) return written.status();
  std::string extends;
  std::vector<std::string> parents;
  for (const std::string& target : *written) {
    absl::StrAppend(&extends, "extend ", Quote(target), "\n");
    parents.push_back(ResolveExtendPath(rules_path, target));
  }
  if (parents.empty()) {
    *name = "no rules (every follower ready)";
    return std::unique_ptr<const RuleSet>();
  }
  *name = absl::StrJoin(parents, " + ");
  return RuleSet::FromText(rules_path, extends, DiskFileReader(limits.max_file_bytes), limits);
}

class Runner {
 public:
  Runner(bool verbose, bool against_parent, std::ostream& out)
      : verbose_(verbose), against_parent_(against_parent), out_(out) {}

  void File(const std::string& path) {
    absl::StatusOr<std::string> text = ReadWholeFileBounded(path, kMaxTestFileBytes);
    if (!text.ok()) {
      out_ << "FAIL " << path << ": cannot read it: " << text.status().message() << "\n";
      ++failed_;
      return;
    }
    // An editor's byte order mark is not text format: skip it (line 1's columns then count
    // from the character after it, as in rule files).
    text->erase(0, Utf8BomSize(*text));
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
    std::unique_ptr<const RuleSet> parent;
    std::string parent_name;
    if (against_parent_) {
      auto loaded = LoadParent(rules_path, &parent_name);
      if (!loaded.ok()) {
        out_ << "FAIL " << path << ": the rules " << rules_path << " extends did not load:\n"
             << loaded.status().message() << "\n";
        ++failed_;
        return;
      }
      parent = *std::move(loaded);
    }
    const auto* field = RuleTestFile::descriptor()->FindFieldByName("cases");
    std::map<std::string, std::string> names;  // name -> where
    int bad = 0, unmet = 0;
    for (int i = 0; i < cases; ++i) {
      auto loc = locations.GetLocation(field, i);
      const std::string where = absl::StrCat(path, ":", loc.line + 1, ":", loc.column + 1);
      const RuleTestCase& c = tests.cases(i);
      const std::string name = c.name().empty() ? "(unnamed case)" : c.name();
      std::string detail;
      switch (Case(c, where, path, **rules, parent.get(), &names, &detail)) {
        case Outcome::kBad:
          ++bad;
          Fail(where, name, "  bad case: " + detail + "\n");
          break;
        case Outcome::kMet:
          if (against_parent_) break;
          ++passed_;
          if (verbose_) out_ << "ok   " << where << ": " << name << "\n";
          break;
        case Outcome::kUnmet:
          ++unmet;
          if (against_parent_) {
            if (verbose_) out_ << "     " << where << ": " << name << " fails there\n";
            break;
          }
          Fail(where, name, detail);
          break;
      }
    }
    if (!against_parent_) return;
    // The file passes when some case fails under the parent: that case depends on the file.
    if (bad > 0) return;  // already counted, one failure per malformed case
    if (unmet == 0) {
      out_ << "FAIL " << path << ": all " << cases << " cases give the expected verdict under "
           << parent_name << " too: none depends on " << rules_path << "'s own rules\n";
      ++failed_;
      return;
    }
    out_ << "ok   " << path << ": " << unmet << " of " << cases << " cases fail under "
         << parent_name << "\n";
    ++passed_;
  }

  int passed() const { return passed_; }
  int failed() const { return failed_; }

 private:
  enum class Outcome { kBad, kMet, kUnmet };

  void Fail(const std::string& where, const std::string& name, const std::string& detail) {
    out_ << "FAIL " << where << ": " << name << "\n" << detail;
    ++failed_;
  }

  // Judges case `c` under `rules` (with --against-parent: under `parent`, null for no rules,
  // once the case is one `rules` can judge). *detail: why the case is bad, or what was
  // expected and what the rules said.
  Outcome Case(const RuleTestCase& c, const std::string& where, const std::string& path,
               const RuleSet& rules, const RuleSet* parent,
               std::map<std::string, std::string>* names, std::string* detail) {
    auto bad = [&](const std::string& why) {
      *detail = why;
      return Outcome::kBad;
    };
    if (c.name().empty()) return bad("every case needs a 'name'");
    if (auto [it, fresh] = names->emplace(c.name(), where); !fresh)
      return bad("another case has this name, at " + it->second);
    if (!c.has_expect()) return bad("the case has no 'expect'");
    if (std::string why = Contradiction(c.expect()); !why.empty()) return bad(why);
    absl::StatusOr<FollowerSnapshot> snap = CaseFollower(c, path);
    if (!snap.ok()) return bad(std::string(snap.status().message()));
    FollowerFacts facts;
    if (absl::Status s = BuildFacts(*snap, &facts); !s.ok()) return bad(std::string(s.message()));
    if (std::string missing = MissingContext(rules, facts.unset_dup, CaseContextFor);
        !missing.empty())
      return bad(missing.substr(0, missing.size() - 1));
    Verdict v;
    if (!against_parent_) {
      v = rules.Check(facts);
    } else if (parent != nullptr) {
      v = parent->Check(facts);
    } else {
      v.Reset();  // no rules: ready
    }
    if (Meets(v, c.expect())) return Outcome::kMet;
    *detail =
        absl::StrCat("  expected: ", Describe(c.expect()), "\n  got:      ", Describe(v), "\n");
    return Outcome::kUnmet;
  }

  bool verbose_;
  bool against_parent_;
  std::ostream& out_;
  int passed_ = 0;
  int failed_ = 0;
};

bool HasSuffix(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

int RunRuleTests(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const Subcommand cmd = PathsCommand("test", kRuleTestUsage, {"verbose", "against-parent"},
                                      {{"-v", "verbose"}}, "no test files or directories given");
  Flags flags;
  if (std::optional<int> done = ParseSubcommand(cmd, args, &flags, out, err)) return *done;
  const bool verbose = flags.Has("verbose"), against_parent = flags.Has("against-parent");
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : flags.positional()) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::follow_directory_symlink, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const std::string f = it->path().string();
        if (HasSuffix(f, ".ruletest") && !fs::is_directory(it->path(), ec)) found.push_back(f);
      }
      if (ec) {
        return Fail(cmd, absl::StrCat("cannot search ", p, ": ", ec.message()), err);
      }
      if (found.empty()) {
        return Fail(cmd, absl::StrCat("no *.ruletest files under ", p), err);
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      return Fail(cmd, absl::StrCat(p, ": no such file or directory"), err);
    }
  }
  Runner runner(verbose, against_parent, out);
  for (const std::string& f : files) runner.File(f);
  // With --against-parent the counts are of test files, else of cases.
  out << runner.passed() << " passed, " << runner.failed() << " failed\n";
  return runner.failed() == 0 ? 0 : 1;
}

}  // namespace dupready
