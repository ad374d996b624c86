// Renders parsed rule files without positions, fully parenthesised, for comparing meaning.
#include "engine/format/tree_dump.h"

#include "absl/strings/str_cat.h"
#include "engine/format/expr_printer.h"

namespace dupready {
namespace {

void Dump(const Expr& e, std::string* out) {
  switch (e.kind) {
    case ExprKind::kInt: absl::StrAppend(out, e.int_value); return;
    case ExprKind::kBool: out->append(e.bool_value ? "true" : "false"); return;
    case ExprKind::kString: out->append(QuoteString(e.text)); return;
    case ExprKind::kName: out->append(e.text); return;
    case ExprKind::kField:
      Dump(*e.args[0], out);
      absl::StrAppend(out, ".", e.text);
      return;
    case ExprKind::kUnary:
      absl::StrAppend(out, "(", OpSpelling(e.op), " ");
      Dump(*e.args[0], out);
      out->push_back(')');
      return;
    case ExprKind::kBinary:
      out->push_back('(');
      Dump(*e.args[0], out);
      absl::StrAppend(out, " ", OpSpelling(e.op), " ");
      Dump(*e.args[1], out);
      out->push_back(')');
      return;
    case ExprKind::kCall:
    case ExprKind::kList:
      out->append(e.kind == ExprKind::kCall ? e.text + "(" : "[");
      for (size_t i = 0; i < e.args.size(); ++i) {
        if (i) out->append(", ");
        Dump(*e.args[i], out);
      }
      out->append(e.kind == ExprKind::kCall ? ")" : "]");
      return;
  }
}

void DumpDirectives(const std::vector<Directive>& ds, int depth, std::string* out) {
  const std::string indent(2 * depth, ' ');
  for (const Directive& d : ds) {
    out->append(indent);
    switch (d.kind) {
      case Directive::Kind::kExtend:
        absl::StrAppend(out, "extend ", QuoteString(d.path), "\n");
        break;
      case Directive::Kind::kDisable:
        out->append("disable");
        for (const auto& name : d.names) absl::StrAppend(out, " ", name.first);
        out->push_back('\n');
        break;
      case Directive::Kind::kUnfinal:
        out->append("unfinal");
        for (const auto& name : d.names) absl::StrAppend(out, " ", name.first);
        absl::StrAppend(out, " ", QuoteString(d.reason), "\n");
        break;
      case Directive::Kind::kScope:
        out->append("scope ");
        Dump(*d.scope, out);
        out->append(" {\n");
        DumpDirectives(d.body, depth + 1, out);
        absl::StrAppend(out, indent, "}\n");
        break;
      case Directive::Kind::kRule: {
        const Rule& r = *d.rule;
        absl::StrAppend(out, r.replace ? "replace " : "", r.final ? "final " : "",
                        StageName(r.stage), " ", r.name);
        if (r.place != Rule::Place::kEnd)
          absl::StrAppend(out, r.place == Rule::Place::kBefore ? " before " : " after ", r.anchor);
        out->append(":");
        if (r.guard) {
          out->append(" when ");
          Dump(*r.guard, out);
        }
        out->append(r.kind == RuleKind::kRequire ? " require " : " suffices ");
        Dump(*r.condition, out);
        if (r.kind == RuleKind::kRequire) {
          out->append(" else ");
          Dump(*r.error, out);
          if (r.message.present) {
            out->append(" message");
            for (const Template::Piece& p : r.message.pieces) {
              if (p.expr) {
                out->append(" {");
                Dump(*p.expr, out);
                out->append("}");
              } else {
                absl::StrAppend(out, " ", QuoteString(p.literal));
              }
            }
          }
        }
        out->push_back('\n');
        break;
      }
    }
  }
}

}  // namespace

std::string TreeDump(const Expr& e) {
  std::string out;
  Dump(e, &out);
  return out;
}

std::string TreeDump(const RuleFile& file) {
  std::string out;
  DumpDirectives(file.directives, 0, &out);
  return out;
}

}  // namespace dupready
