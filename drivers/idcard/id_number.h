// GB 11643 citizen identity numbers: the check digit over the first 17 digits.
#pragma once

#include <string_view>

namespace yiwang::drivers {

// True when the number has 17 digits and a check character (0-9 or X) that matches.
bool id_number_valid(std::string_view number);

}  // namespace yiwang::drivers
