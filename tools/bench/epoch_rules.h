// Copyright 2026 The dupready Authors.
//
// epoch_rules.h: rules in force that a reload swaps while other threads evaluate, with no lock
// on the evaluating side (epoch-based reclamation). The benchmark compares it with
// std::atomic_load/std::atomic_store of a shared_ptr, which libstdc++ implements with a mutex.
//
//   auto rules = std::make_unique<EpochRules>(std::move(initial));  // 64-byte aligned
//   (below, `rules.` stands for `rules->`)
//   // evaluating thread r (0 <= r < kMaxReaders, one per thread):
//   const RuleSet* in_force = rules.Enter(r);
//   in_force->Check(facts, &scratch, &verdict);
//   rules.Exit(r);
//   // reloading thread:
//   rules.Replace(std::move(fresh));  // returns once no evaluation can see the old rules
//
// Enter and Exit are wait-free: two stores and two loads. Replace waits for evaluations that
// may hold the old rules, at most one evaluation per reader, and then deletes the old rules
// itself, so no evaluating thread ever pays for freeing them.

#ifndef DUPREADY_TOOLS_BENCH_EPOCH_RULES_H_
#define DUPREADY_TOOLS_BENCH_EPOCH_RULES_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "engine/rule_set.h"

namespace dupready {
namespace bench {

class EpochRules {
 public:
  static constexpr int kMaxReaders = 64;

  explicit EpochRules(std::unique_ptr<const RuleSet> initial) : current_(initial.release()) {}
  ~EpochRules() { delete current_.load(); }
  EpochRules(const EpochRules&) = delete;
  EpochRules& operator=(const EpochRules&) = delete;

  // Announces that reader `r` evaluates, then returns the rules in force; they stay valid
  // until Exit(r). REQUIRES: 0 <= r < kMaxReaders, one thread per r, not already entered.
  const RuleSet* Enter(int r) {
    slots_[r].epoch.store(epoch_.load());  // seq_cst: ordered before the load below
    return current_.load();
  }
  void Exit(int r) { slots_[r].epoch.store(0, std::memory_order_release); }

  // Swaps in `fresh`, waits until no reader can still hold the old rules, and deletes them.
  // Reloads are serialised; readers never wait for one.
  void Replace(std::unique_ptr<const RuleSet> fresh) {
    std::lock_guard<std::mutex> lock(replace_mu_);
    const RuleSet* old = current_.exchange(fresh.release());
    // A reader that announced an epoch below `next` may have loaded `old`; one that announces
    // `next` or later read the pointer after the exchange.
    const uint64_t next = epoch_.fetch_add(1) + 1;
    for (Slot& s : slots_) {
      for (int tries = 0;; ++tries) {
        // seq_cst, like the reader's announcement and the exchange: a reader that loaded
        // `old` announced before the exchange, so this load sees that announcement (or later).
        const uint64_t e = s.epoch.load();
        if (e == 0 || e >= next) break;
        // The reader is mid-evaluation (or preempted there): let it run rather than spin.
        if (tries < 16) {
          std::this_thread::yield();
        } else {
          std::this_thread::sleep_for(std::chrono::microseconds(20));
        }
      }
    }
    delete old;
  }

 private:
  struct alignas(64) Slot {          // one cache line per reader: no false sharing
    std::atomic<uint64_t> epoch{0};  // 0: not evaluating
  };
  std::atomic<const RuleSet*> current_;
  std::atomic<uint64_t> epoch_{1};
  Slot slots_[kMaxReaders];
  std::mutex replace_mu_;
};

}  // namespace bench
}  // namespace dupready

#endif  // DUPREADY_TOOLS_BENCH_EPOCH_RULES_H_
