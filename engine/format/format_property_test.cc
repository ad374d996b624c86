// Property test: random rule files, their tokens joined by random spaces, line breaks and
// comments, format without error, to a fixed point, with the same tree and every comment.
#include <random>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/format/format.h"
#include "engine/format/tree_dump.h"
#include "engine/lexer/lexer.h"
#include "engine/parser/parser.h"
#include "gtest/gtest.h"

namespace dupready {
namespace {

class FileGen {
 public:
  explicit FileGen(uint32_t seed) : rng_(seed) {}
  int Pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }

  std::string Int(int depth) {
    static const char* const kLeaves[] = {"pidx", "replica_count", "size(secondaries)", "7",
                                          "-3", "count(secondaries, s, s.port > 1)",
                                          "sum(last_drops, d, d.port * 2)",
                                          "min(secondaries, s, -s.port, 1 - 2)"};
    if (depth <= 0 || Pick(3) == 0) return kLeaves[Pick(8)];
    static const char* const kOps[] = {"+", "-", "*", "/", "%"};
    switch (Pick(5)) {
      case 0: return "-(" + Int(depth - 1) + ")";
      case 1: return "- -" + std::to_string(Pick(5));
      default: return "(" + Int(depth - 1) + " " + kOps[Pick(5)] + " " + Int(depth - 1) + ")";
    }
  }

  std::string Bool(int depth) {
    static const char* const kCmp[] = {"==", "!=", "<", "<=", ">", ">="};
    switch (depth <= 0 ? Pick(3) : Pick(9)) {
      case 0: return "primary_alive";
      case 1: return "dup.remote_app_name =~ \"^te\\\\.mp\\\"_\"";
      case 2: return "all(secondaries, s, s.valid)";
      case 3: case 4: return "(" + Int(depth - 1) + " " + kCmp[Pick(6)] + " " + Int(depth - 1) + ")";
      case 5: return "not " + Bool(depth - 1);
      case 6: case 7:
        return "(" + Bool(depth - 1) + (Pick(2) ? " and " : " or ") + Bool(depth - 1) + ")";
      default: return Int(depth - 1) + " not in [1, " + Int(0) + "]";
    }
  }

  std::string Rule(int i) {
    std::string text = Pick(4) == 0 ? "replace " : "";
    absl::StrAppend(&text, Pick(2) ? "partition" : "table", " r", i);
    if (Pick(4) == 0) absl::StrAppend(&text, Pick(2) ? " before " : " after ", "r", Pick(9));
    text += ":";
    const bool guard = Pick(2);
    // In parentheses: what follows a guard must not continue it (`g (c)` calls g, `g -c`
    // subtracts); the formatter has to put back the ones it needs.
    if (guard) absl::StrAppend(&text, " when (", Bool(2), ")");
    if (Pick(3) == 0) {
      const std::string c = Bool(3);
      absl::StrAppend(&text, " ", guard && c[0] == '-' ? "(" + c + ")" : c, " suffices");
    } else {
      absl::StrAppend(&text, " require ", Bool(3), " else ", Pick(2) ? "ERR_NOT_ENOUGH_MEMBER" : "rpc_err");
      if (Pick(3))
        text += " \"partition {pidx} has {size(secondaries)} of {{replicas}} \\\"q\\\" \\{x\\}\"";
    }
    return text;
  }

  std::string Directives(int depth, int* counter) {
    std::string text;
    const int n = 1 + Pick(4);
    for (int i = 0; i < n; ++i) {
      const int kind = Pick(depth > 0 ? 6 : 5);
      if (kind == 0) {
        absl::StrAppend(&text, " disable r", Pick(9), Pick(2) ? ", r2" : "");
      } else if (kind == 5) {
        absl::StrAppend(&text, " scope ", Bool(2), " {", Directives(depth - 1, counter), " }");
      } else {
        absl::StrAppend(&text, " ", Rule((*counter)++));
      }
    }
    return text;
  }

  std::string File() {
    int counter = 0;
    std::string text = Pick(2) ? "extend \"base.rules\"" : "";
    return text + Directives(2, &counter);
  }

  // `text`'s tokens joined by random separators, some of them comments.
  std::string Mess(const std::string& text, int* comments) {
    Diagnostics d;
    Lexer lexer("t.rules", text, &d);
    std::string out = Pick(2) ? "# header\n\n" : "";
    *comments = out.empty() ? 0 : 1;
    std::vector<Token> tokens;
    for (Token t = lexer.Next(); !t.Is(Tok::kEnd); t = lexer.Next()) tokens.push_back(t);
    for (size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      out.append(t.text.data(), t.text.size());
      // A call's '(' must stay on its name's line (the grammar says so).
      if (t.Is(Tok::kIdent) && i + 1 < tokens.size() && tokens[i + 1].Is(Tok::kLParen)) {
        out += Pick(2) ? " " : "";
        continue;
      }
      switch (Pick(12)) {
        case 0: out += "\n"; break;
        case 1: out += "\n\n\n"; break;
        case 2: absl::StrAppend(&out, "  # trailing ", (*comments)++, "  \n"); break;
        case 3: absl::StrAppend(&out, "\n  # own line ", (*comments)++, "\n\n"); break;
        case 4: out += "\t "; break;
        default: out += " ";
      }
    }
    if (Pick(2)) absl::StrAppend(&out, "\n# the end ", (*comments)++, "\n");
    return out;
  }

 private:
  std::mt19937 rng_;
};

TEST(FormatPropertyTest, RandomMessyFilesFormatToAFixedPoint) {
  FileGen gen(31337);
  for (int round = 0; round < 1500; ++round) {
    int comments = 0;
    const std::string clean = gen.File();
    const std::string messy = gen.Mess(clean, &comments);
    Diagnostics d;
    RuleFile tree = ParseRuleFile("t.rules", messy, Limits(), &d);
    ASSERT_FALSE(d.has_errors()) << messy << "\n" << d.ToString();
    absl::StatusOr<std::string> once = FormatRuleFile("t.rules", messy);
    ASSERT_TRUE(once.ok()) << once.status() << "\n" << messy;
    absl::StatusOr<std::string> twice = FormatRuleFile("t.rules", *once);
    ASSERT_TRUE(twice.ok()) << twice.status();
    ASSERT_EQ(*twice, *once) << "not a fixed point; input:\n" << messy;
    Diagnostics d2;
    RuleFile again = ParseRuleFile("t.rules", *once, Limits(), &d2);
    ASSERT_EQ(TreeDump(again), TreeDump(tree)) << messy;
    ASSERT_EQ(static_cast<int>(again.comments.size()), comments) << messy << "\n" << *once;
  }
}

}  // namespace
}  // namespace dupready
