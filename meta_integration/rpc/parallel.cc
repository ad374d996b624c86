// A fixed set of threads taking job indices from a shared counter.
#include "meta_integration/rpc/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace dupready {

void RunParallel(size_t n, int parallel, const std::function<void(size_t)>& job) {
  const size_t threads = std::min(n, static_cast<size_t>(std::clamp(parallel, 1, kMaxParallel)));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) job(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(threads);
  for (size_t t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) job(i);
    });
  }
  for (std::thread& t : pool) t.join();
}

}  // namespace dupready
