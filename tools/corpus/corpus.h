// Copyright 2026 The dupready Authors.
//
// corpus.h: the whole testdata/corpus directory as data, so that the generator can write it
// and the replay test can check that the checked-in copy is what the generator makes.
//
// Files, for each case NAME (see corpus_model.h for the cases):
//   NAME.snapshot.json  the project's JSON snapshot (context included)
//   NAME.shell.json     the Pegasus shell's `app NAME -d -j` output (ERR_OK replies only)
//   NAME.reply.bin      the raw query_cfg_response (not when the RPC itself failed)
//   CASES.tsv           case, forms, the context flags the shell and Thrift forms need,
//                       description
//   EXPECTED.tsv        case, rules file, ready, error, partition, rule: the reference
//                       verdict (reference.h) under every shipped rule file

#ifndef DUPREADY_TOOLS_CORPUS_CORPUS_H_
#define DUPREADY_TOOLS_CORPUS_CORPUS_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"

namespace dupready {
namespace corpus {

// The corpus must stay small enough to keep in git and replay quickly.
inline constexpr size_t kMaxCorpusBytes = 5u << 20;

// File name -> contents, for every file of the corpus. Fails when a case is malformed (a
// repeated name, a pidx other than its index, a form that cannot be written), when the
// reference disagrees with PegasusCheck, or when the corpus exceeds kMaxCorpusBytes.
absl::StatusOr<std::map<std::string, std::string>> GenerateCorpus();

// True for the names GenerateCorpus produces or could produce (the corpus file suffixes and
// the two TSV files): what a regeneration may delete.
bool IsCorpusFileName(const std::string& name);

}  // namespace corpus
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CORPUS_CORPUS_H_
