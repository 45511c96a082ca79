// The first existing font of the fonts list (see font_list.h).
#include "services/font_list.h"

#include <filesystem>
#include <fstream>

namespace yiwang::kiosk {

std::string first_listed_font(const std::string& fonts_txt) {
  std::ifstream list(fonts_txt);
  for (std::string line; std::getline(list, line);) {
    if (!line.empty() && line[0] != '#' && std::filesystem::exists(line)) return line;
  }
  return "";
}

}  // namespace yiwang::kiosk
