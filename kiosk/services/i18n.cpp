// TSV loading: '#' lines are comments; "\n" in a cell is a line break.
#include "services/i18n.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

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
  // Further languages: every locales/<code>.tsv beside the table, in file-name order.
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(path).parent_path() / "locales";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return true;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    if (!add_locale(file.string(), error)) return false;
  }
  return true;
}

bool I18n::add_locale(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  Locale locale;
  locale.code = std::filesystem::path(path).stem().string();
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      error = path + ":" + std::to_string(number) + ": expected key<TAB>text";
      return false;
    }
    locale.texts[line.substr(0, tab)] = unescape(line.substr(tab + 1));
  }
  if (locale.code.empty() || locale.code == "zh" || locale.code == "en") {
    error = path + ": a locale needs its own code (the file's name)";
    return false;
  }
  locales_.push_back(std::move(locale));
  return true;
}

std::string I18n::text(std::string_view key, ui::Language language) const {
  if (language.index >= 2 && language.index < languages()) {
    const Locale& locale = locales_[static_cast<std::size_t>(language.index - 2)];
    if (auto it = locale.texts.find(std::string(key)); it != locale.texts.end()) return it->second;
  }
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return std::string(key);
  return it->second.pick(language);  // a locale's missing key: the English
}

std::string I18n::code(ui::Language language) const {
  if (language.index >= 2 && language.index < languages())
    return locales_[static_cast<std::size_t>(language.index - 2)].code;
  return language == ui::Language::zh ? "zh" : "en";
}

std::unordered_map<std::string, std::string> locale_fonts(const std::string& fonts_txt) {
  std::unordered_map<std::string, std::string> fonts;
  std::ifstream list(fonts_txt);
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#' || line[0] == '/') continue;  // the CJK fonts: paths
    std::istringstream words(line);
    std::string code, path;
    if (words >> code >> path) fonts[code] = path;
  }
  return fonts;
}

std::map<std::string, std::string> I18n::voices() const {
  std::map<std::string, std::string> voices;
  for (int i = 0; i < languages(); ++i) {
    const ui::Language language{i};
    voices[code(language)] = text("voice.espeak", language);
  }
  return voices;
}

ui::Bilingual I18n::both(std::string_view key) const {
  auto it = table_.find(std::string(key));
  if (it == table_.end()) return {std::string(key), std::string(key)};
  return it->second;
}

}  // namespace yiwang::kiosk
