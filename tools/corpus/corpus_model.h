// Copyright 2026 The dupready Authors.
//
// corpus_model.h: the followers of the testdata corpus, described plainly, and the list of
// cases the generator writes.
//
// A CaseModel is the single source every form of a case is made from: the JSON snapshot, the
// Pegasus shell's JSON, the raw Thrift reply and the expected verdicts (reference.h). It holds
// exactly what a remote meta server can say plus the source side's duplication context.

#ifndef DUPREADY_TOOLS_CORPUS_CORPUS_MODEL_H_
#define DUPREADY_TOOLS_CORPUS_CORPUS_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "engine/model/follower_table.h"
#include "engine/snapshot/snapshot.pb.h"

namespace dupready {
namespace corpus {

// A case: a follower (the plain model every tool and test describes followers with), and what
// the corpus needs besides.
struct CaseModel : model::FollowerTable {
  std::string name;         // file name stem: [a-z0-9_]+
  std::string description;  // one line, for CASES.tsv

  // The reply's partition_count (query_cfg_response.partition_count), which a corrupt reply
  // may state apart from its list's length.
  int32_t declared_partition_count = 4;

  // The reply carries hp_* fields (a current server) or only rpc_address fields (an older
  // one, whose hosts must then all be IPv4 literals).
  bool host_ports = true;
  // Which forms exist. The Thrift reply cannot say that the RPC itself failed (rpc_err); the
  // shell prints nothing but the table of an ERR_OK reply, and never last_drops,
  // last_committed_decree or is_stateful.
  bool has_thrift() const { return rpc_err == "ERR_OK"; }
  bool has_shell() const { return rpc_err == "ERR_OK" && response_err == "ERR_OK"; }
};

// Every case of the corpus, in a fixed order, the same on every run and platform (the random
// ones come from a fixed seed and a generator whose output the standard pins down).
std::vector<CaseModel> BuildCases();

// The snapshot of a case, field by field.
FollowerSnapshot ToSnapshot(const CaseModel& c);

// The case as the shell's JSON shows it: no last_drops, last_committed_decree 0,
// partition_flags 0, is_stateful true. The shell prints only the hp_* fields, so an older
// server's table (c.host_ports false) shows no primary and no secondary at all.
CaseModel ShellView(const CaseModel& c);

// The context flags the shell and Thrift forms need, as command-line words: every value,
// since neither form carries the source's (the shell's table name is the follower's, and
// agrees with --remote-app).
std::vector<std::string> ContextFlags(const CaseModel& c);

}  // namespace corpus
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CORPUS_CORPUS_MODEL_H_
