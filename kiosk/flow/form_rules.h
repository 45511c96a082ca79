// Local checks of a filled form, the same rules the platform applies, all problems at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flow/catalog_model.h"
#include "idcard/id_card.h"

namespace yiwang::kiosk {

// Field key -> problem code (missing, invalid_format, too_long, invalid_option). An id_number
// field takes the number of the resident's own card type (resident card, HMT residence permit,
// foreign permanent resident card 2017 or 2023).
std::map<std::string, std::string> check_form(
    const std::vector<FieldDefinition>& form, const std::map<std::string, std::string>& values,
    drivers::CardType id_type = drivers::CardType::resident);

bool phone_valid(const std::string& phone);
std::size_t utf8_length(const std::string& text);

}  // namespace yiwang::kiosk
