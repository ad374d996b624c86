// Copyright 2026 The dupready Authors.
//
// floor_walk.h: the least work any decoder of a query_cfg_response has to do, as a yardstick
// for the real ones. FloorWalk reads the reply in Pegasus's layout: every field header (type
// compared, id dispatched on), every fixed-size value, the length and every byte of every
// string (eight at a time), each list header, checking each size against the bytes that
// remain. It keeps nothing: it folds what it reads into a checksum so that no read can be
// optimised away.
//
// What it leaves out, and every real decoder must do: unknown fields, fields out of place,
// limits, nesting depth, host types, error messages with paths and offsets, and producing
// anything. So it is a floor: no decoder that validates the reply can be faster.
//
//   uint64_t sum = 0;
//   bool ok = FloorWalk(bytes, len, &sum);  // false: not a reply this walk understands

#ifndef DUPREADY_TOOLS_BENCH_FLOOR_WALK_H_
#define DUPREADY_TOOLS_BENCH_FLOOR_WALK_H_

#include <cstddef>
#include <cstdint>

namespace dupready {
namespace bench {

// true when data[0, len) is exactly one query_cfg_response made of known fields only.
bool FloorWalk(const uint8_t* data, size_t len, uint64_t* checksum);

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_FLOOR_WALK_H_
