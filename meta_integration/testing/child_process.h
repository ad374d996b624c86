// Copyright 2026 The dupready Authors.
//
// child_process.h (tests only): a program run with pipes on its stdin and stdout (stderr
// joined to stdout), read line by line on a thread of its own.
//
//   absl::StatusOr<std::unique_ptr<ChildProcess>> p = ChildProcess::Start({"meta_sim", ...});
//   std::string line;
//   ASSERT_TRUE((*p)->WaitForLine("wait zk-down", absl::Seconds(60), &line));
//   (*p)->WriteLine("go");
//   int code = (*p)->Wait(absl::Seconds(60));   // the exit code; -1 if killed at the limit
//   std::string all = (*p)->Output();
//
// Lines the caller waits for are taken from the front: WaitForLine skips (and keeps in
// Output) every line before the first one that contains its text. The destructor closes
// stdin and kills the program if it has not exited within 30 s.

#ifndef DUPREADY_META_INTEGRATION_TESTING_CHILD_PROCESS_H_
#define DUPREADY_META_INTEGRATION_TESTING_CHILD_PROCESS_H_

#include <sys/types.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace dupready {
namespace testonly {

class ChildProcess {
 public:
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(const std::vector<std::string>& argv);
  ~ChildProcess();

  // Called on the reader thread for each line, before it is queued; true drops the line (it
  // is still kept in Output).
  void SetLineFilter(std::function<bool(const std::string&)> filter);

  // Takes lines until one contains `text`; false at the limit or when the output ends.
  bool WaitForLine(const std::string& text, absl::Duration limit, std::string* line = nullptr);
  // The next line, without waiting past `limit`.
  bool NextLine(absl::Duration limit, std::string* line);
  bool WriteLine(const std::string& line);
  void CloseStdin();
  // Waits for the exit code; kills the program at the limit (then -1). On return Output()
  // holds everything the program wrote (unless a process it started still holds the pipe: then
  // what arrived within 10 s more).
  int Wait(absl::Duration limit);
  // Everything it printed so far.
  std::string Output();

 private:
  ChildProcess() = default;
  void ReadLoop();
  void DrainOutput();  // waits (bounded) for the reader to reach the end of the output

  pid_t pid_ = -1;
  int to_child_ = -1, from_child_ = -1;
  int exit_code_ = -2;  // -2: not reaped yet
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> lines_;
  std::string output_;
  bool eof_ = false;
  std::function<bool(const std::string&)> filter_;
};

}  // namespace testonly
}  // namespace dupready

#endif  // DUPREADY_META_INTEGRATION_TESTING_CHILD_PROCESS_H_
