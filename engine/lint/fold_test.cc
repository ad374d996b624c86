// Tests for folding, structural equality and implication over checked expressions.
#include "engine/lint/fold.h"

#include <memory>

#include "engine/checker/checker.h"
#include "engine/parser/parser.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Parses and checks `expr` as the condition of a partition rule.
class Checked {
 public:
  explicit Checked(const std::string& expr) {
    Diagnostics d;
    file_ = std::make_unique<RuleFile>(ParseRuleFile(
        "t.rules", "partition r: require " + expr + " else ERR_UNKNOWN", Limits(), &d));
    EXPECT_FALSE(d.has_errors()) << expr << "\n" << d.ToString();
    if (file_->directives.size() == 1) {
      CheckRule(*file_, file_->directives[0].rule.get(), Limits(), &regexes_, &d);
      EXPECT_FALSE(d.has_errors()) << expr << "\n" << d.ToString();
    }
  }
  const Expr& expr() const { return *file_->directives.at(0).rule->condition; }

 private:
  std::unique_ptr<RuleFile> file_;
  RegexPool regexes_;
};

std::string Folded(const std::string& expr, Assumptions assume = Assumptions()) {
  Checked c(expr);
  Constant k = Fold(c.expr(), assume);
  switch (k.kind) {
    case Constant::Kind::kBool: return k.b ? "true" : "false";
    case Constant::Kind::kInt: return std::to_string(k.i);
    case Constant::Kind::kString: return "\"" + k.s + "\"";
    case Constant::Kind::kError: return "error " + std::to_string(k.error_code);
    default: return "?";
  }
}

TEST(FoldTest, Constants) {
  const std::pair<const char*, const char*> cases[] = {
      {"1 + 2 > 2", "true"},
      {"size(secondaries) >= 0", "true"},
      {"count(secondaries, s, s.valid) < 0", "false"},
      {"alive_replicas >= 0", "true"},
      {"alive_replicas > 0", "?"},
      {"pidx == pidx", "true"},
      {"pidx != pidx", "false"},
      {"replica_count <= max_replica_count", "true"},
      {"pidx / 0 == 1", "?"},
      {"pidx / 0 == pidx / 0", "?"},
      {"pidx / 0 == 1 or true", "?"},  // the left side is evaluated first, and may fail
      {"true or pidx / 0 == 1", "true"},
      {"false and primary_alive", "false"},
      {"primary_alive and false", "false"},
      {"primary_alive or not primary_alive", "true"},
      {"not primary_alive and primary_alive", "false"},
      {"9223372036854775807 + 1 > 0", "?"},
      {"-9223372036854775807 - 1 < 0", "true"},
      {"10 / 3 == 3 and -7 % 2 == -1", "true"},
      {"rpc_err == ERR_OK", "?"},
      {"ERR_OK != ERR_TIMEOUT", "true"},
      {"dup.remote_app_name =~ \"^temp tables\"", "false"},
      {"dup.remote_cluster_name !~ \"a/b\"", "true"},
      {"dup.remote_app_name =~ \"^temp_\"", "?"},
      {"primary.host =~ \"a b\"", "?"},  // hosts are not names
      {"\"abc\" =~ \"b\"", "true"},
      {"starts_with(\"abc\", \"ab\") and not ends_with(\"abc\", \"ab\")", "true"},
      {"contains(dup.app_name, \"x\")", "?"},
      {"size(\"abc\") == 3", "true"},
      {"pidx in [1, pidx]", "true"},
      {"1 in [2, 3]", "false"},
      {"1 not in [2, 3]", "true"},
      {"pidx in [1, 2]", "?"},
      {"replica_count > 3 and replica_count < 2", "false"},
      {"pidx == 1 and pidx != 1", "false"},
      {"pidx > 3 and pidx < 5", "?"},
      {"pidx >= 1 or pidx < 1", "true"},
      {"pidx != 1 or pidx != 2", "true"},
      {"pidx != 1 or pidx != 1", "?"},
      {"pidx <= 3 or 4 <= pidx", "true"},
      {"pidx <= 3 or pidx > 4", "?"},
      {"pidx + 1 > 3 and pidx + 1 < 2", "?"},  // may fail: then the rule fails, not "false"
      {"rpc_err == ERR_OK or rpc_err != ERR_OK", "true"},
      {"dup.app_name =~ \"x\" or dup.app_name !~ \"x\"", "true"},
      {"pidx in [1, 2] and pidx not in [1, 2]", "false"},
      {"pidx < size(secondaries) or pidx >= size(secondaries)", "true"},
  };
  for (const auto& [expr, want] : cases) EXPECT_EQ(Folded(expr), want) << expr;
}

