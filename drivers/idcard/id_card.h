// The contents of an identity card as read from the chip, and the parser of its 256-byte text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace yiwang::drivers {

// The four layouts the flag at text offset 248 selects (devices.md).
enum class CardType {
  resident,              // flag space (or NUL): resident identity card
  hmtResidence,          // 'J': Hong Kong / Macao / Taiwan residence permit
  foreignPermanent2017,  // 'I': foreign permanent resident card, 2017 layout
  foreignPermanent2023   // 'Y': foreign permanent resident card, 2023 layout (one source)
};

std::string_view to_string(CardType type);  // the platform contract's card_type values

struct IdCard {
  CardType type = CardType::resident;
  std::string name;          // Chinese name; may be empty on a 2017 foreign card
  std::string name_en;       // foreign cards: English name (2023: both parts joined)
  std::string sex_code;      // "1" male, "2" female, "0" unknown, "9" unspecified
  std::string nation_code;   // resident cards: GB 3304, two digits
  std::string nationality;   // foreign cards: GB/T 2659 three letters
  std::string birth;         // YYYYMMDD
  std::string address;       // resident cards and residence permits
  std::string id_number;     // the card's number (15 characters on a 2017 foreign card)
  std::string authority;     // issuing authority; issuing office code on a 2017 foreign card
  std::string valid_from;    // YYYYMMDD
  std::string valid_to;      // YYYYMMDD or 长期
  std::string pass_number;   // residence permits: the travel pass number
  std::string issue_count;   // residence permits: issue count; 2023 foreign cards: renewals
  std::string card_version;  // 2017 foreign cards
  std::vector<std::uint8_t> photo_wlt;  // raw, never decoded or shown

  // The name to greet and address the resident by: Chinese when the card has one.
  const std::string& display_name() const { return name.empty() ? name_en : name; }
  // Overwrites every byte of personal data before release (the resident has left).
  void wipe();
};

struct CardTextError {
  std::string message;
};

// Parses the 256-byte UCS-2LE text of any of the four layouts, space- or NUL-padded.
Result<IdCard, CardTextError> parse_card_text(std::span<const std::uint8_t> text);

// Builds the 256-byte text of a card in its type's layout (simulator, tests, fuzz seeds).
std::vector<std::uint8_t> encode_card_text(const IdCard& card);

// Whether the card may be used today, and if not why.
enum class CardCheck { valid, expired, notYetValid, badNumber, badDates };
// today: YYYYMMDD in China Standard Time.
CardCheck check_card(const IdCard& card, std::string_view today);
std::string_view to_string(CardCheck check);

// The card number's form for its type, check digit included where the type has one.
bool card_number_valid(CardType type, std::string_view number);

std::string_view nation_name_zh(std::string_view code);  // GB 3304; "" when unknown
struct SexName {
  std::string_view zh;
  std::string_view en;
};
SexName sex_name(std::string_view code);  // GB/T 2261.1; {"", ""} when unknown

// Securely overwrites a string's characters (not optimised away) and clears it.
void secure_wipe(std::string& text);

}  // namespace yiwang::drivers
