// Copyright 2026 The dupready Authors.
//
// Replaces global operator new/delete with malloc/free wrappers that record sizes while an
// AllocationCounter is active (tests only).

#include "meta_integration/testing/alloc_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<bool> g_active{false};
std::atomic<size_t> g_largest{0};
std::atomic<size_t> g_total{0};
std::atomic<size_t> g_count{0};
}  // namespace

void* operator new(size_t n) {
  if (g_active.load(std::memory_order_relaxed)) {
    g_total.fetch_add(n, std::memory_order_relaxed);
    g_count.fetch_add(1, std::memory_order_relaxed);
    size_t seen = g_largest.load(std::memory_order_relaxed);
    while (n > seen && !g_largest.compare_exchange_weak(seen, n)) {
    }
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](size_t n) { return operator new(n); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }

namespace dupready {
namespace testonly {

AllocationCounter::AllocationCounter() {
  g_largest = 0;
  g_total = 0;
  g_count = 0;
  g_active = true;
}

AllocationCounter::~AllocationCounter() { Stop(); }

void AllocationCounter::Stop() { g_active = false; }

size_t AllocationCounter::largest() const { return g_largest; }

size_t AllocationCounter::total() const { return g_total; }

size_t AllocationCounter::count() const { return g_count; }

}  // namespace testonly
}  // namespace dupready
