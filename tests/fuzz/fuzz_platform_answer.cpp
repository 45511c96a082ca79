// libFuzzer target: one answer of the platform (the kind is fixed at build time by ANSWER_KIND),
// read through the kiosk's limits and shape checks, as a broken or hostile platform sends it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/json_fields.h"
#include "platform/answer_limits.h"

#ifndef ANSWER_KIND
#error "ANSWER_KIND names the AnswerKind this target reads"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::kiosk;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const auto answer = read_answer(AnswerKind::ANSWER_KIND, bytes);
  if (!answer) {
    if (answer.error().empty()) __builtin_trap();  // a refusal always says why
    return 0;
  }
  // What was accepted keeps every promise the reader makes.
  if (json_depth(bytes) > kMaxAnswerDepth) __builtin_trap();
  if (!shape_problem(AnswerKind::ANSWER_KIND, answer.value()).empty()) __builtin_trap();
  // The kiosk then reads fields the tolerant way; none of it may throw.
  for (const char* key : {"person_token", "case_id", "status", "order_id", "certificate_id"}) {
    (void)text_or(answer.value(), key);
  }
  (void)answer.value().dump();
  return 0;
}
