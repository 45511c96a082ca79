// Local checks of a filled form, the same rules the platform applies, all problems at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flow/catalog_model.h"
#include "idcard/id_card.h"

namespace yiwang::kiosk {

// Field key -> problem code (missing, invalid_format, too_long, invalid_option, out_of_range).
// An id_number field takes the number of the resident's own card type (resident card, HMT
// residence permit, foreign permanent resident card 2017 or 2023); a date is a real YYYY-MM-DD
// within the field's min and max ("today" is the given day).
std::map<std::string, std::string> check_form(
    const std::vector<FieldDefinition>& form, const std::map<std::string, std::string>& values,
    drivers::CardType id_type = drivers::CardType::resident, const std::string& today = "");

// Dates as the picker handles them, YYYY-MM-DD.
bool date_valid(const std::string& date);
// A field's bound: "today" becomes the given day; anything but a valid date becomes "".
std::string date_bound(const std::string& bound, const std::string& today);
// The date kept within [min, max] (either may be empty).
std::string clamp_date(const std::string& date, const std::string& min, const std::string& max);
// The date moved by a step (y+ y- y+10 y-10 m+ m- d+ d-), the day kept within its month, then
// kept within [min, max] (either may be empty). An invalid date or step: the date unchanged.
std::string step_date(const std::string& date, const std::string& step, const std::string& min,
                      const std::string& max);

bool phone_valid(const std::string& phone);
std::size_t utf8_length(const std::string& text);

}  // namespace yiwang::kiosk
