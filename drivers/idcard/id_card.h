// The contents of an identity card as read from the chip, and the parser of its 256-byte text.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

enum class CardType { resident, hmtResidence, foreignPermanent2017, foreignPermanent2023 };

std::string_view to_string(CardType type);  // the platform contract's card_type values

struct IdCard {
  CardType type = CardType::resident;
  std::string name;
  std::string sex_code;     // "1" male, "2" female, "0" unknown, "9" unspecified
  std::string nation_code;  // GB 3304, two digits; empty on residence permits
  std::string birth;        // YYYYMMDD
  std::string address;
  std::string id_number;
  std::string authority;
  std::string valid_from;               // YYYYMMDD
  std::string valid_to;                 // YYYYMMDD or 长期
  std::string pass_number;              // residence permits only
  std::vector<std::uint8_t> photo_wlt;  // raw, never decoded or shown

  // Overwrites every byte of personal data before release (the resident has left).
  void wipe();
};

struct CardTextError {
  std::string message;
};

// Parses the 256-byte UCS-2LE text. Resident cards and residence permits are parsed; foreign
// permanent resident cards are recognised and reported as not yet supported.
Result<IdCard, CardTextError> parse_card_text(std::span<const std::uint8_t> text);

// Builds the 256-byte text of a resident card or residence permit (used by the simulator).
std::vector<std::uint8_t> encode_card_text(const IdCard& card);

std::string_view nation_name_zh(std::string_view code);

// Securely overwrites a string's characters (not optimised away) and clears it.
void secure_wipe(std::string& text);

}  // namespace yiwang::drivers
