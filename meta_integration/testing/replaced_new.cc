// Copyright 2026 The dupready Authors.
//
// The one replacement of global operator new/delete (plain, array, nothrow, aligned): malloc
// and free wrappers that count each thread's allocations always, live blocks unless told not
// to, the allocations of an AllocationCounter's lifetime, and, when armed, refuse a chosen one.

#include <dlfcn.h>
#include <execinfo.h>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <new>

#include "meta_integration/testing/alloc_counter.h"
#include "meta_integration/testing/failing_alloc.h"

namespace {

// Always on: one thread-local increment, cheap enough for a benchmark's timed loops.
thread_local int64_t t_allocations = 0;

// Live blocks: on from the start unless StopCountingLiveBlocks (an atomic add per call).
std::atomic<bool> g_count_live{true};
std::atomic<int64_t> g_live{0};

// AllocationCounter.
std::atomic<bool> g_counting{false};
std::atomic<size_t> g_largest{0};
std::atomic<size_t> g_total{0};
std::atomic<size_t> g_count{0};

// AllocFailure.
std::atomic<bool> g_armed{false};
std::atomic<int64_t> g_countdown{0};  // allocations left before the one that fails
std::atomic<bool> g_persistent{false};
std::atomic<bool> g_fired{false};

// The call stack of the first refused allocation (glibc's backtrace uses no operator new).
void* g_stack[64];
int g_stack_depth = 0;

// True when this allocation must fail.
bool ShouldFail() {
  if (!g_armed.load(std::memory_order_relaxed)) return false;
  if (g_fired.load(std::memory_order_relaxed) && g_persistent.load(std::memory_order_relaxed))
    return true;
  if (g_countdown.fetch_sub(1, std::memory_order_relaxed) == 0) {
    g_stack_depth = ::backtrace(g_stack, 64);
    g_fired.store(true, std::memory_order_relaxed);
    return true;
  }
  return false;
}

void Record(size_t n) {
  g_total.fetch_add(n, std::memory_order_relaxed);
  g_count.fetch_add(1, std::memory_order_relaxed);
  size_t seen = g_largest.load(std::memory_order_relaxed);
  while (n > seen && !g_largest.compare_exchange_weak(seen, n)) {
  }
}

void* Allocate(size_t n, size_t align, bool nothrow) {
  ++t_allocations;
  if (g_counting.load(std::memory_order_relaxed)) Record(n);
  if (ShouldFail()) {
    if (nothrow) return nullptr;
    throw std::bad_alloc();
  }
  if (n == 0) n = 1;
  void* p = nullptr;
  if (align <= alignof(std::max_align_t)) {
    p = std::malloc(n);
  } else if (posix_memalign(&p, align, n) != 0) {
    p = nullptr;
  }
  if (p == nullptr) {
    if (nothrow) return nullptr;
    throw std::bad_alloc();
  }
  if (g_count_live.load(std::memory_order_relaxed))
    g_live.fetch_add(1, std::memory_order_relaxed);
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  if (g_count_live.load(std::memory_order_relaxed))
    g_live.fetch_sub(1, std::memory_order_relaxed);
  std::free(p);
}

}  // namespace

void* operator new(size_t n) { return Allocate(n, 0, false); }
void* operator new[](size_t n) { return Allocate(n, 0, false); }
void* operator new(size_t n, const std::nothrow_t&) noexcept { return Allocate(n, 0, true); }
void* operator new[](size_t n, const std::nothrow_t&) noexcept { return Allocate(n, 0, true); }
void* operator new(size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<size_t>(a), false);
}
void* operator new[](size_t n, std::align_val_t a) {
  return Allocate(n, static_cast<size_t>(a), false);
}
void* operator new(size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return Allocate(n, static_cast<size_t>(a), true);
}
void* operator new[](size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return Allocate(n, static_cast<size_t>(a), true);
}
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, size_t) noexcept { Release(p); }
void operator delete[](void* p, size_t) noexcept { Release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { Release(p); }

namespace dupready {
namespace testonly {

int64_t ThreadAllocations() { return t_allocations; }

void StopCountingLiveBlocks() { g_count_live = false; }

AllocationCounter::AllocationCounter() {
  g_largest = 0;
  g_total = 0;
  g_count = 0;
  g_counting = true;
}

AllocationCounter::~AllocationCounter() { Stop(); }

void AllocationCounter::Stop() { g_counting = false; }

size_t AllocationCounter::largest() const { return g_largest; }

size_t AllocationCounter::total() const { return g_total; }

size_t AllocationCounter::count() const { return g_count; }

void AllocFailure::Arm(int64_t n, Mode mode) {
  g_fired = false;
  g_persistent = mode == Mode::kFromThenOn;
  g_countdown = n;
  g_armed = true;
}

bool AllocFailure::Disarm() {
  g_armed = false;
  return g_fired.load();
}

int64_t AllocFailure::Live() { return g_live.load(); }

bool AllocFailure::RefusedWithin(const char* library) {
  if (!g_fired.load()) return false;
  for (int i = 0; i < g_stack_depth; ++i) {
    Dl_info info;
    if (::dladdr(g_stack[i], &info) != 0 && info.dli_fname != nullptr &&
        std::strstr(info.dli_fname, library) != nullptr) {
      return true;
    }
  }
  return false;
}

}  // namespace testonly
}  // namespace dupready
