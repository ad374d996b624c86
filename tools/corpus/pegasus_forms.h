// Copyright 2026 The dupready Authors.
//
// pegasus_forms.h: a case as Pegasus itself would put it: the query_cfg_response bytes a meta
// server marshals, and the JSON the shell prints for `app NAME -d -j`.
//
// Both are written here from meta_integration/PEGASUS.md ("Thrift binary dialect", "The shell's
// `app NAME -d -j`") and Pegasus's printing code, independently of
// meta_integration's codec and shell writer, so that replaying the corpus tests those readers
// against a second implementation instead of against themselves.

#ifndef DUPREADY_TOOLS_CORPUS_PEGASUS_FORMS_H_
#define DUPREADY_TOOLS_CORPUS_PEGASUS_FORMS_H_

#include <string>

#include "absl/status/statusor.h"
#include "tools/corpus/corpus_model.h"

namespace dupready {
namespace corpus {

// The reply in Pegasus's binary Thrift dialect: one bare query_cfg_response struct, fields in
// IDL order, the hp_* fields only when c.host_ports. InvalidArgument when the case cannot be
// sent that way (rpc_err set, a port outside 0..65535, a non-IPv4 host without host_ports).
absl::StatusOr<std::string> EncodeReply(const CaseModel& c);

// The shell's output: sections parameters, general, replicas, nodes and healthy, every value
// a string, indented as rapidjson's PrettyWriter does, ending in a newline. What the shell
// shows is ShellView(c): an older server's table without its addresses. "nodes" repeats the
// key "invalid host_port", once per invalid secondary, as the shell does. REQUIRES:
// c.has_shell().
std::string ShellJson(const CaseModel& c);

}  // namespace corpus
}  // namespace dupready

#endif  // DUPREADY_TOOLS_CORPUS_PEGASUS_FORMS_H_
