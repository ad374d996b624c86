// Copyright 2026 The dupready Authors.
//
// alloc_counter.h: measures heap allocation made through global operator new. Linking
// :replaced_new (replaced_new.cc, the one replacement of operator new/delete; failing_alloc.h is
// its other face) replaces operator new/delete for the whole binary (link it statically: from
// a shared library the sanitizer runtime's operator new would win).
//
//   AllocationCounter counter;                 // allocations from here, all threads
//   const int64_t before = ThreadAllocations();
//   rules->Check(facts, &scratch, &verdict);
//   counter.Stop();                            // counter.count(), ThreadAllocations() - before

#ifndef DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_
#define DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_

#include <cstddef>
#include <cstdint>

namespace dupready {
namespace testonly {

// Counts allocations from construction to Stop() (or destruction). One at a time; not for
// concurrent use by several threads.
class AllocationCounter {
 public:
  AllocationCounter();
  ~AllocationCounter();
  AllocationCounter(const AllocationCounter&) = delete;
  AllocationCounter& operator=(const AllocationCounter&) = delete;

  void Stop();
  size_t largest() const;  // the largest single allocation, in bytes
  size_t total() const;    // all bytes allocated (frees are not subtracted)
  size_t count() const;    // allocations made
};

// Allocations made by the calling thread since it started. Always counted: a thread-local
// increment, cheap enough for a benchmark's timed loops.
int64_t ThreadAllocations();

// Stops counting live blocks (AllocFailure::Live) for the rest of the program. Counting them
// takes an atomic add per allocation and per free, which a benchmark that times allocating
// code must not pay.
void StopCountingLiveBlocks();

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_
