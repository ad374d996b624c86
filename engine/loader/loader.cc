// Loads rule files: parse and check each file, follow `extend`, merge overlays and scopes.
#include "engine/loader/loader.h"

#include <algorithm>
#include <unordered_map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "engine/common/suggest.h"
#include "engine/parser/parser.h"

namespace dupready {

absl::StatusOr<std::vector<std::string>> ExtendsOf(const std::string& path,
                                                   const std::string& text, const Limits& limits) {
  Diagnostics diags;
  const RuleFile file = ParseRuleFile(path, text, limits, &diags);
  if (diags.has_errors()) return absl::InvalidArgumentError(diags.ToString());
  std::vector<std::string> extends;
  for (const Directive& d : file.directives) {
    if (d.kind == Directive::Kind::kExtend) extends.push_back(d.path);
  }
  return extends;
}

std::string ResolveExtendPath(const std::string& from, const std::string& target) {
  std::string joined = target;
  if (target.empty() || target[0] != '/') {
    size_t slash = from.rfind('/');
    if (slash != std::string::npos) joined = from.substr(0, slash + 1) + target;
  }
  // Normalise "a/./b" and "a/x/../b" lexically, so cycles are recognised.
  std::vector<std::string> parts;
  for (absl::string_view part : absl::StrSplit(joined, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
    } else {
      parts.emplace_back(part);
    }
  }
  std::string out = absl::StrJoin(parts, "/");
  return joined[0] == '/' ? "/" + out : out;
}

namespace {

class Loader {
 public:
  Loader(const FileReader& read, const Limits& limits, Diagnostics* diags)
      : read_(read), limits_(limits), diags_(diags) {}

  bool Load(const std::string& path, MergedRules* out) {
    out_ = out;
    if (!LoadFile(path, SourceLocation{}, nullptr) || diags_->has_errors()) return false;
    // No rule would make every follower ready: what an empty file, a file of comments, or a
    // file truncated to nothing says. Refused here, so every caller refuses it.
    if (out_->rules.empty()) {
      diags_->Error(SourceLocation{path, 0, 0},
                    "puts no rule in force, which would make every follower READY: an empty or "
                    "comment-only rule file (or one that disables every rule) is refused");
      return false;
    }
    return true;
  }

 private:
  void Error(const RuleFile* file, Pos pos, std::string message) {
    diags_->Error(file ? LocationOf(*file, pos) : SourceLocation{"", pos.line, pos.column},
                  std::move(message), file ? std::string_view(file->source) : std::string_view());
  }

  static std::string Where(const MergedRule& r) {
    return absl::StrCat(r.file->filename, ":", r.rule->pos.line, ":", r.rule->pos.column);
  }

