// Copyright 2026 The dupready Authors.
//
// pegasus_wire_check.h: the validator that enforces PegasusWireLimits (pegasus_wire_limits.h)
// on Pegasus Thrift structs read from untrusted bytes: the query-configuration RPC's request
// and reply, and the administrative RPCs that list duplications (idl/pegasus_admin.thrift).
//
// Thrift's generated readers trust the sizes they read (a 6-byte list header can make them
// resize a vector to 2^31 elements). So before any generated code runs, ValidatePegasusWire()
// walks the bytes once against a schema of the struct, allocating nothing that depends on the
// input, and rejects anything that is truncated, oversized or too deeply nested. Its errors say
// what, which field and at which byte offset, e.g.
//
//   query_cfg_response.partitions[3].hp_secondaries: list of 2147483647 elements exceeds the
//   remaining 12 bytes at offset 211
//   duplication_list_response.app_states["orders"].duplications[7].remote: string of 5000
//   bytes exceeds the limit of 4096 at offset 96
//
// An element of a known map is named by its key when the key is an i32 or a short string of
// [A-Za-z0-9_.:-], else by its position ("[#2]"). Unknown fields are skipped (as Thrift does),
// within the same bounds. A known field with an unexpected wire type is skipped too, as the
// generated code does; a list or map of a known field whose element, key or value type is
// wrong is rejected (the generated code would misread it).

#ifndef DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_CHECK_H_
#define DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_CHECK_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "meta_integration/wire/pegasus_wire_limits.h"

namespace dupready {

// Checks that data[0, len) holds exactly one `which` struct in Pegasus's binary Thrift dialect,
// within `limits`. OK, or DataLoss (the input ends early or a size claims more bytes than
// remain) or InvalidArgument (a limit is exceeded, a type or size is invalid, bytes trail the
// struct). Never throws; runs in time linear in len; recursion depth <= limits.max_depth.
// `data` may be null when len == 0.
absl::Status ValidatePegasusWire(PegasusStruct which, const uint8_t* data, size_t len,
                                 const PegasusWireLimits& limits);

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_WIRE_PEGASUS_WIRE_CHECK_H_
