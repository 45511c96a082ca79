// libFuzzer target: the card text parser over any 256 bytes. A text that parses must carry a
// name and a number, and survive a round trip: encoding what was parsed and parsing it again
// gives the same card. The checks (number, dates, expiry) must not crash on anything.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "idcard/id_card.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace yiwang::drivers;
  std::vector<std::uint8_t> text(data, data + std::min<std::size_t>(size, 256));
  text.resize(256, 0x00);
  auto card = parse_card_text(text);
  if (!card) return 0;
  const IdCard& first = card.value();
  if (first.display_name().empty() || first.id_number.empty()) __builtin_trap();
  (void)check_card(first, "20261122");
  (void)card_number_valid(first.type, first.id_number);
  (void)nation_name_zh(first.nation_code);
  (void)sex_name(first.sex_code);
  auto again = parse_card_text(encode_card_text(first));
  if (!again) __builtin_trap();
  const IdCard& second = again.value();
  if (second.type != first.type || second.name != first.name || second.name_en != first.name_en ||
      second.id_number != first.id_number || second.valid_to != first.valid_to ||
      second.birth != first.birth || second.nationality != first.nationality)
    __builtin_trap();
  return 0;
}