  // Loads one file into out_->rules. `from` locates the `extend` that named it.
  bool LoadFile(const std::string& path, const SourceLocation& from, const RuleFile* from_file) {
    if (nodes_ > limits_.max_nodes) return false;  // refused already, and reported
    if (std::find(stack_.begin(), stack_.end(), path) != stack_.end()) {
      diags_->Error(from, absl::StrCat("'", path, "' extends itself: ",
                                       absl::StrJoin(stack_, " -> "), " -> ", path),
                    from_file ? std::string_view(from_file->source) : std::string_view());
      return false;
    }
    if (static_cast<int>(stack_.size()) > limits_.max_extend_depth) {
      diags_->Error(from, absl::StrCat("'extend' nests more than ", limits_.max_extend_depth,
                                       " files deep"),
                    from_file ? std::string_view(from_file->source) : std::string_view());
      return false;
    }
    if (static_cast<int>(out_->files.size()) >= limits_.max_files) {
      diags_->Error(from, absl::StrCat("more than ", limits_.max_files, " rule files"),
                    from_file ? std::string_view(from_file->source) : std::string_view());
      return false;
    }
    absl::StatusOr<std::string> text = read_(path);
    if (!text.ok()) {
      diags_->Error(from.file.empty() ? SourceLocation{path, 0, 0} : from,
                    absl::StrCat("cannot read rule file '", path, "': ", text.status().message()),
                    from_file ? std::string_view(from_file->source) : std::string_view());
      return false;
    }
    if (static_cast<int64_t>(text->size()) > limits_.max_file_bytes) {
      diags_->Error(SourceLocation{path, 0, 0},
                    absl::StrCat("rule file is ", text->size(), " bytes; the limit is ",
                                 limits_.max_file_bytes));
      return false;
    }
    total_bytes_ += static_cast<int64_t>(text->size());
    if (total_bytes_ > limits_.max_total_bytes) {
      diags_->Error(from.file.empty() ? SourceLocation{path, 0, 0} : from,
                    absl::StrCat("the rule files are ", total_bytes_,
                                 " bytes together with this one; the limit for a rule set is ",
                                 limits_.max_total_bytes),
                    from_file ? std::string_view(from_file->source) : std::string_view());
      return false;
    }
    auto file = std::make_unique<RuleFile>(
        ParseRuleFile(path, *std::move(text), limits_, diags_, nodes_));
    RuleFile* f = file.get();
    nodes_ += f->nodes;
    out_->files.push_back(std::move(file));
    // The parser stopped at the node budget (and said so): checking what it read would only
    // take time.
    if (nodes_ > limits_.max_nodes) return false;
    CheckAll(f, &f->directives);

    stack_.push_back(path);
    bool seen_other = false;
    for (Directive& d : f->directives) {
      if (d.kind != Directive::Kind::kExtend) {
        seen_other = true;
        continue;
      }
      if (seen_other) {
        Error(f, d.pos, "'extend' must come before the file's own rules");
        continue;
      }
      LoadFile(ResolveExtendPath(path, d.path), LocationOf(*f, d.pos), f);
    }
    stack_.pop_back();
    std::vector<int> no_scope;
    Apply(f, &f->directives, &no_scope);
    if (static_cast<int>(out_->rules.size()) > limits_.max_rules) {
      diags_->Error(SourceLocation{path, 0, 0},
                    absl::StrCat(out_->rules.size(), " rules are in force; the limit is ",
                                 limits_.max_rules));
      return false;
    }
    return true;
  }

  // Type-checks every rule and scope in the file, merged into force or not.
  void CheckAll(RuleFile* f, std::vector<Directive>* directives) {
    for (Directive& d : *directives) {
      if (diags_->error_count() >= limits_.max_errors) return;
      if (d.kind == Directive::Kind::kRule) CheckRule(*f, d.rule.get(), limits_, &out_->regexes, diags_);
      if (d.kind == Directive::Kind::kScope) {
        CheckScope(*f, d.scope.get(), limits_, &out_->regexes, diags_);
        CheckAll(f, &d.body);
      }
    }
  }

  // Indices of the rules in force named `name`, in order. The count per name answers the
  // common case (a new, unique name) without scanning: a scan per added rule made loading
  // quadratic (10,000 rules took 0.2 s, 100,000 took 80 s).
  std::vector<size_t> Named(const std::string& name) const {
    std::vector<size_t> at;
    auto it = in_force_.find(name);
    if (it == in_force_.end()) return at;
    at.reserve(it->second);
    for (size_t i = 0; i < out_->rules.size() && at.size() < it->second; ++i)
      if (out_->rules[i].rule->name == name) at.push_back(i);
    return at;
  }

  std::string DidYouMean(const std::string& name) const {
    if (name.size() < 2) return "";  // any one-letter name is "close" to any other
    std::vector<std::string_view> names;
    for (const MergedRule& r : out_->rules) names.push_back(r.rule->name);
    std::string s = Suggest(name, names);
    return s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?");
  }

