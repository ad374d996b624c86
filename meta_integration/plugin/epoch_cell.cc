// The per-thread slot hint of EpochCell (see epoch_cell.h).
#include "meta_integration/plugin/epoch_cell.h"

#include <functional>

namespace dupready {

uint32_t& EpochCellThreadHint() {
  thread_local uint32_t hint =
      static_cast<uint32_t>(std::hash<std::thread::id>()(std::this_thread::get_id()));
  return hint;
}

}  // namespace dupready
