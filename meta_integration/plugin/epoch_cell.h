// Copyright 2026 The dupready Authors.
//
// epoch_cell.h: one immutable value that a writer replaces while any number of threads read
// it, with no lock and no wait on the reading side (epoch-based reclamation).
//
//   EpochCell<const Rules> cell(std::move(initial));
//   // any thread, any number at once:
//   {
//     EpochCell<const Rules>::Reader rules(cell);   // announce, then load the pointer
//     rules->in_force->Check(...);                  // valid until `rules` goes out of scope
//   }
//   // one writer at a time (callers serialise writers):
//   cell.Publish(std::move(fresh));  // the writer frees the old value: a reader never does
//
// A reader claims one of kSlots announcement slots with a compare-and-swap, storing the epoch
// it started in, then loads the pointer; it releases the slot with one store. Publish swaps
// the pointer and advances the epoch; the old value is retired with that epoch and destroyed
// by the writer once every slot is free or announces a later epoch, i.e. once no reader can
// still hold it. Publish waits a little for the reads in progress to end; a value still held
// after that stays retired and is destroyed by a later Publish or by the cell's destructor.
// So readers never block on a writer (they may only wait for a free slot when more than
// kSlots reads run at once on one cell) and never run a destructor.
//
// All atomics are sequentially consistent: a reader's announcement and its pointer load, and
// the writer's exchange and its scan, are ordered in one total order. A reader whose
// announcement the scan does not see loads the pointer after the exchange.

#ifndef DUPREADY_META_INTEGRATION_PLUGIN_EPOCH_CELL_H_
#define DUPREADY_META_INTEGRATION_PLUGIN_EPOCH_CELL_H_

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace dupready {

// The slot this thread last claimed, where its next claim starts. Defined out of line: a
// thread_local inside a template would be a unique symbol that a plugin's linker script
// cannot hide.
uint32_t& EpochCellThreadHint();

template <typename T>
class EpochCell {
 public:
  // Concurrent reads one cell serves without making a reader wait for a slot.
  static constexpr int kSlots = 128;

  explicit EpochCell(std::unique_ptr<T> initial) : current_(initial.release()) {}
  // REQUIRES: no Reader of this cell is alive.
  ~EpochCell() { delete current_.load(); }
  EpochCell(const EpochCell&) = delete;
  EpochCell& operator=(const EpochCell&) = delete;

  // Holds the value that was current when it was made, until it is destroyed.
  class Reader {
   public:
    explicit Reader(const EpochCell& cell) : slot_(cell.Claim()), value_(cell.current_.load()) {}
    ~Reader() { slot_->epoch.store(0); }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    T& operator*() const { return *value_; }
    T* operator->() const { return value_; }
    T* get() const { return value_; }

   private:
    typename EpochCell::Slot* slot_;
    T* value_;
  };

  // Publishes `fresh` (not null) and destroys, on this thread, every retired value no reader
  // can hold any more, waiting up to `wait` for the reads in progress to end. Callers
  // serialise Publish; readers are never blocked by it. Returns the number of values still
  // retired (held by reads that outlasted `wait`).
  size_t Publish(std::unique_ptr<T> fresh,
                 std::chrono::microseconds wait = std::chrono::milliseconds(1)) {
    T* old = current_.exchange(fresh.release());
    const uint64_t next = epoch_.fetch_add(1) + 1;
    retired_.push_back(Retired{std::unique_ptr<T>(old), next});
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (int tries = 0;; ++tries) {
      const uint64_t oldest = OldestRead();
      // A value retired at epoch r is safe once no read started before r is still running.
      size_t kept = 0;
      for (Retired& r : retired_) {
        if (r.epoch > oldest) retired_[kept++] = std::move(r);
      }
      retired_.resize(kept);  // destroys the rest, here
      if (retired_.empty() || std::chrono::steady_clock::now() >= deadline) break;
      Pause(tries);
    }
    return retired_.size();
  }

  // The value in force, for the writer (it cannot change under a caller that serialises
  // Publish). Readers use Reader.
  T* UnsafeCurrent() const { return current_.load(); }

 private:
  struct alignas(64) Slot {          // one cache line each: no false sharing between readers
    std::atomic<uint64_t> epoch{0};  // 0: free; else the epoch its reader started in
  };

  struct Retired {
    std::unique_ptr<T> value;
    uint64_t epoch;  // the epoch Publish started; reads that started before it may hold value
  };

  // The epoch the oldest read in progress started in; UINT64_MAX when none is.
  uint64_t OldestRead() const {
    uint64_t oldest = UINT64_MAX;
    for (const Slot& s : slots_) {
      const uint64_t e = s.epoch.load();
      if (e != 0 && e < oldest) oldest = e;
    }
    return oldest;
  }

  // Claims a free slot, announcing the current epoch in it. Starts where this thread last
  // succeeded, so a thread usually finds its own slot free at the first try.
  Slot* Claim() const {
    uint32_t& hint = EpochCellThreadHint();
    for (int tries = 0;; ++tries) {
      for (int i = 0; i < kSlots; ++i) {
        const uint32_t at = (hint + static_cast<uint32_t>(i)) % kSlots;
        Slot& s = slots_[at];
        uint64_t expected = 0;
        if (s.epoch.load(std::memory_order_relaxed) == 0 &&
            s.epoch.compare_exchange_strong(expected, epoch_.load())) {
          hint = at;
          return &s;
        }
      }
      Pause(tries);  // more than kSlots reads at once on this cell
    }
  }

  static void Pause(int tries) {
    if (tries < 16) {
      std::this_thread::yield();
    } else {
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  }

  std::atomic<T*> current_;
  mutable std::atomic<uint64_t> epoch_{1};
  mutable Slot slots_[kSlots];
  std::vector<Retired> retired_;  // the writer's only
};

}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_PLUGIN_EPOCH_CELL_H_