  void Apply(RuleFile* f, std::vector<Directive>* directives,
             std::vector<int>* scope) {
    for (Directive& d : *directives) {
      // The load has failed: merging the rest would only compose messages nobody sees.
      if (diags_->error_count() >= limits_.max_errors) return;
      switch (d.kind) {
        case Directive::Kind::kExtend:
          break;
        case Directive::Kind::kRule:
          AddRule(f, d.rule.get(), *scope);
          break;
        case Directive::Kind::kDisable:
          for (const auto& [name, pos] : d.names) Disable(f, name, pos, *scope);
          break;
        case Directive::Kind::kUnfinal:
          for (const auto& [name, pos] : d.names) Unfinal(f, name, pos, d.reason, *scope);
          break;
        case Directive::Kind::kScope: {
          out_->scopes.push_back(MergedScope{d.scope.get(), f});
          scope->push_back(static_cast<int>(out_->scopes.size()) - 1);
          Apply(f, &d.body, scope);
          scope->pop_back();
          break;
        }
      }
    }
  }

  void AddRule(RuleFile* f, Rule* rule, const std::vector<int>& scope) {
    std::vector<size_t> same = Named(rule->name);
    if (rule->replace) return Replace(f, rule, scope, same);
    if (!same.empty() && !Redefinable(f, rule, scope, same)) return;
    MergedRule merged{rule, f, {}, 0, rule->final};
    AddTerms(&merged, scope, false);
    merged.defined_terms = merged.scope_terms.size();
    // Without a place of its own, a body for another scope goes after the rule's others.
    size_t at = same.empty() ? out_->rules.size() : same.back() + 1;
    if (rule->place != Rule::Place::kEnd) {
      std::vector<size_t> anchor = Named(rule->anchor);
      if (anchor.empty()) {
        Error(f, rule->anchor_pos, absl::StrCat("no rule named '", rule->anchor, "' to place '",
                                                rule->name, "' by", DidYouMean(rule->anchor)));
        return;
      }
      const MergedRule& a = out_->rules[anchor.front()];
      if (a.rule->stage != rule->stage) {
        Error(f, rule->anchor_pos, absl::StrCat("'", rule->anchor, "' is a ",
                                                StageName(a.rule->stage), " rule; '", rule->name,
                                                "' is a ", StageName(rule->stage), " rule"));
        return;
      }
      at = rule->place == Rule::Place::kBefore ? anchor.front() : anchor.back() + 1;
    }
    out_->rules.insert(out_->rules.begin() + static_cast<long>(at), std::move(merged));
    ++in_force_[rule->name];
  }

  // A rule defined again: allowed, as one more body of the same rule, when this definition and
  // every earlier one are each inside scopes of their own (the rule then runs with each body
  // where its scope holds, with both where both hold). Otherwise reports what to write.
  bool Redefinable(RuleFile* f, const Rule* rule, const std::vector<int>& scope,
                   const std::vector<size_t>& same) {
    const MergedRule& first = out_->rules[same.front()];
    const std::string stage = StageName(rule->stage);
    std::string why;
    if (first.rule->stage != rule->stage) {
      why = absl::StrCat("; it is a ", StageName(first.rule->stage), " rule: give this ", stage,
                         " rule another name");
    } else if (first.defined_terms == 0) {
      why = scope.empty()
                ? absl::StrCat("; write 'replace ", stage, " ", rule->name, ":' to change it")
                : absl::StrCat(" for every duplication; to give it another body where this "
                               "scope holds, write 'replace ", stage, " ", rule->name, ":' here");
    } else if (scope.empty()) {
      why = absl::StrCat(", inside a scope; a rule for every duplication needs another name (or "
                         "write 'replace ", stage, " ", rule->name, ":' to change its body "
                         "wherever it is defined)");
    } else {
      for (size_t i : same) {
        const MergedRule& r = out_->rules[i];
        if (r.defined_terms == 0 || SameScopes(r.scope_terms.front().all, scope)) {
          why = absl::StrCat(" in this scope; write 'replace ", stage, " ", rule->name,
                             ":' to change it");
          break;
        }
      }
      if (why.empty()) return true;
    }
    Error(f, rule->pos, absl::StrCat("rule '", rule->name, "' is already defined at ",
                                     Where(first), why));
    return false;
  }

  // True when two chains of scopes have the same conditions, as written.
  bool SameScopes(const std::vector<int>& a, const std::vector<int>& b) const {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!SameTree(*out_->scopes[a[i]].condition, *out_->scopes[b[i]].condition)) return false;
    return true;
  }

