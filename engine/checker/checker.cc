// Name resolution and type checking of rule expressions, one rule at a time.
#include "engine/checker/checker.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "engine/checker/schema.h"
#include "engine/common/error_codes.h"
#include "engine/common/strings.h"
#include "engine/common/suggest.h"

namespace dupready {
namespace {

// The closest candidate by spelling, or else the one `word` is a prefix of ("remote_app" ->
// "remote_app_name"); "" when neither.
std::string SuggestName(const std::string& word, absl::Span<const std::string_view> candidates) {
  std::string s = Suggest(word, candidates);
  if (!s.empty() || word.size() < 3) return s;
  for (std::string_view c : candidates)
    if (c.size() > word.size() && c.substr(0, word.size()) == word) return std::string(c);
  return "";
}

const Type kBool = Type::Of(TypeKind::kBool);
const Type kInt = Type::Of(TypeKind::kInt);
const Type kString = Type::Of(TypeKind::kString);
const Type kError = Type::Of(TypeKind::kError);
const Type kInvalid = Type::Of(TypeKind::kInvalid);

bool Comparable(const Type& t) {
  return t.kind == TypeKind::kBool || t.kind == TypeKind::kInt || t.kind == TypeKind::kString ||
         t.kind == TypeKind::kError || t.kind == TypeKind::kAddress;
}

class Checker {
 public:
  Checker(const RuleFile& file, ExprContext ctx, const Limits& limits, RegexPool* regexes,
          Diagnostics* diags)
      : file_(file), ctx_(ctx), limits_(limits), regexes_(regexes), diags_(diags) {}

  // Checks `e` and requires type `want`; `what` names the place for messages.
  bool Expect(Expr* e, const Type& want, const char* what) {
    Type t = Check(e);
    if (!t.valid()) return false;
    if (t != want) {
      Error(e->pos, absl::StrCat(what, " must be ", want.ToString(), ", but this is ",
                                 t.ToString()));
      return false;
    }
    return true;
  }

  // Checks `e` as a value to print in a message.
  bool Printable(Expr* e) {
    Type t = Check(e);
    if (!t.valid()) return false;
    if (t.kind == TypeKind::kNamespace) {
      Error(e->pos, absl::StrCat("'", e->text, "' is a group of facts; name one, e.g. '", e->text,
                                 ".", e->text == "dup" ? "remote_app_name" : "err", "'"));
      return false;
    }
    return true;
  }

 private:
  void Error(Pos pos, std::string message) {
    failed_ = true;
    diags_->Error(LocationOf(file_, pos), std::move(message), file_.source);
  }

  Type Set(Expr* e, Type t) {
    e->type = t;
    return t;
  }

  Type Check(Expr* e) {
    switch (e->kind) {
      case ExprKind::kInt: return Set(e, kInt);
      case ExprKind::kBool: return Set(e, kBool);
      case ExprKind::kString: return Set(e, kString);
      case ExprKind::kName: return Set(e, CheckName(e));
      case ExprKind::kField: return Set(e, CheckField(e));
      case ExprKind::kUnary: return Set(e, CheckUnary(e));
      case ExprKind::kBinary: return Set(e, CheckBinary(e));
      case ExprKind::kCall: return Set(e, CheckCall(e));
      case ExprKind::kList:
        Error(e->pos, "a list literal can only follow 'in' or 'not in'");
        return kInvalid;
    }
    return kInvalid;
  }

  std::vector<std::string_view> VisibleNames() const {
    std::vector<std::string_view> names;
    for (const auto& b : bindings_) names.push_back(b.name);
    for (const FactInfo& f : AllFacts()) {
      if (f.group == FactGroup::kRoot && (ctx_ != ExprContext::kScope || f.name == "dup"))
        names.push_back(f.name);
      if (f.group == FactGroup::kPartition && ctx_ == ExprContext::kPartition)
        names.push_back(f.name);
    }
    return names;
  }

