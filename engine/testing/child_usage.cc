// Forks, runs the function, and reads the child's time and peak RSS from wait4().
#include "engine/testing/child_usage.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace dupready {
namespace testing {

ChildUsage RunInChild(const std::function<int()>& fn, double timeout_seconds) {
  ChildUsage u;
  std::fflush(nullptr);  // the child must not write the parent's buffered output again
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) _exit(fn() & 0xFF);
  if (pid < 0) return u;
  int status = 0;
  struct rusage usage = {};
  for (;;) {
    if (wait4(pid, &status, WNOHANG, &usage) == pid) break;
    if (std::chrono::steady_clock::now() - start >
        std::chrono::duration<double>(timeout_seconds)) {
      kill(pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      u.timed_out = true;
      break;
    }
    const struct timespec pause = {0, 1000000};  // 1 ms
    nanosleep(&pause, nullptr);
  }
  u.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  u.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec +
                  usage.ru_stime.tv_usec / 1e6;
  u.max_rss_kib = usage.ru_maxrss;
  u.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return u;
}

}  // namespace testing
}  // namespace dupready
