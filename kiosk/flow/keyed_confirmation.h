// Speech mode's keyed confirmation of a commitment: what the application carries instead of a
// handwritten signature, bound to the identified card by a digest the platform recomputes.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

// Lower-case hex SHA-256 of "yiwang-keyed-commitment:v1|<id number>|<version>|<accepted_at>":
// the card the platform verified, the commitment's version and the moment it was accepted. The
// number itself is not in it (the platform knows it from the person token or the card).
std::string keyed_card_binding(const std::string& id_number, const std::string& version,
                               const std::string& accepted_at);

// The application's commitment.keyed_confirmation: {"method": "keypad", "read_aloud": language,
// "card_binding": ...} (see the README's "Decisions where the contract is silent").
nlohmann::json keyed_confirmation(const std::string& id_number, const std::string& version,
                                  const std::string& accepted_at, const std::string& language);

}  // namespace yiwang::kiosk
