// Runs the dupready binary in a child process and measures it (wait4, /usr/bin/time).
#include "tools/cli/testing/run_binary.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "engine/testing/files.h"
#include "gtest/gtest.h"

namespace dupready {
namespace testing {

constexpr char kTime[] = "/usr/bin/time";

Outcome RunBinary(const std::vector<std::string>& args, const std::string& binary) {
  const std::string dir = TempDir();
  const std::string out_path = dir + "/stdout", err_path = dir + "/stderr", rss_path = dir + "/rss";
  const bool use_time = access(kTime, X_OK) == 0;
  std::vector<std::string> words;
  if (use_time) words = {kTime, "-q", "-f", "%M", "-o", rss_path};
  words.push_back(binary);
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::remove(rss_path.c_str());

  Outcome run;
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);  // its own group, so that a kill reaches /usr/bin/time's child too
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) _exit(127);
    execv(argv[0], argv.data());
    _exit(127);
  }
  EXPECT_GT(pid, 0);
  if (pid <= 0) return run;
  int status = 0;
  struct rusage usage = {};
  for (;;) {
    const pid_t done = wait4(pid, &status, WNOHANG, &usage);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(10)) {
      kill(-pid, SIGKILL);
      wait4(pid, &status, 0, &usage);
      break;
    }
    const struct timespec pause = {0, 1000000};  // 1 ms
    nanosleep(&pause, nullptr);
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.max_rss_kib = usage.ru_maxrss;  // Linux: KiB
  run.cpu_seconds = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
                    usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
  if (run.seconds > 10) run.cpu_seconds = 1e9;  // killed: fails any time bound
  if (use_time) {
    const std::string text = ReadFile(rss_path);
    const size_t line = text.find_last_of("0123456789");
    const size_t begin = text.find_last_not_of("0123456789", line);
    long kib = 0;
    if (line != std::string::npos &&
        std::sscanf(text.c_str() + (begin == std::string::npos ? 0 : begin + 1), "%ld", &kib) == 1)
      run.max_rss_kib = kib;
    else
      ADD_FAILURE() << kTime << " wrote no figure: " << text;
  }
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = ReadFile(out_path);
  run.err = ReadFile(err_path);
  return run;
}

}  // namespace testing
}  // namespace dupready
