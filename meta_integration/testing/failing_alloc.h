// Copyright 2026 The dupready Authors.
//
// failing_alloc.h (tests only): allocation failure on demand, from the one replacement of
// global operator new/delete (replaced_new.cc; see alloc_counter.h for linking it). Disarmed,
// the replacement only counts; armed, it throws std::bad_alloc at a chosen allocation.
//
//   AllocFailure::Arm(17, AllocFailure::Mode::kOnce);   // the 18th allocation from now fails
//   int rc = dupready_reload(c, err, sizeof err);
//   bool hit = AllocFailure::Disarm();                  // false: fewer than 18 allocations
//
// Stepping n from 0 until Disarm() returns false makes every allocation of an operation fail
// in turn.

#ifndef DUPREADY_META_INTEGRATION_TESTING_FAILING_ALLOC_H_
#define DUPREADY_META_INTEGRATION_TESTING_FAILING_ALLOC_H_

#include <cstdint>

namespace dupready {
namespace testonly {

class AllocFailure {
 public:
  enum class Mode {
    kOnce,         // only allocation n fails (a transient shortage)
    kFromThenOn,   // allocation n and every later one fail until Disarm (memory exhausted)
  };
  // Counts allocations from now (all threads); the n-th (0-based) throws std::bad_alloc.
  static void Arm(int64_t n, Mode mode);
  // Stops failing; returns whether an allocation was refused since Arm.
  static bool Disarm();
  // Blocks obtained from operator new and not yet returned, since the program started (unless
  // StopCountingLiveBlocks, alloc_counter.h).
  static int64_t Live();
  // Whether the first allocation refused since Arm was made (directly or not) by code in the
  // shared library whose file name contains `library` (e.g. "libre2"). After Disarm.
  static bool RefusedWithin(const char* library);
};

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_FAILING_ALLOC_H_
