// Smoke test for thrift_cc_library: no constants, includes another file.
include "smoke.thrift"

namespace cpp dupready.smoke

struct Segment {
  1: smoke.Point start;
  2: smoke.Point finish;
}
