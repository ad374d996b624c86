// Tests for the expression printer: minimal parentheses, and text that reads back as the tree.
#include "engine/format/expr_printer.h"

#include "engine/format/tree_dump.h"
#include "engine/parser/parser.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

RuleFile ParseRequire(const std::string& expr) {
  Diagnostics d;
  RuleFile f = ParseRuleFile("t.rules", "partition r: require " + expr + " else ERR_UNKNOWN",
                             Limits(), &d);
  EXPECT_FALSE(d.has_errors()) << expr << "\n" << d.ToString();
  return f;
}

const Expr& Condition(const RuleFile& f) { return *f.directives.at(0).rule->condition; }

TEST(ExprPrinterTest, CanonicalTextAndSameTree) {
  const std::pair<const char*, const char*> cases[] = {
      {"a  or b and not c", "a or b and not c"},
      {"(a or b) and c", "(a or b) and c"},
      {"a and (b and c)", "a and (b and c)"},
      {"(a and b) and c", "a and b and c"},
      {"not (a and b)", "not (a and b)"},
      {"not not a", "not not a"},
      {"not a == b", "not a == b"},
      {"(not a) == b", "(not a) == b"},
      {"1 + 2 * 3 - 4 % 5", "1 + 2 * 3 - 4 % 5"},
      {"(1 + 2) * 3", "(1 + 2) * 3"},
      {"a - (b - c)", "a - (b - c)"},
      {"(a - b) - c", "a - b - c"},
      {"x.y.z >= -3", "x.y.z >= -3"},
      {"a - -5", "a - -5"},
      {"-(5)", "-(5)"},
      {"- -5", "--5"},
      {"-(a + 1)", "-(a + 1)"},
      {"-a.b", "-a.b"},
      {"n not in [1,2]", "n not in [1, 2]"},
      {"all(s,v,v.valid) and size( s )==2", "all(s, v, v.valid) and size(s) == 2"},
      {"h =~ \"^a\\\\.b\" or h !~ \"b$\"", "h =~ \"^a\\\\.b\" or h !~ \"b$\""},
      {"s == \"q\\\"uote\\n\\ttab {x}\"", "s == \"q\\\"uote\\n\\ttab {x}\""},
      {"(a == b) == (c < d)", "(a == b) == (c < d)"},
      {"count(secondaries, s, s.port > 1 + 2) * 2 >= replica_count",
       "count(secondaries, s, s.port > 1 + 2) * 2 >= replica_count"},
  };
  for (const auto& [input, want] : cases) {
    RuleFile f = ParseRequire(input);
    const std::string text = PrintExpr(Condition(f));
    EXPECT_EQ(text, want) << input;
    RuleFile again = ParseRequire(text);
    EXPECT_EQ(TreeDump(Condition(again)), TreeDump(Condition(f))) << input;
  }
}

TEST(ExprPrinterTest, ChainOperands) {
  RuleFile f = ParseRequire("a and (b or c) and not d");
  EXPECT_EQ(PrintChainOperands(Condition(f)),
            (std::vector<std::string>{"a", "(b or c)", "not d"}));
  RuleFile g = ParseRequire("a == b");
  EXPECT_TRUE(PrintChainOperands(Condition(g)).empty());
  RuleFile h = ParseRequire("a or (b or c)");
  EXPECT_EQ(PrintChainOperands(Condition(h)), (std::vector<std::string>{"a", "(b or c)"}));
}

TEST(ExprPrinterTest, Templates) {
  Diagnostics d;
  RuleFile f = ParseRuleFile(
      "t.rules",
      "partition r: require a else ERR_UNKNOWN \"p{ pidx } has {{no}} \\{x\\} \\\"q\\\" {size(secondaries)}\"",
      Limits(), &d);
  ASSERT_FALSE(d.has_errors()) << d.ToString();
  EXPECT_EQ(PrintTemplate(f.directives[0].rule->message),
            "\"p{pidx} has {{no}} {{x}} \\\"q\\\" {size(secondaries)}\"");
  EXPECT_EQ(QuoteString("a\\b"), "\"a\\\\b\"");
}

}  // namespace
}  // namespace dupready
