// Tests for the parser: the tree it builds, and golden messages for malformed rule files.
#include "engine/parser/parser.h"

#include "gtest/gtest.h"

namespace dupready {
namespace {

// A compact dump of an expression tree, to compare against.
std::string Dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kInt: return std::to_string(e.int_value);
    case ExprKind::kBool: return e.bool_value ? "true" : "false";
    case ExprKind::kString: return "\"" + e.text + "\"";
    case ExprKind::kName: return e.text;
    case ExprKind::kField: return Dump(*e.args[0]) + "." + e.text;
    case ExprKind::kUnary: return std::string("(") + OpSpelling(e.op) + " " + Dump(*e.args[0]) + ")";
    case ExprKind::kBinary:
      return "(" + Dump(*e.args[0]) + " " + OpSpelling(e.op) + " " + Dump(*e.args[1]) + ")";
    case ExprKind::kCall:
    case ExprKind::kList: {
      std::string s = e.kind == ExprKind::kCall ? e.text + "(" : "[";
      for (size_t i = 0; i < e.args.size(); ++i) s += (i ? ", " : "") + Dump(*e.args[i]);
      return s + (e.kind == ExprKind::kCall ? ")" : "]");
    }
  }
  return "?";
}

RuleFile Parse(const std::string& text, Diagnostics* d) {
  return ParseRuleFile("t.rules", text, Limits(), d);
}

struct ErrorCase {
  const char* input;
  const char* error;
};

TEST(ParserTest, ExpressionPrecedence) {
  const std::pair<const char*, const char*> cases[] = {
      {"a or b and not c", "(a or (b and (not c)))"},
      {"1 + 2 * 3 - 4 % 5", "((1 + (2 * 3)) - (4 % 5))"},
      {"x.y.z >= -3", "(x.y.z >= -3)"},
      {"n not in [1, 2]", "(n not in [1, 2])"},
      {"all(s, v, v.valid) and size(s) == 2", "(all(s, v, v.valid) and (size(s) == 2))"},
      {"h =~ \"^a\" or h !~ \"b$\"", "((h =~ \"^a\") or (h !~ \"b$\"))"},
      {"-(a + 1)", "(- (a + 1))"},
  };
  for (const auto& [input, want] : cases) {
    Diagnostics d;
    RuleFile f = Parse(std::string("partition r: require ") + input + " else ERR_UNKNOWN", &d);
    ASSERT_FALSE(d.has_errors()) << input << "\n" << d.ToString();
    ASSERT_EQ(f.directives.size(), 1u);
    EXPECT_EQ(Dump(*f.directives[0].rule->condition), want) << input;
  }
}

TEST(ParserTest, RuleForms) {
  Diagnostics d;
  RuleFile f = Parse(R"(
extend "default.rules"
disable a, b
replace partition enough_members:
  when replica_count > 1
  require size(secondaries) >= 1
  else ERR_NOT_ENOUGH_MEMBER "p {pidx} of {{braces}}"
partition single before enough_members: when replica_count == 1 primary_alive suffices
scope dup.remote_app_name =~ "^temp_" {
  table t after x: require true else rpc_err
}
)",
                     &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  ASSERT_EQ(f.directives.size(), 5u);
  EXPECT_EQ(f.directives[0].path, "default.rules");
  ASSERT_EQ(f.directives[1].names.size(), 2u);
  const Rule& r = *f.directives[2].rule;
  EXPECT_TRUE(r.replace);
  EXPECT_EQ(r.stage, Stage::kPartition);
  EXPECT_EQ(Dump(*r.guard), "(replica_count > 1)");
  ASSERT_EQ(r.message.pieces.size(), 3u);
  EXPECT_EQ(r.message.pieces[0].literal, "p ");
  EXPECT_EQ(Dump(*r.message.pieces[1].expr), "pidx");
  EXPECT_EQ(r.message.pieces[2].literal, " of {braces}");
  const Rule& s = *f.directives[3].rule;
  EXPECT_EQ(s.kind, RuleKind::kSuffices);
  EXPECT_EQ(s.place, Rule::Place::kBefore);
  EXPECT_EQ(s.anchor, "enough_members");
  EXPECT_EQ(Dump(*s.condition), "primary_alive");
  const Directive& scope = f.directives[4];
  EXPECT_EQ(Dump(*scope.scope), "(dup.remote_app_name =~ \"^temp_\")");
  ASSERT_EQ(scope.body.size(), 1u);
  EXPECT_EQ(scope.body[0].rule->stage, Stage::kTable);
  EXPECT_FALSE(scope.body[0].rule->message.present);
}

