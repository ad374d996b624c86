// Copyright 2026 The dupready Authors.
//
// pegasus_convert.h: the generated query_cfg_response <-> the snapshot's QueryConfigResponse.
//
// Reply -> proto reads addresses the way Pegasus does: a partition's hp_primary,
// hp_secondaries and hp_last_drops are used when their __isset flag is set (current servers),
// else the rpc_address fields (older servers). An rpc_address becomes "a.b.c.d" and its port;
// an invalid address or host_port becomes the invalid Address (empty host, port 0).
// gpid.partition_index becomes pidx (the gpid's app_id is not kept).
//
// Proto -> reply builds what a server would send, for tests, fakes and corpus generation.

#ifndef DUPREADY_META_INTEGRATION_FORMATS_PEGASUS_CONVERT_H_
#define DUPREADY_META_INTEGRATION_FORMATS_PEGASUS_CONVERT_H_

#include "absl/status/statusor.h"
#include "engine/snapshot/snapshot.pb.h"
#include "meta_integration/wire/idl/pegasus_layer2_types.h"
#include "meta_integration/wire/wire_text.h"  // IsSafeErrorName, IsSafeHost

namespace dupready {

// Converts a decoded reply. InvalidArgument, naming the field (e.g.
// "query_cfg_response.partitions[2].hp_secondaries[0]"), when the reply holds what the
// snapshot cannot represent faithfully:
//   - an error name that is empty, longer than 256 bytes or not [A-Za-z0-9_];
//   - an address of host type group or unknown;
//   - a valid host_port whose host is empty, longer than 255 bytes or has characters other
//     than [A-Za-z0-9._-] (a hostile remote must not smuggle text into logs and JSON).
// A reply whose err field was absent reads as "ERR_OK", as in Pegasus.
absl::StatusOr<QueryConfigResponse> ReplyToProto(const pegasus_wire::query_cfg_response& reply);

struct ReplyOptions {
  // true: like a current server, fill the rpc_address fields and hp_primary, hp_secondaries
  // and hp_last_drops. A host that is not an IPv4 literal goes into hp_* only; its
  // rpc_address is left invalid (a fake has no resolver).
  // false: like a server from before host_port, only the rpc_address fields; every valid
  // host must then be an IPv4 literal ("10.0.0.1").
  bool fill_host_port = true;
};

// Each partition's gpid is (response.app_id, pidx). InvalidArgument, naming the field, for an
// Address that is neither invalid (empty host, port 0) nor a valid host (as above) with a port
// in [0, 65535], for a bad error name, and for a hostname when !options.fill_host_port.
absl::StatusOr<pegasus_wire::query_cfg_response> ProtoToReply(
    const QueryConfigResponse& response, const ReplyOptions& options = ReplyOptions());

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_FORMATS_PEGASUS_CONVERT_H_
