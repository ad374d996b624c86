// Resetting a verdict for reuse, and the names of rule outcomes.
#include "engine/eval/verdict.h"

namespace dupready {

void Verdict::Reset() {
  ready = true;
  error.assign("ERR_OK");
  rule.clear();
  partition = -1;
  message.clear();
  failures.clear();
  partitions_checked = 0;
}

const char* OutcomeName(RuleTrace::Outcome outcome) {
  switch (outcome) {
    case RuleTrace::Outcome::kPassed: return "passed";
    case RuleTrace::Outcome::kFailed: return "FAILED";
    case RuleTrace::Outcome::kAccepted: return "accepted (later rules skipped)";
    case RuleTrace::Outcome::kNotSufficient: return "did not suffice";
    case RuleTrace::Outcome::kSkipped: return "skipped";
    case RuleTrace::Outcome::kNotReached: return "not reached";
  }
  return "?";
}

}  // namespace dupready