// The floor: `final` before the stage (after `replace`), `unfinal NAMES "why"`.
TEST(ParserTest, FinalAndUnfinal) {
  Diagnostics d;
  RuleFile f = Parse(R"(
final partition a: require primary_alive else ERR_INACTIVE_STATE
replace final table t: require true else rpc_err
partition plain: require true else ERR_UNKNOWN
scope dup.remote_cluster_name == "lab" {
  unfinal a, t "the lab \"rebuild\""
}
)",
                     &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  ASSERT_EQ(f.directives.size(), 4u);
  EXPECT_TRUE(f.directives[0].rule->final);
  EXPECT_FALSE(f.directives[0].rule->replace);
  EXPECT_TRUE(f.directives[1].rule->final);
  EXPECT_TRUE(f.directives[1].rule->replace);
  EXPECT_EQ(f.directives[1].rule->stage, Stage::kTable);
  EXPECT_FALSE(f.directives[2].rule->final);
  const Directive& u = f.directives[3].body[0];
  EXPECT_EQ(u.kind, Directive::Kind::kUnfinal);
  ASSERT_EQ(u.names.size(), 2u);
  EXPECT_EQ(u.names[1].first, "t");
  EXPECT_EQ(u.reason, "the lab \"rebuild\"");
}

TEST(ParserTest, GuardEndsBeforeANewLineParenthesisAndAtAnArrow) {
  Diagnostics d;
  RuleFile f = Parse(R"rules(
partition a:
  when primary_alive
  (replica_count == 1 or alive_secondaries > 0) suffices
partition b: when replica_count == 1 => primary_alive suffices
partition c: require size(secondaries) >= 1 else ERR_UNKNOWN
)rules",
                     &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  ASSERT_EQ(f.directives.size(), 3u);
  EXPECT_EQ(Dump(*f.directives[0].rule->guard), "primary_alive");
  EXPECT_EQ(Dump(*f.directives[0].rule->condition),
            "((replica_count == 1) or (alive_secondaries > 0))");
  EXPECT_EQ(Dump(*f.directives[1].rule->guard), "(replica_count == 1)");
  EXPECT_EQ(Dump(*f.directives[1].rule->condition), "primary_alive");
  EXPECT_EQ(Dump(*f.directives[2].rule->condition), "(size(secondaries) >= 1)");
}

