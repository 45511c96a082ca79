// libFuzzer target: the SAM frame parser, fed any bytes in any split (the first byte picks the
// read size). Every accepted frame must re-encode to the same body, every body must parse into a
// response or be refused, and the parser never holds more than one frame's worth.
#include <cstddef>
#include <cstdint>

#include "idcard/id_card.h"
#include "idcard/sam_frame.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  sam::FrameParser parser;
  for (std::size_t at = 1; at < size; at += chunk) {
    const std::size_t n = std::min(chunk, size - at);
    for (const auto& event : parser.feed({data + at, n})) {
      if (event.error) {
        if (!event.body.empty()) __builtin_trap();
        continue;
      }
      if (event.body.size() < 2 || event.body.size() > sam::kMaxLength) __builtin_trap();
      sam::FrameParser again;
      const auto frame = sam::encode_frame(event.body);
      const auto reparsed = again.feed(frame);
      if (reparsed.size() != 1 || reparsed[0].error || reparsed[0].body != event.body)
        __builtin_trap();
      if (auto response = sam::parse_response(event.body)) {
        (void)sam::describe_sw3(response->sw3);
        for (bool fingerprint : {false, true}) {
          if (auto reply = sam::parse_read_reply(response->data, fingerprint)) {
            if (reply->text.size() != 256) __builtin_trap();
            if (auto card = parse_card_text(reply->text)) card.value().wipe();
          }
        }
      } else if (event.body.size() >= 3) {
        __builtin_trap();
      }
    }
  }
  return 0;
}
