// EpochCell: readers see whole values, nothing a reader holds is destroyed, readers never
// wait for a writer, and more readers than slots still make progress.
#include "meta_integration/plugin/epoch_cell.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dupready {
namespace {

std::atomic<int> destroyed{0};

// A value that counts its destruction and knows whether it is alive.
struct Value {
  explicit Value(int v) : n(v), canary(kAlive) {}
  ~Value() {
    canary = 0;
    destroyed.fetch_add(1);
  }
  static constexpr uint64_t kAlive = 0x5AFEC0DE5AFEC0DE;
  int n;
  volatile uint64_t canary;
};

using Cell = EpochCell<const Value>;

// On the heap: a cell is 64-byte aligned, more than ASan's fake stack frames guarantee.
std::unique_ptr<Cell> NewCell(int n) {
  return std::make_unique<Cell>(std::make_unique<const Value>(n));
}

TEST(EpochCellTest, PublishReplacesAndDestroysTheOldValue) {
  destroyed = 0;
  auto owner = NewCell(1);
  Cell& cell = *owner;
  {
    Cell::Reader r(cell);
    EXPECT_EQ(r->n, 1);
  }
  EXPECT_EQ(cell.Publish(std::make_unique<const Value>(2)), 0u);
  EXPECT_EQ(destroyed.load(), 1) << "no reader held the old value: destroyed at once";
  Cell::Reader r(cell);
  EXPECT_EQ(r->n, 2);
  EXPECT_EQ(cell.UnsafeCurrent()->n, 2);
}

// A value held by a reader survives Publish (retired, not destroyed); new readers neither wait
// nor see it; the reader's release destroys nothing (a check never runs a destructor); the
// next Publish after the reader is done destroys it.
TEST(EpochCellTest, HeldValueIsRetiredAndNewReadersDoNotWait) {
  destroyed = 0;
  auto owner = NewCell(1);
  Cell& cell = *owner;
  auto holder = std::make_unique<Cell::Reader>(cell);
  ASSERT_EQ((*holder)->n, 1);

  EXPECT_EQ(cell.Publish(std::make_unique<const Value>(2), std::chrono::milliseconds(5)), 1u);
  EXPECT_EQ(destroyed.load(), 0) << "the held value was destroyed";
  EXPECT_EQ((*holder)->canary, Value::kAlive);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) {
    Cell::Reader r(cell);
    EXPECT_EQ(r->n, 2);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));

  holder.reset();
  EXPECT_EQ(destroyed.load(), 0) << "the last reader's release ran the destructor";
  EXPECT_EQ(cell.Publish(std::make_unique<const Value>(3)), 0u);
  EXPECT_EQ(destroyed.load(), 2) << "1 (no longer held) and 2 (never held)";
}

// A writer that waits: Publish returns as soon as the reader holding the old value is done.
TEST(EpochCellTest, PublishWaitsForShortReads) {
  destroyed = 0;
  auto owner = NewCell(1);
  Cell& cell = *owner;
  auto holder = std::make_unique<Cell::Reader>(cell);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    holder.reset();
  });
  EXPECT_EQ(cell.Publish(std::make_unique<const Value>(2), std::chrono::seconds(30)), 0u);
  EXPECT_EQ(destroyed.load(), 1);
  release.join();
}

// Readers on several threads while a writer publishes many times: every value read is alive
// and values are seen in the order published.
TEST(EpochCellTest, ManyReadersOneWriter) {
  auto owner = NewCell(0);
  Cell& cell = *owner;
  constexpr int kReaders = 3, kWrites = 500;
  std::atomic<bool> stop{false};
  std::atomic<int64_t> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < kReaders; ++t) {
    readers.emplace_back([&] {
      int last = 0;
      while (!stop.load()) {
        Cell::Reader r(cell);
        ASSERT_EQ(r->canary, Value::kAlive);
        ASSERT_GE(r->n, last) << "values are published in order";
        last = r->n;
        reads.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  // Write until every reader had the chance to read many times during the writes.
  for (int i = 1; i <= kWrites || reads.load() < 100 * kReaders; ++i) {
    cell.Publish(std::make_unique<const Value>(i), std::chrono::microseconds(200));
    ASSERT_EQ(cell.UnsafeCurrent()->n, i);
    if (i % 64 == 0) std::this_thread::yield();
  }
  stop = true;
  for (std::thread& t : readers) t.join();
  EXPECT_GE(reads.load(), 100 * kReaders);
}

// More simultaneous readers than slots: the extra one waits for a slot, then proceeds.
TEST(EpochCellTest, MoreReadersThanSlots) {
  auto owner = NewCell(7);
  Cell& cell = *owner;
  std::vector<std::unique_ptr<Cell::Reader>> held;
  for (int i = 0; i < Cell::kSlots; ++i) held.push_back(std::make_unique<Cell::Reader>(cell));
  std::atomic<bool> got{false};
  std::thread extra([&] {
    Cell::Reader r(cell);
    EXPECT_EQ(r->n, 7);
    got = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(got.load()) << "every slot is taken";
  held.pop_back();
  extra.join();
  EXPECT_TRUE(got.load());
}

}  // namespace
}  // namespace dupready
