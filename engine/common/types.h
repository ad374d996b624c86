// Copyright 2026 The dupready Authors.
//
// types.h: the types of rule expressions and the facts names resolve to.
//
// The language is statically typed: every expression has one of the types below, known when
// the file loads. Facts are identified by FactId; the checker's schema maps names to them and
// the compiler maps them to loads from FollowerFacts.

#ifndef DUPREADY_ENGINE_COMMON_TYPES_H_
#define DUPREADY_ENGINE_COMMON_TYPES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace dupready {

enum class TypeKind : uint8_t {
  kInvalid,    // not yet checked, or an error was reported
  kBool,
  kInt,        // 64-bit signed
  kString,
  kError,      // a Pegasus error code, e.g. ERR_OK
  kAddress,    // a replica address: .valid .host .port
  kPartition,  // one partition of the reply (only as a quantifier's variable)
  kList,       // a list of `elem`
  kNamespace,  // `dup` and `response`: only valid before a '.'
};

struct Type {
  TypeKind kind = TypeKind::kInvalid;
  TypeKind elem = TypeKind::kInvalid;  // for kList

  static Type Of(TypeKind k) { return Type{k, TypeKind::kInvalid}; }
  static Type ListOf(TypeKind e) { return Type{TypeKind::kList, e}; }
  bool operator==(const Type& o) const { return kind == o.kind && elem == o.elem; }
  bool operator!=(const Type& o) const { return !(*this == o); }
  bool valid() const { return kind != TypeKind::kInvalid; }
  std::string ToString() const;  // "int", "list of address", ...
};

// Every fact a rule can read.
enum class FactId : uint8_t {
  kNone,
  // Duplication context: dup.*
  kDupAppName, kDupRemoteClusterName, kDupRemoteAppName, kDupPartitionCount,
  kDupRemoteReplicaCount,
  // The remote call and its reply.
  kRpcErr, kResponseErr, kResponseAppId, kResponsePartitionCount, kResponseIsStateful,
  kResponsePartitions,
  // A partition (bare names in partition rules; p.<name> for a partition variable).
  kPidx, kBallot, kMaxReplicaCount, kPrimary, kSecondaries, kLastDrops,
  kLastCommittedDecree, kPartitionFlags, kPrimaryAlive, kAliveSecondaries, kAliveReplicas,
  // An address.
  kAddressValid, kAddressHost, kAddressPort,
};

// What a name or field was resolved to.
struct Resolution {
  enum class Kind : uint8_t { kNone, kNamespace, kFact, kVariable, kErrorCode } kind = Kind::kNone;
  FactId fact = FactId::kNone;  // kFact (for fields: the field's fact)
  int variable = -1;            // kVariable: index of the binding, innermost last
  int error_code = -1;          // kErrorCode: index in the Pegasus error table
};

// One condition on where a rule applies: the scopes in `all` hold together (or, when `negate`,
// do not all hold). A rule applies where every one of its terms is true.
struct ScopeTerm {
  std::vector<int> all;  // indices of scope conditions
  bool negate = false;
};

}  // namespace dupready

#endif  // DUPREADY_ENGINE_COMMON_TYPES_H_