  Type CheckName(Expr* e) {
    for (int i = static_cast<int>(bindings_.size()) - 1; i >= 0; --i) {
      if (bindings_[i].name == e->text) {
        e->res.kind = Resolution::Kind::kVariable;
        e->res.variable = i;
        return bindings_[i].type;
      }
    }
    if (e->text.rfind("ERR_", 0) == 0) {
      int code = PegasusErrorCode(e->text);
      if (code < 0) {
        std::string s = Suggest(e->text, PegasusErrorNames());
        Error(e->pos, absl::StrCat("unknown error code '", e->text, "'",
                                   s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?")));
        return kInvalid;
      }
      e->res.kind = Resolution::Kind::kErrorCode;
      e->res.error_code = code;
      return kError;
    }
    if (const FactInfo* f = FindFact(FactGroup::kRoot, e->text)) {
      if (ctx_ == ExprContext::kScope && f->name != "dup") {
        Error(e->pos, absl::StrCat("a scope condition can only use dup.* facts, not '", e->text,
                                   "': scopes are decided once per duplication, before the "
                                   "reply is read"));
        return kInvalid;
      }
      e->res.kind = f->type.kind == TypeKind::kNamespace ? Resolution::Kind::kNamespace
                                                         : Resolution::Kind::kFact;
      e->res.fact = f->id;
      return f->type;
    }
    if (const FactInfo* f = FindFact(FactGroup::kPartition, e->text)) {
      if (ctx_ == ExprContext::kPartition) {
        e->res.kind = Resolution::Kind::kFact;
        e->res.fact = f->id;
        return f->type;
      }
      Error(e->pos, absl::StrCat("'", e->text, "' is a fact of one partition: use it in a "
                                 "partition rule, or as p.", e->text,
                                 " inside all(response.partitions, p, ...)"));
      return kInvalid;
    }
    std::string s = SuggestName(e->text, VisibleNames());
    if (s.empty() && ctx_ != ExprContext::kPartition && FindFact(FactGroup::kDup, e->text))
      s = absl::StrCat("dup.", e->text);
    Error(e->pos, absl::StrCat("unknown name '", e->text, "'",
                               s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?")));
    return kInvalid;
  }

  Type CheckField(Expr* e) {
    Expr* base = e->args[0].get();
    Type bt = Check(base);
    if (!bt.valid()) return kInvalid;
    FactGroup group;
    if (bt.kind == TypeKind::kNamespace) {
      group = base->text == "dup" ? FactGroup::kDup : FactGroup::kResponse;
    } else if (!FieldGroupOf(bt, &group)) {
      Error(e->pos, absl::StrCat("a value of type ", bt.ToString(), " has no fields"));
      return kInvalid;
    }
    const FactInfo* f = FindFact(group, e->text);
    if (f == nullptr) {
      std::vector<std::string_view> names;
      for (const FactInfo& g : AllFacts())
        if (g.group == group) names.push_back(g.name);
      std::string s = SuggestName(e->text, names);
      Error(e->pos, absl::StrCat("'", e->text, "' is not a field of ",
                                 bt.kind == TypeKind::kNamespace ? base->text : bt.ToString(),
                                 s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?")));
      return kInvalid;
    }
    if (f->id == FactId::kResponsePartitions && ctx_ == ExprContext::kPartition) {
      Error(e->pos, "response.partitions is only available in table rules (a partition rule "
                    "already runs once per partition)");
      return kInvalid;
    }
    e->res.kind = Resolution::Kind::kFact;
    e->res.fact = f->id;
    return f->type;
  }

  Type CheckUnary(Expr* e) {
    if (e->op == Op::kNot) return Expect(e->args[0].get(), kBool, "the operand of 'not'") ? kBool : kInvalid;
    return Expect(e->args[0].get(), kInt, "the operand of '-'") ? kInt : kInvalid;
  }

  Type CheckBinary(Expr* e) {
    Expr* l = e->args[0].get();
    Expr* r = e->args[1].get();
    const std::string side = absl::StrCat("each side of '", OpSpelling(e->op), "'");
    switch (e->op) {
      case Op::kAnd:
      case Op::kOr: {
        bool a = Expect(l, kBool, side.c_str());
        bool b = Expect(r, kBool, side.c_str());
        return a && b ? kBool : kInvalid;
      }
      case Op::kEq:
      case Op::kNe: {
        Type lt = Check(l), rt = Check(r);
        if (!lt.valid() || !rt.valid()) return kInvalid;
        if (lt != rt || !Comparable(lt)) {
          std::string hint;
          if ((lt == kError && rt == kString) || (lt == kString && rt == kError))
            hint = "; write error codes bare, as in ERR_OK, not \"ERR_OK\"";
          Error(e->pos, absl::StrCat("cannot compare ", lt.ToString(), " with ", rt.ToString(),
                                     hint));
          return kInvalid;
        }
        return kBool;
      }
      case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe: {
        bool a = Expect(l, kInt, side.c_str());
        bool b = Expect(r, kInt, side.c_str());
        return a && b ? kBool : kInvalid;
      }
      case Op::kAdd: case Op::kSub: case Op::kMul: case Op::kDiv: case Op::kMod: {
        bool a = Expect(l, kInt, side.c_str());
        bool b = Expect(r, kInt, side.c_str());
        return a && b ? kInt : kInvalid;
      }
      case Op::kMatch:
      case Op::kNotMatch: return CheckMatch(e, l, r);
      case Op::kIn:
      case Op::kNotIn: return CheckIn(e, l, r);
      default: break;
    }
    Error(e->pos, "unexpected operator");
    return kInvalid;
  }

  Type CheckMatch(Expr* e, Expr* l, Expr* r) {
    if (!Expect(l, kString, "the left side of a regular-expression match")) return kInvalid;
    if (r->kind != ExprKind::kString) {
      Error(r->pos, "the pattern after '=~' must be a string literal: it is compiled when the "
                    "file loads");
      return kInvalid;
    }
    r->type = kString;
    std::string error;
    const int index = regexes_->Add(r->text, limits_, &error);
    if (index < 0) {
      if (!error.empty()) Error(r->pos, std::move(error));
      failed_ = true;  // (an empty error: the budget, reported at an earlier pattern)
      return kInvalid;
    }
    e->regex = index;
    return kBool;
  }

  Type CheckIn(Expr* e, Expr* l, Expr* r) {
    Type lt = Check(l);
    if (!lt.valid()) return kInvalid;
    if (!Comparable(lt)) {
      Error(l->pos, absl::StrCat("cannot look for a ", lt.ToString(), " in a list"));
      return kInvalid;
    }
    if (r->kind == ExprKind::kList) {
      r->type = Type::ListOf(lt.kind);
      bool ok = true;
      for (auto& item : r->args) ok = Expect(item.get(), lt, "each item of the list") && ok;
      if (ok && r->args.empty()) {
        Error(r->pos, absl::StrCat("'", OpSpelling(e->op), "' an empty list is always ",
                                   e->op == Op::kIn ? "false" : "true"));
        return kInvalid;
      }
      return ok ? kBool : kInvalid;
    }
    Type rt = Check(r);
    if (!rt.valid()) return kInvalid;
    if (rt.kind != TypeKind::kList || rt.elem != lt.kind) {
      Error(r->pos, absl::StrCat("the right side of '", OpSpelling(e->op), "' must be a list of ",
                                 lt.ToString(), ", but this is ", rt.ToString()));
      return kInvalid;
    }
    return kBool;
  }

  Type CheckCall(Expr* e) {
    const std::string& f = e->text;
    auto arity = [&](size_t n, const char* shape) {
      if (e->args.size() == n) return true;
      Error(e->pos, absl::StrCat(f, "() takes ", n, " argument", n == 1 ? "" : "s", ": ", shape));
      return false;
    };
    if (f == "all" || f == "any" || f == "count") {
      if (!arity(3, absl::StrCat(f, "(LIST, VARIABLE, CONDITION)").c_str())) return kInvalid;
      return CheckQuantifier(e);
    }
    if (f == "sum") {
      if (!arity(3, "sum(LIST, VARIABLE, EXPRESSION); the sum of an empty list is 0")) return kInvalid;
      return CheckQuantifier(e);
    }
    if (f == "min" || f == "max") {
      if (!arity(4, absl::StrCat(f, "(LIST, VARIABLE, EXPRESSION, IF_EMPTY): IF_EMPTY is the "
                                 "value when the list is empty").c_str()))
        return kInvalid;
      // Checked outside the variable's scope: it stands for no item.
      const bool if_empty = Expect(e->args[3].get(), kInt,
                                   absl::StrCat("the value ", f, "() takes when the list is empty")
                                       .c_str());
      return CheckQuantifier(e) == kInt && if_empty ? kInt : kInvalid;
    }
    if (f == "size") {
      if (!arity(1, "size(LIST or STRING)")) return kInvalid;
      Type t = Check(e->args[0].get());
      if (!t.valid()) return kInvalid;
      if (t.kind != TypeKind::kList && t.kind != TypeKind::kString) {
        Error(e->args[0]->pos, absl::StrCat("size() takes a list or a string, not ", t.ToString()));
        return kInvalid;
      }
      return kInt;
    }
    if (f == "starts_with" || f == "ends_with" || f == "contains") {
      if (!arity(2, absl::StrCat(f, "(STRING, STRING)").c_str())) return kInvalid;
      bool a = Expect(e->args[0].get(), kString, absl::StrCat("the first argument of ", f, "()").c_str());
      bool b = Expect(e->args[1].get(), kString, absl::StrCat("the second argument of ", f, "()").c_str());
      return a && b ? kBool : kInvalid;
    }
    static constexpr std::string_view kFunctions[] = {
        "all", "any", "count", "sum", "min", "max", "size", "starts_with", "ends_with",
        "contains"};
    std::string s = Suggest(f, kFunctions);
    std::string all;
    for (std::string_view name : kFunctions) absl::StrAppend(&all, all.empty() ? "" : ", ", Av(name));
    Error(e->pos, absl::StrCat("unknown function '", f, "'",
                               s.empty() ? "" : absl::StrCat("; did you mean '", s, "'?"),
                               " (the functions are ", all, ")"));
    return kInvalid;
  }

  Type CheckQuantifier(Expr* e) {
    Expr* list = e->args[0].get();
    Expr* var = e->args[1].get();
    Type lt = Check(list);
    if (!lt.valid()) return kInvalid;
    if (lt.kind != TypeKind::kList) {
      Error(list->pos, absl::StrCat(e->text, "() goes over a list, but this is ", lt.ToString()));
      return kInvalid;
    }
    if (var->kind != ExprKind::kName) {
      Error(var->pos, absl::StrCat("the second argument of ", e->text,
                                   "() names the variable that stands for each item"));
      return kInvalid;
    }
    if (FindFact(FactGroup::kRoot, var->text) || FindFact(FactGroup::kPartition, var->text)) {
      Error(var->pos, absl::StrCat("variable '", var->text, "' would hide the fact of that name; "
                                   "choose another name"));
      return kInvalid;
    }
    bool over_partitions = lt.elem == TypeKind::kPartition;
    if (over_partitions && partition_loops_ > 0) {
      Error(e->pos, "a quantifier over response.partitions cannot be nested inside another one "
                    "(its cost would grow with the square of the partitions)");
      return kInvalid;
    }
    if (static_cast<int>(bindings_.size()) >= limits_.max_quantifier_nesting) {
      Error(e->pos, absl::StrCat("quantifiers nest at most ", limits_.max_quantifier_nesting,
                                 " deep"));
      return kInvalid;
    }
    var->type = Type::Of(lt.elem);
    var->res.kind = Resolution::Kind::kVariable;
    var->res.variable = static_cast<int>(bindings_.size());
    bindings_.push_back({var->text, Type::Of(lt.elem)});
    partition_loops_ += over_partitions;
    // sum, min and max add up or compare an int per item; the others test a condition.
    const bool aggregate = e->text == "sum" || e->text == "min" || e->text == "max";
    bool ok = aggregate ? Expect(e->args[2].get(), kInt,
                                 absl::StrCat("the expression of ", e->text, "()").c_str())
                        : Expect(e->args[2].get(), kBool,
                                 absl::StrCat("the condition of ", e->text, "()").c_str());
    partition_loops_ -= over_partitions;
    bindings_.pop_back();
    if (!ok) return kInvalid;
    return e->text == "count" || aggregate ? kInt : kBool;
  }

  struct Binding {
    std::string name;
    Type type;
  };

  const RuleFile& file_;
  ExprContext ctx_;
  const Limits& limits_;
  RegexPool* regexes_;
  Diagnostics* diags_;
  std::vector<Binding> bindings_;
  int partition_loops_ = 0;
  bool failed_ = false;
};

}  // namespace

bool CheckRule(const RuleFile& file, Rule* rule, const Limits& limits, RegexPool* regexes,
               Diagnostics* diags) {
  const int before = diags->error_count();
  ExprContext ctx = rule->stage == Stage::kTable ? ExprContext::kTable : ExprContext::kPartition;
  Checker c(file, ctx, limits, regexes, diags);
  if (rule->guard) c.Expect(rule->guard.get(), kBool, "a 'when' guard");
  c.Expect(rule->condition.get(), kBool,
           rule->kind == RuleKind::kRequire ? "a requirement" : "a sufficient condition");
  if (rule->kind == RuleKind::kRequire) {
    c.Expect(rule->error.get(), kError, "the error after 'else'");
    for (auto& piece : rule->message.pieces)
      if (piece.expr) c.Printable(piece.expr.get());
  }
  return diags->error_count() == before;
}

bool CheckScope(const RuleFile& file, Expr* condition, const Limits& limits, RegexPool* regexes,
                Diagnostics* diags) {
  const int before = diags->error_count();
  Checker c(file, ExprContext::kScope, limits, regexes, diags);
  c.Expect(condition, kBool, "a scope condition");
  return diags->error_count() == before;
}

}  // namespace dupready
