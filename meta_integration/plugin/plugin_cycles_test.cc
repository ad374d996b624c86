// 1,000 open/check/reload/close cycles of libdupready_plugin.so through dupready_host.h, as a
// meta server would drive it over months: afterwards the heap (glibc's count of bytes in use;
// under --config=asan, LeakSanitizer), the open file descriptors (/proc/self/fd) and the
// threads (/proc/self/task) must be back where they started. Then the library itself is
// dlopen'ed and dlclose'd repeatedly, with the same checks on descriptors and threads.
#include <dirent.h>
#include <dlfcn.h>
#include <malloc.h>

#include <cstdio>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "meta_integration/host/dupready_host.h"
#include "meta_integration/testing/hardening_test_util.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
#define DUPREADY_UNDER_ASAN 1
#else
#define DUPREADY_UNDER_ASAN 0
#endif
// ThreadSanitizer has an allocator of its own, which glibc's mallinfo2() does not see.
#if defined(__SANITIZE_THREAD__)
#define DUPREADY_UNDER_TSAN 1
#else
#define DUPREADY_UNDER_TSAN 0
#endif

namespace dupready {
namespace {

const char* g_plugin_path = nullptr;

// Entries of a /proc/self directory, "." and ".." aside (the DIR's own descriptor counted
// out again).
int CountEntries(const char* dir) {
  DIR* d = ::opendir(dir);
  if (d == nullptr) return -1;
  int n = 0;
  while (dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name != "." && name != "..") ++n;
  }
  ::closedir(d);
  return std::string(dir) == "/proc/self/fd" ? n - 1 : n;
}

size_t HeapInUse() { return mallinfo2().uordblks; }

// One cycle: open (with shadow rules every other time), check a ready, a not-ready, an
// undecodable and a failed-RPC follower, reload, read the stats, close. Every 10th cycle
// checks from a short-lived thread, as a meta server's worker pool may. Returns false (and
// says why) on any unexpected result.
bool Cycle(const std::shared_ptr<const host::Plugin>& plugin, int i, const std::string& ready,
           const std::string& not_ready) {
  std::unique_ptr<host::Checker> c;
  std::string err;
  if (!host::Checker::Open(plugin, "rules/default.rules",
                           i % 2 ? "rules/examples/temp_tables_relaxed.rules" : "", &c, &err)) {
    std::fprintf(stderr, "cycle %d: open: %s\n", i, err.c_str());
    return false;
  }
  bool ok = true;
  auto checks = [&] {
    const dupready_dup_context dup = {"dup_test", "target_cluster", "dup_test_3", 4, 3};
    struct Case {
      const char* rpc_err;
      const std::string* reply;
      size_t len;
      const char* want;
    } cases[] = {
        {"ERR_OK", &ready, ready.size(), "ERR_OK"},
        {"ERR_OK", &not_ready, not_ready.size(), "ERR_NOT_ENOUGH_MEMBER"},
        {"ERR_OK", &ready, ready.size() / 2, "ERR_INVALID_DATA"},
        {"ERR_TIMEOUT", nullptr, 0, "ERR_TIMEOUT"},
    };
    for (const Case& k : cases) {
      host::Verdict v;
      const char* bytes = k.reply ? k.reply->data() : nullptr;
      if (!c->Check(dup, k.rpc_err, bytes, k.len, &v) || v.error != k.want) {
        std::fprintf(stderr, "cycle %d: %s gave %s\n", i, k.want, v.error.c_str());
        ok = false;
      }
    }
  };
  if (i % 10 == 0) {
    std::thread(checks).join();
  } else {
    checks();
  }
  if (!c->Reload(&err)) {
    std::fprintf(stderr, "cycle %d: reload: %s\n", i, err.c_str());
    ok = false;
  }
  std::string stats;
  if (!c->StatsJson(&stats) || stats.empty()) ok = false;
  return ok;  // closes c
}

// Drops `plugin`, the last reference the adapter holds, and checks that the library closes
// cleanly: a handle of the test's own (RTLD_NOLOAD, so nothing is loaded anew) outlives the
// adapter's dlclose and is then closed with dlclose() == 0. (The library may stay mapped: a
// thread that ran checks keeps the plugin's thread_local scratch alive, and glibc does not
// unmap a library whose thread_local destructors are still pending.)
void UnloadAndCheck(std::shared_ptr<const host::Plugin>* plugin) {
  void* handle = ::dlopen(g_plugin_path, RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(handle, nullptr) << "the plugin is not loaded";
  plugin->reset();
  ASSERT_EQ(::dlclose(handle), 0) << ::dlerror();
}

TEST(PluginCyclesTest, ThousandOpenCheckCloseCyclesLeaveNothingBehind) {
  ASSERT_NE(g_plugin_path, nullptr);
  std::shared_ptr<const host::Plugin> plugin;
  std::string error;
  ASSERT_TRUE(host::Plugin::Load(g_plugin_path, &plugin, &error)) << error;
  const std::string ready = testonly::FollowerReply(4, 3, 2);
  const std::string not_ready = testonly::FollowerReply(4, 3, 0);

  // Warm up: the first cycles make the lazily built statics (in the plugin, libstdc++, the
  // thread-local scratch of this thread) and grow the scratch to its size.
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(Cycle(plugin, i, ready, not_ready));
  const int fds = CountEntries("/proc/self/fd");
  const int threads = CountEntries("/proc/self/task");
  const size_t heap = HeapInUse();

  int failed = 0;
  size_t heap_max = heap;  // the most in use at the end of any 100 cycles
  for (int i = 0; i < 1000; ++i) {
    failed += Cycle(plugin, i, ready, not_ready) ? 0 : 1;
    if (i % 100 == 99 && HeapInUse() > heap_max) heap_max = HeapInUse();
  }

  const int fds_after = CountEntries("/proc/self/fd");
  const int threads_after = CountEntries("/proc/self/task");
  const size_t heap_after = HeapInUse();
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(fds_after, fds);
  EXPECT_EQ(threads_after, threads);
#if DUPREADY_UNDER_ASAN
  // Everything the cycles allocated and did not free, found by LeakSanitizer now (and again
  // at exit): 0 means nothing leaked.
  const int leaks = __lsan_do_recoverable_leak_check();
  EXPECT_EQ(leaks, 0);
  (void)heap_after;
  (void)heap_max;
  std::printf("1000 cycles: LeakSanitizer found %s; fds %d -> %d; threads %d -> %d\n",
              leaks == 0 ? "no leak" : "LEAKS", fds, fds_after, threads, threads_after);
#elif DUPREADY_UNDER_TSAN
  std::printf("1000 cycles: heap not measured under ThreadSanitizer; fds %d -> %d; threads %d "
              "-> %d\n", fds, fds_after, threads, threads_after);
  (void)heap_after;
  (void)heap_max;
#else
  // glibc keeps free chunks of some sizes in per-size bins that mallinfo2() can count as in
  // use while they wait for reuse, so the figure may wander by a few hundred bytes as the
  // sizes a cycle allocates shift. A leak cannot hide in that slack: one block per cycle (at
  // least 32 bytes) over 1,000 cycles is 32 KiB, eight times more. LeakSanitizer (the asan
  // stage) checks the same cycles exactly.
  constexpr size_t kSlack = 4096;
  EXPECT_LE(heap_after, heap + kSlack) << "heap in use grew by " << (heap_after - heap) << " bytes";
  EXPECT_LE(heap_max, heap + kSlack);
  std::printf("1000 cycles: heap in use %zu -> %zu bytes (%+lld, at most %zu); fds %d -> %d; "
              "threads %d -> %d\n",
              heap, heap_after, static_cast<long long>(heap_after) - static_cast<long long>(heap),
              heap_max, fds, fds_after, threads, threads_after);
#endif
  UnloadAndCheck(&plugin);
}

TEST(PluginCyclesTest, LoadingAndUnloadingTheLibraryLeavesNoDescriptorOrThread) {
  const std::string ready = testonly::FollowerReply(4, 3, 2);
  const std::string not_ready = testonly::FollowerReply(4, 3, 0);
  int fds = -1, threads = -1;
  for (int i = 0; i < 50; ++i) {
    std::shared_ptr<const host::Plugin> plugin;
    std::string error;
    ASSERT_TRUE(host::Plugin::Load(g_plugin_path, &plugin, &error)) << error;
    ASSERT_TRUE(Cycle(plugin, i, ready, not_ready));
    UnloadAndCheck(&plugin);
    if (i == 1) {  // after a warm-up round
      fds = CountEntries("/proc/self/fd");
      threads = CountEntries("/proc/self/task");
    }
  }
  EXPECT_EQ(CountEntries("/proc/self/fd"), fds);
  EXPECT_EQ(CountEntries("/proc/self/task"), threads);
  std::printf("50 dlopen/cycle/dlclose rounds: fds %d -> %d; threads %d -> %d\n", fds,
              CountEntries("/proc/self/fd"), threads, CountEntries("/proc/self/task"));
}

}  // namespace
}  // namespace dupready

int main(int argc, char** argv) {
  // One malloc arena for every thread: mallinfo2() describes the main arena only, and the
  // checks made from short-lived threads must be counted too.
  mallopt(M_ARENA_MAX, 1);
  ::testing::InitGoogleTest(&argc, argv);
  if (argc > 1) dupready::g_plugin_path = argv[1];
  return RUN_ALL_TESTS();
}
