// Names of rule-expression types, for messages.
#include "engine/common/types.h"

namespace dupready {

static const char* KindName(TypeKind k) {
  switch (k) {
    case TypeKind::kInvalid: return "invalid";
    case TypeKind::kBool: return "bool";
    case TypeKind::kInt: return "int";
    case TypeKind::kString: return "string";
    case TypeKind::kError: return "error code";
    case TypeKind::kAddress: return "address";
    case TypeKind::kPartition: return "partition";
    case TypeKind::kList: return "list";
    case TypeKind::kNamespace: return "namespace";
  }
  return "?";
}

std::string Type::ToString() const {
  if (kind == TypeKind::kList) return std::string("list of ") + KindName(elem);
  return KindName(kind);
}

}  // namespace dupready
