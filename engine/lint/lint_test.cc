// Tests for the static analysis: every file under testdata/lint gets exactly the findings its
// "# expect:" comments list, the shipped rule files are clean, and load errors are Load's.
#include "engine/lint/lint.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <sstream>

#include "engine/common/diagnostics.h"
#include "engine/rule_set.h"
#include "engine/testing/files.h"
#include "engine/testing/follower.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

absl::StatusOr<std::string> Read(const std::string& path) { return testing::ReadTestFile(path); }

struct Expectation {
  int line = 0, column = 0;
  std::string severity, text;
  bool met = false;
};

// "# expect: LINE:COL SEVERITY: TEXT" lines.
std::vector<Expectation> Expectations(const std::string& source) {
  static const std::regex kExpect(R"(# expect: (\d+):(\d+) (error|warning): (.*))");
  std::vector<Expectation> out;
  std::istringstream in(source);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, kExpect)) continue;
    out.push_back(Expectation{std::stoi(m[1]), std::stoi(m[2]), m[3], m[4]});
  }
  return out;
}

const char* SeverityName(Severity s) {
  return s == Severity::kError ? "error" : s == Severity::kWarning ? "warning" : "note";
}

TEST(LintTest, TestdataFilesGetExactlyTheExpectedFindings) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator("testdata/lint"))
    if (entry.path().extension() == ".rules") files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 9u);
  size_t expected = 0;
  for (const std::string& path : files) {
    absl::StatusOr<std::string> source = Read(path);
    ASSERT_TRUE(source.ok()) << source.status();
    std::vector<Expectation> want = Expectations(*source);
    expected += want.size();
    Diagnostics diags;
    LintRules(path, Read, Limits(), &diags);
    for (const Issue& issue : diags.issues()) {
      auto it = std::find_if(want.begin(), want.end(), [&](const Expectation& e) {
        return !e.met && issue.location.file == path && issue.location.line == e.line &&
               issue.location.column == e.column && e.severity == SeverityName(issue.severity) &&
               issue.message.find(e.text) != std::string::npos;
      });
      if (it == want.end()) {
        ADD_FAILURE() << path << ": unexpected finding:\n" << FormatIssue(issue);
      } else {
        it->met = true;
      }
    }
    for (const Expectation& e : want)
      if (!e.met)
        ADD_FAILURE() << path << ": no " << e.severity << " at " << e.line << ":" << e.column
                      << " containing \"" << e.text << "\"; lint said:\n"
                      << diags.ToString();
  }
  EXPECT_GE(expected, 25u);
}

TEST(LintTest, ShippedRuleFilesAreClean) {
  for (const char* path :
       {"rules/default.rules", "rules/legacy.rules", "rules/strict.rules",
        "rules/examples/backup_cluster_strict.rules", "rules/examples/single_replica.rules",
        "rules/examples/temp_tables_relaxed.rules"}) {
    Diagnostics diags;
    LintRules(path, Read, Limits(), &diags);
    EXPECT_TRUE(diags.issues().empty()) << path << "\n" << diags.ToString();
  }
}

TEST(LintTest, LoadErrorsAreTheLoadersOwn) {
  const std::string path = "testdata/lint/load_errors.rules";
  Diagnostics lint, load;
  LintRules(path, Read, Limits(), &lint);
  EXPECT_FALSE(RuleSet::Load(path, Read, Limits(), &load).ok());
  EXPECT_EQ(lint.ToString(), load.ToString());
  EXPECT_EQ(lint.error_count(), 2);
}

TEST(LintTest, UnreadableFileIsAnError) {
  Diagnostics diags;
  LintRules("testdata/lint/no_such_file.rules", Read, Limits(), &diags);
  EXPECT_EQ(diags.error_count(), 1);
  EXPECT_NE(diags.ToString().find("cannot read rule file"), std::string::npos) << diags.ToString();
}

// A deep, wide condition: the analysis stays quick (its implication work is bounded).
TEST(LintTest, LargeConditionsStayCheap) {
  // Depth is limited at load (32 levels): a balanced tree of 4096 comparisons.
  std::vector<std::string> terms;
  for (int i = 0; i < 4096; ++i) terms.push_back("pidx != " + std::to_string(i));
  while (terms.size() > 1) {
    std::vector<std::string> next;
    for (size_t i = 0; i + 1 < terms.size(); i += 2) next.push_back("(" + terms[i] + " and " + terms[i + 1] + ")");
    terms = next;
  }
  std::string text;
  for (int r = 0; r < 20; ++r)
    text += "partition r" + std::to_string(r) + ":\n  require " + terms[0] + "\n  else ERR_UNKNOWN\n";
  auto read = [&](const std::string& p) -> absl::StatusOr<std::string> {
    if (p == "big.rules") return text;
    return absl::NotFoundError(p);
  };
  Limits limits;  // far beyond the default node and cost budgets: this is about lint's time
  limits.max_nodes = 1 << 20;
  limits.max_check_cost = 0;
  Diagnostics diags;
  LintRules("big.rules", read, limits, &diags);
  EXPECT_FALSE(diags.has_errors()) << diags.ToString().substr(0, 2000);
  // Identical rules: each later one is shadowed by the first. The 4096 constants pidx is
  // compared with would need more configurations than the floor check evaluates: it says so.
  EXPECT_EQ(diags.issues().size(), 20u) << diags.ToString().substr(0, 2000);
  EXPECT_EQ(diags.issues().front().message.rfind("floor: not checked, so it is unknown whether "
                                                 "these rules make READY a follower with a "
                                                 "failed call",
                                                 0),
            0u)
      << diags.ToString().substr(0, 2000);
}

}  // namespace
}  // namespace dupready