TEST(ParserTest, GoldenErrors) {
  const ErrorCase cases[] = {
      {"this is garbage",
       "t.rules:1:1: error: expected a rule ('table NAME:' or 'partition NAME:'), 'extend', "
       "'disable', 'unfinal' or 'scope', found 'this'\n  this is garbage\n  ^\n"},
      {"partition x: when replica_count > 1 require size(secondaries) >=",
       "t.rules:1:65: error: expected an expression, found end of file\n"
       "  partition x: when replica_count > 1 require size(secondaries) >=\n"
       "                                                                  ^\n"},
      {"partition x require true else ERR_OK",
       "t.rules:1:13: error: expected ':' after the rule's name, found 'require'\n"
       "  partition x require true else ERR_OK\n              ^\n"},
      {"partition x: require true",
       "t.rules:1:26: error: expected 'else ERROR_CODE \"message\"' after the requirement, found "
       "end of file\n  partition x: require true\n                           ^\n"},
      {"partition x: primary_alive",
       "t.rules:1:27: error: expected 'suffices' after the condition (or 'require COND else ERROR "
       "\"message\"'), found end of file\n  partition x: primary_alive\n                            ^\n"},
      {"partition x: require 1 < 2 < 3 else ERR_UNKNOWN",
       "t.rules:1:28: error: comparisons do not chain; join them with 'and'\n"
       "  partition x: require 1 < 2 < 3 else ERR_UNKNOWN\n                             ^\n"},
      {"partition x: require true else ERR_UNKNOWN \"hole {pidx + } x\"",
       "t.rules:1:58: error: expected an expression, found '}'\n"
       "  partition x: require true else ERR_UNKNOWN \"hole {pidx + } x\"\n"
       "                                                           ^\n"},
      {"partition x: require true else ERR_UNKNOWN \"a } b\"",
       "t.rules:1:47: error: '}' without '{' in message template (write '}}' for a literal brace)\n"
       "  partition x: require true else ERR_UNKNOWN \"a } b\"\n"
       "                                                ^\n"},
      {"partition when: require true else ERR_UNKNOWN",
       "t.rules:1:11: error: expected the rule's name, found 'when'\n"
       "  partition when: require true else ERR_UNKNOWN\n            ^\n"},
      {"scope dup.app_name == \"a\" {\n  disable x\n",
       "t.rules:1:1: error: this scope's '{' is never closed\n  scope dup.app_name == \"a\" {\n  ^\n"},
      {"}", "t.rules:1:1: error: '}' without a matching 'scope ... {'\n  }\n  ^\n"},
      {"scope true { extend \"x\" }",
       "t.rules:1:14: error: 'extend' must be at the top level of a file, not inside a scope\n"
       "  scope true { extend \"x\" }\n               ^\n"},
      {"unfinal a", "t.rules:1:10: error: expected a string saying why the floor is lowered, e.g. "
                    "\"the lab cluster runs without primaries\", found end of file\n  unfinal a\n"
                    "           ^\n"},
      {"unfinal a \" \"", "t.rules:1:11: error: the reason for lowering the floor is empty: say "
                          "why\n  unfinal a \" \"\n            ^\n"},
      {"final replace partition a: require true else ERR_UNKNOWN",
       "t.rules:1:1: error: write 'replace final table|partition NAME:' ('replace' comes first)\n"
       "  final replace partition a: require true else ERR_UNKNOWN\n  ^\n"},
      {"final a: require true else ERR_UNKNOWN",
       "t.rules:1:7: error: expected 'table' or 'partition' after 'final', found 'a'\n"
       "  final a: require true else ERR_UNKNOWN\n        ^\n"},
      {"partition final: require true else ERR_UNKNOWN",
       "t.rules:1:11: error: expected the rule's name, found 'final'\n"
       "  partition final: require true else ERR_UNKNOWN\n            ^\n"},
  };
  for (const ErrorCase& c : cases) {
    Diagnostics d;
    Parse(c.input, &d);
    EXPECT_EQ(d.ToString(), c.error) << c.input;
  }
}

TEST(ParserTest, SeveralErrorsInOneRun) {
  Diagnostics d;
  RuleFile f = Parse(R"(
partition a: require else ERR_UNKNOWN
partition b: require true else ERR_UNKNOWN
partition c: require (1 else ERR_UNKNOWN
)",
                     &d);
  EXPECT_EQ(d.error_count(), 2);
  ASSERT_EQ(f.directives.size(), 1u);  // b survives
  EXPECT_EQ(f.directives[0].rule->name, "b");
}

TEST(ParserTest, DepthIsBounded) {
  std::string deep = "partition x: require ";
  for (int i = 0; i < 100000; ++i) deep += "(";
  Diagnostics d;
  Parse(deep, &d);
  EXPECT_EQ(d.error_count(), 1);
  EXPECT_NE(d.ToString().find("nested too deeply (the limit is 32 levels)"), std::string::npos);

  std::string wide = "partition x: require 1";
  for (int i = 0; i < 100; ++i) wide += " + 1";
  Diagnostics d2;
  Parse(wide + " > 0 else ERR_UNKNOWN", &d2);
  EXPECT_EQ(d2.error_count(), 1) << "a long left-deep chain is as deep as it is long";

  std::string ok = "partition x: require 1";
  for (int i = 0; i < 29; ++i) ok += " + 1";
  Diagnostics d3;
  Parse(ok + " > 0 else ERR_UNKNOWN", &d3);
  EXPECT_FALSE(d3.has_errors()) << d3.ToString();
}

// A chain "1 + 1 + ... + 1 > 0" of n additions has height n + 2 (the '>' and the leaf).
std::string Chain(int additions) {
  std::string text = "partition x: require 1";
  for (int i = 0; i < additions; ++i) text += " + 1";
  return text + " > 0 else ERR_UNKNOWN";
}

TEST(ParserTest, DepthLimitIsExact) {
  Diagnostics at, past;
  Parse(Chain(30), &at);  // height 32
  EXPECT_FALSE(at.has_errors()) << at.ToString();
  Parse(Chain(31), &past);  // height 33
  EXPECT_EQ(past.error_count(), 1);
  EXPECT_NE(past.ToString().find("(the limit is 32 levels)"), std::string::npos);
}