  // The scope terms `r` was defined with.
  static std::vector<ScopeTerm> Defined(const MergedRule& r) {
    return std::vector<ScopeTerm>(r.scope_terms.begin(),
                                  r.scope_terms.begin() + static_cast<long>(r.defined_terms));
  }

  // A new body for every variant of a rule: each scope the rule was defined in keeps a body.
  void Replace(RuleFile* f, Rule* rule, const std::vector<int>& scope,
               const std::vector<size_t>& same) {
    if (same.empty()) {
      Error(f, rule->pos, absl::StrCat("'replace' names no rule in force: '", rule->name, "'",
                                       DidYouMean(rule->name)));
      return;
    }
    const MergedRule& old = out_->rules[same.front()];
    if ((old.rule->stage == Stage::kTable) != (rule->stage == Stage::kTable)) {
      Error(f, rule->pos, absl::StrCat("'", rule->name, "' is a ", StageName(old.rule->stage),
                                       " rule (", Where(old), "); replace it with a ",
                                       StageName(old.rule->stage), " rule"));
      return;
    }
    if (OnFloor(f, rule->name, rule->pos, same, scope, "replace")) return;
    // Each distinct defined scope, with its first and last variant.
    struct Defining {
      std::vector<ScopeTerm> terms;
      size_t first, last;
    };
    std::vector<Defining> defs;
    for (size_t i : same) {
      std::vector<ScopeTerm> terms = Defined(out_->rules[i]);
      auto it = std::find_if(defs.begin(), defs.end(), [&](const Defining& d) {
        return d.terms.size() == terms.size() &&
               std::equal(terms.begin(), terms.end(), d.terms.begin(), [](auto& a, auto& b) {
                 return a.negate == b.negate && a.all == b.all;
               });
      });
      if (it == defs.end()) {
        defs.push_back(Defining{std::move(terms), i, i});
      } else {
        it->last = i;
      }
    }
    auto body = [&](const Defining& d) {
      return MergedRule{rule, f, d.terms, d.terms.size(), rule->final};
    };
    if (scope.empty()) {
      // Every variant gives way: each defined scope gets the new body at its first place.
      for (size_t k = same.size(); k-- > 0;) {
        const size_t i = same[k];
        auto d = std::find_if(defs.begin(), defs.end(), [&](const Defining& x) { return x.first == i; });
        if (d != defs.end()) {
          out_->rules[i] = body(*d);
        } else {
          out_->rules.erase(out_->rules.begin() + static_cast<long>(i));
        }
      }
      in_force_[rule->name] = defs.size();
      return;
    }
    // Scoped: the old variants stay outside the scope; the new body holds inside it, after
    // each defined scope's last variant (inserted from the end, so the places stay valid).
    for (size_t i : same) AddTerms(&out_->rules[i], scope, /*negate=*/true);
    std::sort(defs.begin(), defs.end(),
              [](const Defining& a, const Defining& b) { return a.last > b.last; });
    for (const Defining& d : defs) {
      MergedRule merged = body(d);
      AddTerms(&merged, scope, false);
      out_->rules.insert(out_->rules.begin() + static_cast<long>(d.last) + 1, std::move(merged));
    }
    in_force_[rule->name] += defs.size();
  }

  // Adds "the enclosing scopes all hold" (or, negated, "do not all hold") to `r`.
  static void AddTerms(MergedRule* r, const std::vector<int>& scope, bool negate) {
    if (scope.empty()) return;
    for (const ScopeTerm& t : r->scope_terms)
      if (t.negate == negate && t.all == scope) return;  // already there
    r->scope_terms.push_back(ScopeTerm{scope, negate});
  }

  // True when `r` is switched off wherever all of `scope` hold: one of its negated terms names
  // only scopes among them.
  static bool OffWithin(const MergedRule& r, const std::vector<int>& scope) {
    for (const ScopeTerm& t : r.scope_terms) {
      if (!t.negate) continue;
      bool inside = true;
      for (int s : t.all) inside = inside && std::find(scope.begin(), scope.end(), s) != scope.end();
      if (inside) return true;
    }
    return false;
  }

