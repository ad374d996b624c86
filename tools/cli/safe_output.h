// Copyright 2026 The dupready Authors.
//
// safe_output.h: the CLI's standard output and error as text no input can drive a terminal
// with. Everything written goes through engine/common/safe_text.h's rule (control characters
// and ill-formed UTF-8 escaped), line by line; only the line ends stay.
//
//   SafeTextBuf out(std::cout.rdbuf());
//   std::ostream safe_out(&out);
//   RunCheck(args, safe_out, ...);   // a host "a\x1b]0;x\x07" prints as a\x1b]0;x\x07

#ifndef DUPREADY_TOOLS_CLI_SAFE_OUTPUT_H_
#define DUPREADY_TOOLS_CLI_SAFE_OUTPUT_H_

#include <streambuf>
#include <string>

namespace dupready {

class SafeTextBuf : public std::streambuf {
 public:
  // Writes the escaped text to `sink`, which must outlive this buffer.
  explicit SafeTextBuf(std::streambuf* sink) : sink_(sink) {}
  ~SafeTextBuf() override;
  SafeTextBuf(const SafeTextBuf&) = delete;
  SafeTextBuf& operator=(const SafeTextBuf&) = delete;

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override;

 private:
  // Escapes and writes the complete lines held (all of it when `all`; also a long unfinished
  // line, up to its last whole character).
  void Drain(bool all);

  std::streambuf* sink_;
  std::string pending_;
};

}  // namespace dupready

#endif  // DUPREADY_TOOLS_CLI_SAFE_OUTPUT_H_
