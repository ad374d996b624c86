// Copyright 2026 The dupready Authors.
//
// alloc_counter.h (tests only): measures heap allocation made through global operator new.
// Linking alloc_counter.cc replaces operator new/delete for the whole test binary; outside an
// AllocationCounter's lifetime the replacement only forwards to malloc/free.

#ifndef DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_
#define DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_

#include <cstddef>

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

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_ALLOC_COUNTER_H_
