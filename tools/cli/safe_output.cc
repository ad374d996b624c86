// Escapes the CLI's output line by line on its way to the terminal.
#include "tools/cli/safe_output.h"

#include "engine/common/safe_text.h"

namespace dupready {
namespace {

// An unfinished line longer than this is written out without waiting for its end.
constexpr size_t kMaxPending = 64 << 10;

// Where text[0, n) can be cut without splitting a UTF-8 character at its end.
size_t WholeCharacters(const std::string& text) {
  size_t n = text.size();
  for (size_t back = 1; back <= 3 && back <= text.size(); ++back) {
    const auto c = static_cast<unsigned char>(text[text.size() - back]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    if (c >= 0xC0) {
      const size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (back < want) n = text.size() - back;  // its sequence is not complete yet
    }
    break;
  }
  return n;
}

}  // namespace

SafeTextBuf::~SafeTextBuf() {
  Drain(/*all=*/true);
  sink_->pubsync();
}

void SafeTextBuf::Drain(bool all) {
  size_t end = pending_.rfind('\n');
  end = end == std::string::npos ? 0 : end + 1;
  if (all) end = pending_.size();
  else if (end == 0 && pending_.size() > kMaxPending) end = WholeCharacters(pending_);
  if (end == 0) return;
  std::string out;
  out.reserve(end);
  size_t begin = 0;
  while (begin < end) {
    size_t nl = pending_.find('\n', begin);
    const size_t stop = nl == std::string::npos || nl >= end ? end : nl;
    AppendSafeText(std::string_view(pending_).substr(begin, stop - begin), &out);
    if (stop < end) out.push_back('\n');
    begin = stop + 1;
  }
  sink_->sputn(out.data(), static_cast<std::streamsize>(out.size()));
  pending_.erase(0, end);
}

SafeTextBuf::int_type SafeTextBuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
  pending_.push_back(traits_type::to_char_type(c));
  if (pending_.back() == '\n' || pending_.size() > kMaxPending) Drain(false);
  return c;
}

std::streamsize SafeTextBuf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<size_t>(n));
  Drain(false);
  return n;
}

int SafeTextBuf::sync() {
  Drain(/*all=*/false);
  return sink_->pubsync();
}

}  // namespace dupready
