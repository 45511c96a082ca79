// Local checks of a filled form, the same rules the platform applies, all problems at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "flow/catalog_model.h"

namespace yiwang::kiosk {

// Field key -> problem code (missing, invalid_format, too_long, invalid_option).
std::map<std::string, std::string> check_form(const std::vector<FieldDefinition>& form,
                                              const std::map<std::string, std::string>& values);

bool phone_valid(const std::string& phone);
std::size_t utf8_length(const std::string& text);

}  // namespace yiwang::kiosk
