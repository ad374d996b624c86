// Fuzzes the reader of the Pegasus shell's `app NAME -d -j` JSON.
#include <cstdint>
#include <string>

#include "meta_integration/formats/shell_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dupready;
  std::string text(reinterpret_cast<const char*>(data), size);
  Diagnostics diags;
  QueryConfigResponse resp;
  bool ok = ParseShellJson(text, "fuzz.json", &resp, &diags);
  if (ok == diags.has_errors()) __builtin_trap();  // success iff no errors were reported
  if (ok) {
    // What reads, writes back to text that reads the same.
    QueryConfigResponse again;
    Diagnostics d2;
    if (!ParseShellJson(ShellJsonFromResponse(resp, "app"), "again.json", &again, &d2))
      __builtin_trap();
  }
  return 0;
}
