// Tests for the loader: extend, placement, replace, disable, scopes, and their errors.
#include "engine/loader/loader.h"

#include <map>

#include "gtest/gtest.h"

namespace dupready {
namespace {

struct ErrorCase {
  const char* text;
  const char* error;  // the first line of the first issue
};

class LoaderTest : public ::testing::Test {
 protected:
  FileReader Reader() {
    return [this](const std::string& path) -> absl::StatusOr<std::string> {
      auto it = files_.find(path);
      if (it == files_.end()) return absl::NotFoundError("no such file");
      return it->second;
    };
  }
  // Names of the rules in force, final ones starred, with their scope terms: "name*[s0,!s1]".
  std::string Load(const std::string& root, std::string* errors = nullptr) {
    Diagnostics d;
    absl::StatusOr<MergedRules> m = LoadRules(root, Reader(), Limits(), &d);
    if (errors) *errors = d.ToString();
    if (!m.ok()) return "<error>";
    std::string out;
    for (const MergedRule& r : m->rules) {
      if (!out.empty()) out += " ";
      out += r.rule->name;
      if (r.final) out += "*";
      if (r.scope_terms.empty()) continue;
      out += "[";
      for (size_t i = 0; i < r.scope_terms.size(); ++i) {
        if (i) out += ",";
        if (r.scope_terms[i].negate) out += "!";
        for (size_t j = 0; j < r.scope_terms[i].all.size(); ++j)
          out += (j ? "&s" : "s") + std::to_string(r.scope_terms[i].all[j]);
      }
      out += "]";
    }
    return out;
  }
  // Each case's text, loaded as x.rules, is refused; the first line of its first issue is
  // c.error (or, with `prefix`, starts with it).
  template <size_t N>
  void ExpectErrors(const ErrorCase (&cases)[N], bool prefix = false) {
    for (const ErrorCase& c : cases) {
      files_["x.rules"] = c.text;
      std::string errors;
      EXPECT_EQ(Load("x.rules", &errors), "<error>") << c.text;
      std::string first = errors.substr(0, errors.find('\n'));
      if (prefix) first = first.substr(0, std::string(c.error).size());
      EXPECT_EQ(first, c.error) << c.text;
    }
  }
  // Loads `root` with the limit `field` at `fits`, which must succeed, and at `fits - 1`; returns
  // the diagnostics of the second load, which must fail.
  template <typename T>
  std::string RefusedPastTheLimit(const std::string& root, T Limits::*field, T fits) {
    Limits limits;
    limits.*field = fits;
    Diagnostics ok;
    EXPECT_TRUE(LoadRules(root, Reader(), limits, &ok).ok()) << ok.ToString();
    limits.*field = fits - 1;
    Diagnostics d;
    EXPECT_FALSE(LoadRules(root, Reader(), limits, &d).ok());
    return d.ToString();
  }
  std::map<std::string, std::string> files_ = {
      {"base/default.rules",
       "table t1: require true else ERR_UNKNOWN\n"
       "partition a: require true else ERR_UNKNOWN\n"
       "partition b: require true else ERR_UNKNOWN\n"
       "partition c: require true else ERR_UNKNOWN\n"},
  };
};

TEST_F(LoaderTest, Overlays) {
  const struct {
    const char* root;
    const char* text;
    const char* in_force;
  } kCases[] = {
      // extend, placement, replace, disable
      {"site/site.rules",
       "extend \"../base/default.rules\"\n"
       "partition x before b: primary_alive suffices\n"
       "partition y after c: require true else ERR_UNKNOWN\n"
       "replace partition a: require false else ERR_UNKNOWN\n"
       "disable c\n",
       "t1 a x b y"},
      // Scopes: b keeps its old body where s0 and s1 do not both hold, and the new one where
      // they do.
      {"s.rules",
       "extend \"base/default.rules\"\n"
       "scope dup.app_name == \"a\" {\n"
       "  disable a\n"
       "  scope dup.remote_cluster_name == \"c\" {\n"
       "    replace partition b: require false else ERR_UNKNOWN\n"
       "    partition z: require true else ERR_UNKNOWN\n"
       "  }\n"
       "}\n",
       "t1 a[!s0] b[!s0&s1] b[s0&s1] c z[s0&s1]"},
  };
  for (const auto& c : kCases) {
    files_[c.root] = c.text;
    std::string errors;
    EXPECT_EQ(Load(c.root, &errors), c.in_force) << c.root << "\n" << errors;
  }
}

// The floor: a final rule cannot be disabled or replaced until `unfinal` lowers it; a scoped
// `unfinal` lowers it in its scope only.
TEST_F(LoaderTest, FinalRulesAreTheFloor) {
  files_["floor.rules"] =
      "final table call: require rpc_err == ERR_OK else rpc_err\n"
      "final partition primary: require primary_alive else ERR_INACTIVE_STATE\n"
      "partition other: require true else ERR_UNKNOWN\n";
  files_["x.rules"] =
      "extend \"floor.rules\"\n"
      "disable other\n"
      "replace final partition late: require true else ERR_UNKNOWN\n";
  std::string errors;
  EXPECT_EQ(Load("x.rules", &errors), "<error>");  // 'late' is not in force
  files_["x.rules"] =
      "extend \"floor.rules\"\n"
      "partition extra: require true else ERR_UNKNOWN\n"
      "replace final partition extra: require false else ERR_UNKNOWN\n"
      "unfinal call \"a cluster without a meta server\"\n"
      "disable call\n";
  EXPECT_EQ(Load("x.rules", &errors), "primary* other extra*") << errors;
  // Lowered in a scope: final outside it, not final (and so disabled) inside.
  files_["x.rules"] =
      "extend \"floor.rules\"\n"
      "scope dup.remote_cluster_name == \"lab\" {\n"
      "  unfinal primary \"the lab runs without primaries\"\n"
      "  disable primary\n"
      "}\n";
  EXPECT_EQ(Load("x.rules", &errors), "call* primary*[!s0] primary[s0,!s0] other") << errors;
  Diagnostics d;
  absl::StatusOr<MergedRules> m = LoadRules("x.rules", Reader(), Limits(), &d);
  ASSERT_TRUE(m.ok()) << d.ToString();
  ASSERT_EQ(m->lowerings.size(), 1u);
  EXPECT_EQ(m->lowerings[0].name, "primary");
  EXPECT_EQ(m->lowerings[0].reason, "the lab runs without primaries");
  EXPECT_EQ(m->lowerings[0].pos.line, 3);
  EXPECT_EQ(m->lowerings[0].scope, std::vector<int>{0});

  const ErrorCase cases[] = {
      {"extend \"floor.rules\"\ndisable other, primary",
       "x.rules:2:16: error: 'primary' is on the floor: floor.rules made it final "
       "(floor.rules:2:17), so no overlay may disable it; to lower the floor, write 'unfinal "
       "primary \"why\"' before this (lint reports it)"},
      {"extend \"floor.rules\"\nreplace table call: true suffices",
       "x.rules:2:15: error: 'call' is on the floor: floor.rules made it final (floor.rules:1:13), "
       "so no overlay may replace it; to lower the floor, write 'unfinal call \"why\"' before this "
       "(lint reports it)"},
      {"extend \"floor.rules\"\nscope dup.app_name == \"a\" { disable primary }",
       "x.rules:2:37: error: 'primary' is on the floor: floor.rules made it final"},
      // Lowered in one scope, disabled in another (or everywhere): still the floor there.
      {"extend \"floor.rules\"\nscope dup.app_name == \"a\" { unfinal primary \"a\" }\n"
       "scope dup.app_name == \"a\" { disable primary }",
       "x.rules:3:37: error: 'primary' is on the floor: floor.rules made it final"},
      {"extend \"floor.rules\"\nscope dup.app_name == \"a\" { unfinal primary \"a\" }\n"
       "disable primary",
       "x.rules:3:9: error: 'primary' is on the floor: floor.rules made it final"},
      {"extend \"floor.rules\"\nunfinal other \"why\"",
       "x.rules:2:9: error: 'other' is not final: there is no floor to lower"},
      {"extend \"floor.rules\"\nunfinal primry \"why\"",
       "x.rules:2:9: error: 'unfinal' names no rule in force: 'primry'; did you mean 'primary'?"},
      {"extend \"floor.rules\"\nunfinal call \"why\"\nunfinal call \"again\"",
       "x.rules:3:9: error: 'call' is not final: there is no floor to lower"},
  };
  ExpectErrors(cases, /*prefix=*/true);
}

// A rule defined in two scopes is one rule with a body per scope; a replace gives each scope
// it was defined in the new body (scoped: where the replace's scope holds too).
TEST_F(LoaderTest, ScopedRedefinitionAndReplace) {
  files_["m.rules"] =
      "extend \"base/default.rules\"\n"
      "scope dup.remote_cluster_name == \"a\" { partition maint: require true else ERR_BUSY }\n"
      "partition tail: require true else ERR_UNKNOWN\n"
      "scope dup.remote_cluster_name == \"b\" { partition maint: require false else ERR_BUSY }\n";
  std::string errors;
  EXPECT_EQ(Load("m.rules", &errors), "t1 a b c maint[s0] maint[s1] tail") << errors;
  files_["r.rules"] = "extend \"m.rules\"\nreplace partition maint: require pidx > 0 else ERR_BUSY\n";
  EXPECT_EQ(Load("r.rules", &errors), "t1 a b c maint[s0] maint[s1] tail") << errors;
  Diagnostics d;
  absl::StatusOr<MergedRules> m = LoadRules("r.rules", Reader(), Limits(), &d);
  ASSERT_TRUE(m.ok()) << d.ToString();
  EXPECT_EQ(m->rules[4].file->filename, "r.rules");  // both bodies are the new one
  EXPECT_EQ(m->rules[5].file->filename, "r.rules");
  files_["r.rules"] =
      "extend \"m.rules\"\n"
      "scope dup.app_name == \"x\" { replace partition maint: require pidx > 0 else ERR_BUSY }\n";
  EXPECT_EQ(Load("r.rules", &errors), "t1 a b c maint[s0,!s2] maint[s0,s2] maint[s1,!s2] maint[s1,s2] tail")
      << errors;
  const ErrorCase cases[] = {
      {"extend \"m.rules\"\nscope dup.remote_cluster_name == \"a\" {\n"
       "  partition maint: require true else ERR_BUSY\n}\n",
       "x.rules:3:13: error: rule 'maint' is already defined at m.rules:2:50 in this scope; write "
       "'replace partition maint:' to change it"},
      {"extend \"m.rules\"\npartition maint: require true else ERR_BUSY\n",
       "x.rules:2:11: error: rule 'maint' is already defined at m.rules:2:50, inside a scope; a rule "
       "for every duplication needs another name (or write 'replace partition maint:' to change "
       "its body wherever it is defined)"},
      {"extend \"m.rules\"\nscope dup.app_name == \"c\" { partition a: require true else ERR_BUSY }\n",
       "x.rules:2:39: error: rule 'a' is already defined at base/default.rules:2:11 for every "
       "duplication; to give it another body where this scope holds, write 'replace partition "
       "a:' here"},
      {"extend \"m.rules\"\nscope dup.app_name == \"c\" { table maint: require true else ERR_BUSY }\n",
       "x.rules:2:35: error: rule 'maint' is already defined at m.rules:2:50; it is a partition "
       "rule: give this table rule another name"},
  };
  ExpectErrors(cases);
}

TEST_F(LoaderTest, ResolveExtendPath) {
  EXPECT_EQ(ResolveExtendPath("rules/examples/a.rules", "../default.rules"), "rules/default.rules");
  EXPECT_EQ(ResolveExtendPath("a.rules", "b.rules"), "b.rules");
  EXPECT_EQ(ResolveExtendPath("/etc/x/a.rules", "./b.rules"), "/etc/x/b.rules");
  EXPECT_EQ(ResolveExtendPath("rules/a.rules", "/abs/b.rules"), "/abs/b.rules");
}

TEST_F(LoaderTest, GoldenErrors) {
  const ErrorCase cases[] = {
      {"extend \"base/default.rules\"\npartition a: require true else ERR_UNKNOWN",
       "x.rules:2:11: error: rule 'a' is already defined at base/default.rules:2:11; write "
       "'replace partition a:' to change it"},
      {"extend \"base/default.rules\"\nreplace partition d: require true else ERR_UNKNOWN",
       "x.rules:2:19: error: 'replace' names no rule in force: 'd'"},
      {"extend \"base/default.rules\"\nreplace table a: require true else ERR_UNKNOWN",
       "x.rules:2:15: error: 'a' is a partition rule (base/default.rules:2:11); replace it with a "
       "partition rule"},
      {"extend \"base/default.rules\"\ndisable t2",
       "x.rules:2:9: error: 'disable' names no rule in force: 't2'; did you mean 't1'?"},
      {"extend \"base/default.rules\"\npartition z before t1: require true else ERR_UNKNOWN",
       "x.rules:2:20: error: 't1' is a table rule; 'z' is a partition rule"},
      {"extend \"base/default.rules\"\npartition z after q: require true else ERR_UNKNOWN",
       "x.rules:2:19: error: no rule named 'q' to place 'z' by"},
      {"partition a: require true else ERR_UNKNOWN\nextend \"base/default.rules\"",
       "x.rules:2:1: error: 'extend' must come before the file's own rules"},
      {"extend \"missing.rules\"",
       "x.rules:1:1: error: cannot read rule file 'missing.rules': no such file"},
      {"extend \"x.rules\"", "x.rules:1:1: error: 'x.rules' extends itself: x.rules -> x.rules"},
  };
  ExpectErrors(cases);
}

TEST_F(LoaderTest, MissingRootFile) {
  std::string errors;
  EXPECT_EQ(Load("nope.rules", &errors), "<error>");
  EXPECT_EQ(errors, "nope.rules: error: cannot read rule file 'nope.rules': no such file\n");
}

// No rule in force would make every follower ready: an empty file, a file of comments (with
// CRLF line ends or a byte order mark), or one whose overlays disable every rule is refused,
// named.
TEST_F(LoaderTest, NoRuleInForceIsAnError) {
  const char kWhy[] =
      ": error: puts no rule in force, which would make every follower READY: an empty or "
      "comment-only rule file (or one that disables every rule) is refused\n";
  for (const char* text : {"", "\n\n", "# a comment\r\n\t# another\r\n", "\xEF\xBB\xBF# only\n"}) {
    files_["e.rules"] = text;
    std::string errors;
    EXPECT_EQ(Load("e.rules", &errors), "<error>") << text;
    EXPECT_EQ(errors, std::string("e.rules") + kWhy) << text;
  }
  files_["empty.rules"] = "";
  files_["x.rules"] = "extend \"empty.rules\"\n";
  std::string errors;
  EXPECT_EQ(Load("x.rules", &errors), "<error>");
  EXPECT_EQ(errors, std::string("x.rules") + kWhy);
  files_["x.rules"] = "extend \"base/default.rules\"\ndisable t1, a, b, c\n";
  EXPECT_EQ(Load("x.rules", &errors), "<error>");
  EXPECT_EQ(errors, std::string("x.rules") + kWhy);
  files_["x.rules"] = "extend \"base/default.rules\"\ndisable a, b, c\n";
  EXPECT_EQ(Load("x.rules", &errors), "t1") << errors;
}

TEST_F(LoaderTest, RuleCountIsBounded) {
  std::string many;
  for (int i = 0; i < 11; ++i) many += "partition r" + std::to_string(i) + ": primary_alive suffices\n";
  files_["many.rules"] = many;
  EXPECT_EQ(RefusedPastTheLimit("many.rules", &Limits::max_rules, 11),
            "many.rules: error: 11 rules are in force; the limit is 10\n");
}

TEST_F(LoaderTest, TheFilesOfASetTogetherAreBounded) {
  files_["two.rules"] = "extend \"base/default.rules\"\npartition d: require true else ERR_UNKNOWN\n";
  const int64_t total = static_cast<int64_t>(files_["two.rules"].size() +
                                             files_["base/default.rules"].size());
  const std::string refused = RefusedPastTheLimit("two.rules", &Limits::max_total_bytes, total);
  EXPECT_NE(refused.find("two.rules:1:1: error: the rule files are " + std::to_string(total) +
                         " bytes together with this one; the limit for a rule set is " +
                         std::to_string(total - 1)),
            std::string::npos)
      << refused;
}

TEST_F(LoaderTest, NodesOfAllTheFilesAreBounded) {
  // default.rules: 4 directives, 4 conditions and 4 errors; two.rules: 2 directives (the
  // extend, the rule) and 2 nodes.
  files_["two.rules"] = "extend \"base/default.rules\"\npartition d: require true else ERR_UNKNOWN\n";
  const std::string refused = RefusedPastTheLimit("two.rules", &Limits::max_nodes, int64_t{16});
  EXPECT_NE(refused.find("error: the rule files hold more than 15 expression nodes and "
                         "comments; the rest is not read"),
            std::string::npos)
      << refused;
}

TEST_F(LoaderTest, OnlyMaxErrorsAreKeptAndMergingStopsThere) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "disable nosuch" + std::to_string(i) + "\n";
  files_["bad.rules"] = text;
  Limits limits;
  limits.max_errors = 5;
  Diagnostics d;
  EXPECT_FALSE(LoadRules("bad.rules", Reader(), limits, &d).ok());
  EXPECT_EQ(d.issues().size(), 5u);
  EXPECT_EQ(d.error_count(), 5);  // merging stopped at the fifth
  EXPECT_EQ(d.ToString().find("more errors not shown"), std::string::npos);
}

}  // namespace
}  // namespace dupready