TEST(FoldTest, Assumptions) {
  Assumptions one, three;
  one.replica_count = 1;
  three.replica_count = 3;
  EXPECT_EQ(Folded("replica_count > 1", one), "false");
  EXPECT_EQ(Folded("replica_count > 1", three), "true");
  EXPECT_EQ(Folded("max_replica_count == 1 and primary_alive", three), "false");
  EXPECT_EQ(Folded("max_replica_count == 1 and primary_alive", one), "?");
  EXPECT_EQ(Folded("replica_count > 1"), "?");
}

TEST(FoldTest, MayFail) {
  EXPECT_TRUE(MayFail(Checked("pidx + 1 > 2").expr()));
  EXPECT_TRUE(MayFail(Checked("all(secondaries, s, s.port / 2 > 0)").expr()));
  EXPECT_FALSE(MayFail(Checked("1 + 1 > pidx").expr()));
  EXPECT_FALSE(MayFail(Checked("size(secondaries) >= 1 and primary_alive").expr()));
  EXPECT_FALSE(MayFail(Checked("true or pidx + 1 > 2").expr()));
}

TEST(FoldTest, PatternsAgainstNames) {
  EXPECT_TRUE(PatternCanMatchName("^backup_"));
  EXPECT_TRUE(PatternCanMatchName(""));
  EXPECT_TRUE(PatternCanMatchName("x|y z"));       // "x" can match
  EXPECT_TRUE(PatternCanMatchName("\\bx y"));      // \b: cannot tell
  EXPECT_TRUE(PatternCanMatchName("(?i)x y"));     // no common prefix to judge by
  std::string why;
  EXPECT_FALSE(PatternCanMatchName("^backup cluster", &why));
  EXPECT_EQ(why, "every match starts with \"backup \", and ' ' is not in a name");
  EXPECT_FALSE(PatternCanMatchName("a/b"));
  EXPECT_FALSE(PatternCanMatchName("[ ]"));
  EXPECT_FALSE(PatternCanMatchName("^temp\\s"));
}

TEST(FoldTest, SameExpr) {
  EXPECT_TRUE(SameExpr(Checked("replica_count > 1").expr(), Checked("max_replica_count > 1").expr()));
  EXPECT_TRUE(SameExpr(Checked("all(secondaries, s, s.valid)").expr(),
                       Checked("all(secondaries, t, t.valid)").expr()));
  EXPECT_FALSE(SameExpr(Checked("dup.partition_count > 1").expr(),
                        Checked("response.partition_count > 1").expr()));
  EXPECT_FALSE(SameExpr(Checked("pidx > 1").expr(), Checked("pidx >= 1").expr()));
}

TEST(FoldTest, Implies) {
  auto implies = [](const std::string& a, const std::string& b) {
    return Implies(Checked(a).expr(), Checked(b).expr());
  };
  EXPECT_TRUE(implies("size(secondaries) >= 2", "size(secondaries) >= 1"));
  EXPECT_FALSE(implies("size(secondaries) >= 1", "size(secondaries) >= 2"));
  EXPECT_TRUE(implies("1 < size(secondaries)", "size(secondaries) > 0"));
  EXPECT_TRUE(implies("pidx == 3", "pidx != 4"));
  EXPECT_TRUE(implies("pidx > 1", "pidx != 0"));
  EXPECT_FALSE(implies("pidx != 0", "pidx > 1"));
  EXPECT_TRUE(implies("primary_alive and pidx > 2", "pidx > 1"));
  EXPECT_TRUE(implies("primary_alive", "pidx > 3 or primary_alive"));
  EXPECT_FALSE(implies("primary_alive", "pidx / 0 > 3 or primary_alive"));  // the left may fail
  EXPECT_TRUE(implies("pidx == 1 or pidx == 2", "pidx < 3"));
  EXPECT_FALSE(implies("pidx == 1 or pidx == 5", "pidx < 3"));
  EXPECT_TRUE(implies("primary_alive", "size(secondaries) >= 0"));  // always true
  EXPECT_FALSE(implies("primary_alive", "alive_replicas >= 1"));
}

}  // namespace
}  // namespace dupready
