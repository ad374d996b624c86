// Tests for the checker: types and resolutions it records, and golden messages for mistakes.
#include "engine/checker/checker.h"

#include "engine/parser/parser.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

// Parses and checks every rule in `text`; returns the rendered issues.
std::string CheckText(const std::string& text, RuleFile* out = nullptr) {
  Diagnostics d;
  RuleFile f = ParseRuleFile("t.rules", text, Limits(), &d);
  RegexPool regexes;
  for (Directive& dir : f.directives) {
    if (dir.kind == Directive::Kind::kRule) CheckRule(f, dir.rule.get(), Limits(), &regexes, &d);
    if (dir.kind == Directive::Kind::kScope) CheckScope(f, dir.scope.get(), Limits(), &regexes, &d);
  }
  if (out) *out = std::move(f);
  return d.ToString();
}

TEST(CheckerTest, ResolvesFactsAndTypes) {
  RuleFile f;
  ASSERT_EQ(CheckText("partition r: when replica_count > 1 require primary.port >= 1 and "
                      "count(secondaries, s, s.valid) >= 1 else ERR_NOT_ENOUGH_MEMBER \"{primary}\"",
                      &f),
            "");
  const Rule& r = *f.directives[0].rule;
  const Expr& guard_left = *r.guard->args[0];
  EXPECT_EQ(guard_left.res.kind, Resolution::Kind::kFact);
  EXPECT_EQ(guard_left.res.fact, FactId::kMaxReplicaCount);  // replica_count is an alias
  EXPECT_EQ(guard_left.type, Type::Of(TypeKind::kInt));
  const Expr& port = *r.condition->args[0]->args[0];
  EXPECT_EQ(port.res.fact, FactId::kAddressPort);
  EXPECT_EQ(r.error->res.error_code, 19);  // ERR_NOT_ENOUGH_MEMBER
  EXPECT_EQ(r.message.pieces[0].expr->type, Type::Of(TypeKind::kAddress));
}

struct ErrorCase {
  const char* input;
  const char* error;
};

