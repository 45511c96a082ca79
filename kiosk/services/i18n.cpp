// TSV loading: '#' lines are comments; "\n" in a cell is a line break.
#include "services/i18n.h"

#include <fstream>

namespace yiwang::kiosk {

namespace {

std::string unescape(std::string cell) {
  std::string out;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] == '\\' && i + 1 < cell.size() && cell[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(cell[i]);
    }
  }
  return out;
}

}  // namespace

bool I18n::load(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto first = line.find('\t');
    const auto second = first == std::string::npos ? first : line.find('\t', first + 1);
    if (second == std::string::npos) {
      error = path + ":" + std::to_string(number) + ": expected key<TAB>zh<TAB>en";
      return false;
    }
    table_[line.substr(0, first)] = ui::Bilingual{
        unescape(line.substr(first + 1, second - first - 1)), unescape(line.substr(second + 1))};
  }
  return true;
}

std::string I18n::text(std::string_view key, ui::Language language) const {
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return std::string(key);
  return it->second.pick(language);
}

ui::Bilingual I18n::both(std::string_view key) const {
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return {std::string(key), std::string(key)};
  return it->second;
}

}  // namespace yiwang::kiosk
