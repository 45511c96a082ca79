// The kiosk's CJK font: the first file listed in assets/fonts.txt that exists on this machine.
#pragma once

#include <string>

namespace yiwang::kiosk {

// fonts_txt: a list of font paths, one a line, '#' starting a comment. "" when none exists.
std::string first_listed_font(const std::string& fonts_txt);

}  // namespace yiwang::kiosk
