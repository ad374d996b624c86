// ChildProcess: fork/exec with two pipes, a reader thread splitting stdout into lines.
#include "meta_integration/testing/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>

#include "absl/time/clock.h"

namespace dupready {
namespace testonly {

absl::StatusOr<std::unique_ptr<ChildProcess>> ChildProcess::Start(
    const std::vector<std::string>& args) {
  if (args.empty()) return absl::InvalidArgumentError("no program");
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) return absl::InternalError("pipe failed");
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    return absl::InternalError("pipe failed");
  }
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  std::unique_ptr<ChildProcess> p(new ChildProcess());
  p->pid_ = pid;
  p->to_child_ = in[1];
  p->from_child_ = out[0];
  p->reader_ = std::thread([raw = p.get()] { raw->ReadLoop(); });
  return p;
}

ChildProcess::~ChildProcess() {
  CloseStdin();
  Wait(absl::Seconds(30));
  if (reader_.joinable()) reader_.join();
  ::close(from_child_);
}

void ChildProcess::SetLineFilter(std::function<bool(const std::string&)> filter) {
  std::lock_guard<std::mutex> lock(mu_);
  filter_ = std::move(filter);
}

void ChildProcess::ReadLoop() {
  std::string pending;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(from_child_, buf, sizeof(buf));
    if (n <= 0) break;
    pending.append(buf, static_cast<size_t>(n));
    for (size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      std::string line = pending.substr(0, nl);
      pending.erase(0, nl + 1);
      std::function<bool(const std::string&)> filter;
      {
        std::lock_guard<std::mutex> lock(mu_);
        output_ += line + "\n";
        filter = filter_;
      }
      if (filter && filter(line)) continue;
      std::lock_guard<std::mutex> lock(mu_);
      lines_.push_back(std::move(line));
      cv_.notify_all();
    }
  }
  std::lock_guard<std::mutex> lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

bool ChildProcess::NextLine(absl::Duration limit, std::string* line) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, absl::ToChronoNanoseconds(limit), [&] { return !lines_.empty() || eof_; });
  if (lines_.empty()) return false;
  *line = std::move(lines_.front());
  lines_.pop_front();
  return true;
}

bool ChildProcess::WaitForLine(const std::string& text, absl::Duration limit, std::string* line) {
  const absl::Time end = absl::Now() + limit;
  std::string got;
  while (NextLine(end - absl::Now(), &got)) {
    if (got.find(text) != std::string::npos) {
      if (line != nullptr) *line = got;
      return true;
    }
  }
  return false;
}

bool ChildProcess::WriteLine(const std::string& line) {
  const std::string data = line + "\n";
  return to_child_ >= 0 &&
         ::write(to_child_, data.data(), data.size()) == static_cast<ssize_t>(data.size());
}

void ChildProcess::CloseStdin() {
  if (to_child_ >= 0) ::close(to_child_);
  to_child_ = -1;
}

int ChildProcess::Wait(absl::Duration limit) {
  if (exit_code_ != -2) return exit_code_;
  const absl::Time end = absl::Now() + limit;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (absl::Now() > end) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      exit_code_ = -1;
      DrainOutput();
      return exit_code_;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  DrainOutput();
  return exit_code_;
}

void ChildProcess::DrainOutput() {
  // The reader thread may still be reading what the program wrote just before it exited.
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, std::chrono::seconds(10), [&] { return eof_; });
}

std::string ChildProcess::Output() {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

}  // namespace testonly
}  // namespace dupready