  // Reports (and returns true) when a variant in `same` is on the floor where `scope` holds:
  // it may not be disabled or replaced there.
  bool OnFloor(RuleFile* f, const std::string& name, Pos pos, const std::vector<size_t>& same,
               const std::vector<int>& scope, const char* verb) {
    for (size_t i : same) {
      const MergedRule& r = out_->rules[i];
      if (!r.final || OffWithin(r, scope)) continue;
      Error(f, pos,
            absl::StrCat("'", name, "' is on the floor: ", r.file->filename, " made it final (",
                         Where(r), "), so no overlay may ", verb, " it; to lower the floor, write "
                         "'unfinal ", name, " \"why\"' before this (lint reports it)"));
      return true;
    }
    return false;
  }

  void Unfinal(RuleFile* f, const std::string& name, Pos pos, const std::string& reason,
               const std::vector<int>& scope) {
    std::vector<size_t> same = Named(name);
    if (same.empty()) {
      Error(f, pos, absl::StrCat("'unfinal' names no rule in force: '", name, "'",
                                 DidYouMean(name)));
      return;
    }
    bool on_floor = false;
    for (size_t i : same) on_floor = on_floor || (out_->rules[i].final && !OffWithin(out_->rules[i], scope));
    if (!on_floor) {
      Error(f, pos, absl::StrCat("'", name, "' is not final", scope.empty() ? "" : " in this scope",
                                 ": there is no floor to lower"));
      return;
    }
    out_->lowerings.push_back(MergedLowering{name, f, pos, reason, scope});
    for (size_t k = same.size(); k-- > 0;) {
      MergedRule& r = out_->rules[same[k]];
      if (!r.final || OffWithin(r, scope)) continue;
      if (scope.empty()) {
        r.final = false;
        continue;
      }
      // Final outside the scope; a copy that is not final holds inside it.
      MergedRule lowered = r;
      lowered.final = false;
      AddTerms(&r, scope, /*negate=*/true);
      AddTerms(&lowered, scope, false);
      out_->rules.insert(out_->rules.begin() + static_cast<long>(same[k]) + 1, std::move(lowered));
      ++in_force_[name];
    }
  }

  void Disable(RuleFile* f, const std::string& name, Pos pos,
               const std::vector<int>& scope) {
    std::vector<size_t> same = Named(name);
    if (same.empty()) {
      Error(f, pos, absl::StrCat("'disable' names no rule in force: '", name, "'",
                                 DidYouMean(name)));
      return;
    }
    if (OnFloor(f, name, pos, same, scope, "disable")) return;
    if (scope.empty()) {
      for (size_t i = same.size(); i-- > 0;) out_->rules.erase(out_->rules.begin() + same[i]);
      in_force_.erase(name);
      return;
    }
    for (size_t i : same) AddTerms(&out_->rules[i], scope, /*negate=*/true);
  }

  const FileReader& read_;
  const Limits& limits_;
  Diagnostics* diags_;
  MergedRules* out_ = nullptr;
  std::vector<std::string> stack_;
  int64_t total_bytes_ = 0;  // of the files read so far (Limits::max_total_bytes)
  int64_t nodes_ = 0;        // syntax-tree nodes of the files parsed so far (Limits::max_nodes)
  // std::unordered_map, not absl::flat_hash_map: absl's (20220623) is left corrupt when an
  // allocation fails while it grows, and a load must survive std::bad_alloc.
  std::unordered_map<std::string, size_t> in_force_;  // rules in force per name
};

}  // namespace

absl::StatusOr<MergedRules> LoadRules(const std::string& path, const FileReader& read,
                                      const Limits& limits, Diagnostics* diags) {
  Diagnostics local;
  Diagnostics* d = diags ? diags : &local;
  d->set_max_issues(std::min(d->max_issues(), limits.max_errors));
  const int before = d->error_count();
  MergedRules out;
  Loader loader(read, limits, d);
  loader.Load(path, &out);
  if (d->error_count() > before) return d->ToStatus();
  return out;
}

}  // namespace dupready