TEST(ParserTest, TemplateLengthLimitIsExact) {
  auto rule = [](size_t n) {
    return "partition x: require true else ERR_UNKNOWN \"" + std::string(n, 'm') + "\"";
  };
  Diagnostics at, past;
  RuleFile f = Parse(rule(1024), &at);
  EXPECT_FALSE(at.has_errors()) << at.ToString();
  ASSERT_EQ(f.directives.size(), 1u);
  Parse(rule(1025), &past);
  EXPECT_NE(past.ToString().find("message template is 1025 bytes; the limit is 1024"),
            std::string::npos)
      << past.ToString();
}

TEST(ParserTest, FileSizeIsBounded) {
  Limits limits;
  limits.max_file_bytes = 100;
  Diagnostics d;
  ParseRuleFile("big.rules", std::string(101, '#'), limits, &d);
  EXPECT_EQ(d.ToString(), "big.rules: error: rule file is 101 bytes; the limit is 100\n");
  Diagnostics at;
  ParseRuleFile("big.rules", std::string(100, '#'), limits, &at);
  EXPECT_FALSE(at.has_errors());
}

TEST(ParserTest, NodeBudgetIsExact) {
  // One directive, then `pidx in [1, 2, 3]`: the list, its 3 items, pidx, `in`, and the error.
  const std::string text = "partition p: require pidx in [1, 2, 3] else ERR_UNKNOWN\n# note\n";
  Limits limits;
  limits.max_nodes = 9;  // 1 + 7 + 1 comment
  Diagnostics ok;
  RuleFile f = ParseRuleFile("t.rules", text, limits, &ok);
  EXPECT_FALSE(ok.has_errors()) << ok.ToString();
  EXPECT_EQ(f.nodes, 9);
  limits.max_nodes = 8;
  Diagnostics d;
  ParseRuleFile("t.rules", text, limits, &d);
  EXPECT_EQ(d.error_count(), 1) << d.ToString();
  EXPECT_NE(d.ToString().find("more than 8 expression nodes and comments"), std::string::npos)
      << d.ToString();
}

TEST(ParserTest, ParsingStopsAtTheErrorBudget) {
  // Each line is a mistake; past max_errors the rest of the file is not read.
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "@ partition\n";
  Limits limits;
  limits.max_errors = 3;
  Diagnostics d;
  d.set_max_issues(3);
  ParseRuleFile("t.rules", text, limits, &d);
  EXPECT_LE(d.error_count(), 6);
  EXPECT_EQ(d.issues().size(), 3u);
}

TEST(ParserTest, ClausePositionsAndComments) {
  Diagnostics d;
  RuleFile f = Parse(
      "# head\n"
      "scope dup.app_name == \"a\" {  # open\n"
      "  partition x:\n"
      "    when replica_count > 1\n"
      "    require (a)  # cond\n"
      "    else ERR_UNKNOWN \"m\"\n"
      "  partition y: (b) suffices\n"
      "}\n",
      &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  ASSERT_EQ(f.directives.size(), 1u);
  const Directive& scope = f.directives[0];
  EXPECT_EQ(scope.close_pos.line, 8);
  EXPECT_EQ(scope.close_pos.column, 1);
  const Rule& x = *scope.body[0].rule;
  EXPECT_EQ(x.when_pos.line, 4);
  EXPECT_EQ(x.when_pos.column, 5);
  EXPECT_EQ(x.body_pos.line, 5);
  EXPECT_EQ(x.body_pos.column, 5);
  EXPECT_EQ(x.else_pos.line, 6);
  const Rule& y = *scope.body[1].rule;
  EXPECT_EQ(y.when_pos.line, 0);
  EXPECT_EQ(y.body_pos.line, 7);
  EXPECT_EQ(y.body_pos.column, 16);  // the '(' that opens the sufficient condition
  EXPECT_EQ(y.else_pos.line, 0);
  ASSERT_EQ(f.comments.size(), 3u);
  EXPECT_EQ(f.comments[0].text, "# head");
  EXPECT_EQ(f.comments[1].text, "# open");
  EXPECT_EQ(f.comments[1].pos.column, 30);
  EXPECT_EQ(f.comments[2].text, "# cond");
  EXPECT_EQ(f.comments[2].pos.line, 5);
}

}  // namespace
}  // namespace dupready