TEST(CheckerTest, GoldenErrors) {
  const ErrorCase cases[] = {
      {"partition x: require primary_alvie else ERR_UNKNOWN",
       "t.rules:1:22: error: unknown name 'primary_alvie'; did you mean 'primary_alive'?\n"},
      {"partition x: require true else ERR_NOT_ENOUGH_MEMBERS",
       "t.rules:1:32: error: unknown error code 'ERR_NOT_ENOUGH_MEMBERS'; did you mean "
       "'ERR_NOT_ENOUGH_MEMBER'?\n"},
      {"partition x: require dup.remote_app == \"a\" else ERR_UNKNOWN",
       "t.rules:1:26: error: 'remote_app' is not a field of dup; did you mean 'remote_app_name'?\n"},
      {"partition x: require primary.hots == \"a\" else ERR_UNKNOWN",
       "t.rules:1:30: error: 'hots' is not a field of address; did you mean 'host'?\n"},
      {"partition x: require dup.app_name =~ \"^temp_(\" else ERR_UNKNOWN",
       "t.rules:1:38: error: bad regular expression: missing ): ^temp_(\n"},
      {"partition x: require dup.app_name =~ dup.remote_app_name else ERR_UNKNOWN",
       "t.rules:1:42: error: the pattern after '=~' must be a string literal: it is compiled when "
       "the file loads\n"},
      {"partition x: require replica_count == \"3\" else ERR_UNKNOWN",
       "t.rules:1:36: error: cannot compare int with string\n"},
      {"partition x: require rpc_err == \"ERR_OK\" else ERR_UNKNOWN",
       "t.rules:1:30: error: cannot compare error code with string; write error codes bare, as in "
       "ERR_OK, not \"ERR_OK\"\n"},
      {"partition x: require replica_count else ERR_UNKNOWN",
       "t.rules:1:22: error: a requirement must be bool, but this is int\n"},
      {"partition x: require true else \"ERR_UNKNOWN\"",
       "t.rules:1:32: error: the error after 'else' must be error code, but this is string\n"},
      {"table t: require pidx == 1 else ERR_UNKNOWN",
       "t.rules:1:18: error: 'pidx' is a fact of one partition: use it in a partition rule, or as "
       "p.pidx inside all(response.partitions, p, ...)\n"},
      {"partition x: require size(response.partitions) > 0 else ERR_UNKNOWN",
       "t.rules:1:36: error: response.partitions is only available in table rules (a partition "
       "rule already runs once per partition)\n"},
      {"table t: require all(response.partitions, p, any(response.partitions, q, q.pidx == p.pidx)) "
       "else ERR_UNKNOWN",
       "t.rules:1:46: error: a quantifier over response.partitions cannot be nested inside another "
       "one (its cost would grow with the square of the partitions)\n"},
      {"partition x: require all(secondaries, pidx, pidx.valid) else ERR_UNKNOWN",
       "t.rules:1:39: error: variable 'pidx' would hide the fact of that name; choose another name\n"},
      {"partition x: require all(secondaries, s) else ERR_UNKNOWN",
       "t.rules:1:22: error: all() takes 3 arguments: all(LIST, VARIABLE, CONDITION)\n"},
      {"partition x: require lenght(secondaries) > 0 else ERR_UNKNOWN",
       "t.rules:1:22: error: unknown function 'lenght' (the functions are all, any, count, sum, "
       "min, max, size, starts_with, ends_with, contains)\n"},
      {"partition x: require siez(secondaries) > 0 else ERR_UNKNOWN",
       "t.rules:1:22: error: unknown function 'siez'; did you mean 'size'? (the functions are "
       "all, any, count, sum, min, max, size, starts_with, ends_with, contains)\n"},
      {"partition x: require summ(secondaries, s, s.port) > 0 else ERR_UNKNOWN",
       "t.rules:1:22: error: unknown function 'summ'; did you mean 'sum'? (the functions are "
       "all, any, count, sum, min, max, size, starts_with, ends_with, contains)\n"},
      {"partition x: require sum(secondaries, s, s.valid) > 0 else ERR_UNKNOWN",
       "t.rules:1:44: error: the expression of sum() must be int, but this is bool\n"},
      {"partition x: require sum(secondaries, s) > 0 else ERR_UNKNOWN",
       "t.rules:1:22: error: sum() takes 3 arguments: sum(LIST, VARIABLE, EXPRESSION); the sum of "
       "an empty list is 0\n"},
      {"partition x: require min(secondaries, s, s.port) > 0 else ERR_UNKNOWN",
       "t.rules:1:22: error: min() takes 4 arguments: min(LIST, VARIABLE, EXPRESSION, IF_EMPTY): "
       "IF_EMPTY is the value when the list is empty\n"},
      {"partition x: require max(secondaries, s, s.port, s.port) > 0 else ERR_UNKNOWN",
       "t.rules:1:50: error: unknown name 's'\n"},
      {"partition x: require max(pidx, s, s, 0) > 0 else ERR_UNKNOWN",
       "t.rules:1:26: error: max() goes over a list, but this is int\n"},
      {"table t: require sum(response.partitions, p, max(response.partitions, q, q.pidx, 0)) > 0 "
       "else ERR_UNKNOWN",
       "t.rules:1:46: error: a quantifier over response.partitions cannot be nested inside another "
       "one (its cost would grow with the square of the partitions)\n"},
      {"partition x: require sum(secondaries, a, sum(last_drops, b, min(last_drops, c, 1, 0))) > 0 "
       "else ERR_UNKNOWN",
       "t.rules:1:61: error: quantifiers nest at most 2 deep\n"},
      {"partition x: require pidx in [1, \"2\"] else ERR_UNKNOWN",
       "t.rules:1:34: error: each item of the list must be int, but this is string\n"},
      {"partition x: require [1] == [1] else ERR_UNKNOWN",
       "t.rules:1:22: error: a list literal can only follow 'in' or 'not in'\n"
       "t.rules:1:29: error: a list literal can only follow 'in' or 'not in'\n"},
      {"partition x: require true else rpc_err \"{dup}\"",
       "t.rules:1:42: error: 'dup' is a group of facts; name one, e.g. 'dup.remote_app_name'\n"},
      {"scope response.err == ERR_OK { }",
       "t.rules:1:7: error: a scope condition can only use dup.* facts, not 'response': scopes are "
       "decided once per duplication, before the reply is read\n"},
      {"partition x: require all(secondaries, a, all(last_drops, b, all(last_drops, c, true))) "
       "else ERR_UNKNOWN",
       "t.rules:1:61: error: quantifiers nest at most 2 deep\n"},
  };
  for (const ErrorCase& c : cases) {
    std::string got = CheckText(c.input);
    // Compare the first line of each message (the quoted line and caret are tested elsewhere).
    std::string first;
    for (size_t at = 0; at < got.size();) {
      size_t nl = got.find('\n', at);
      std::string line = got.substr(at, nl - at);
      if (line.rfind("t.rules:", 0) == 0) first += line + "\n";
      at = nl + 1;
    }
    EXPECT_EQ(first, c.error) << c.input;
  }
}

TEST(CheckerTest, ReportsEveryBadRule) {
  std::string got = CheckText(
      "partition a: require nope else ERR_UNKNOWN\n"
      "partition b: require true else ERR_NOPE\n"
      "partition c: require true else ERR_UNKNOWN\n");
  EXPECT_NE(got.find("t.rules:1:22:"), std::string::npos);
  EXPECT_NE(got.find("t.rules:2:32:"), std::string::npos);
  EXPECT_EQ(got.find("t.rules:3:"), std::string::npos);
}

TEST(CheckerTest, RegexMemoryIsBounded) {
  Diagnostics d;
  RuleFile f = ParseRuleFile(
      "t.rules", "partition x: require primary.host =~ \"(abc|def){1000}\" else ERR_UNKNOWN",
      Limits(), &d);
  RegexPool regexes;
  Limits limits;
  limits.max_regex_memory = 64 << 10;
  EXPECT_FALSE(CheckRule(f, f.directives[0].rule.get(), limits, &regexes, &d));
  EXPECT_NE(d.ToString().find("bad regular expression: pattern too large"), std::string::npos)
      << d.ToString();
  // The same pattern fits in the default budget: the limit, not the pattern, rejected it.
  Diagnostics ok;
  RegexPool more;
  EXPECT_TRUE(CheckRule(f, f.directives[0].rule.get(), Limits(), &more, &ok)) << ok.ToString();
}

}  // namespace
}  // namespace dupready
