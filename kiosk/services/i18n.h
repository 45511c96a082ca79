// The translation table (assets/i18n/strings.tsv: key, Chinese, English), for every UI string,
// and further languages as data: each file assets/i18n/locales/<code>.tsv (key<TAB>text; a key
// it lacks reads the English) is one more language, offered by the language switch after zh and
// en in file-name order; its font, when WenQuanYi lacks its script, is a "<code> <path>" line of
// assets/fonts.txt (fonts()), and its espeak-ng voice its line "voice.espeak<TAB><voice>".
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "toolkit/translator.h"

namespace yiwang::kiosk {

class I18n final : public ui::Translator {
 public:
  // Loads the table, then every locale file in locales/ beside it. Returns false (and leaves the
  // table as it was) when a file cannot be read or a line is malformed.
  bool load(const std::string& path, std::string& error);
  // One more language from a locale file (its code: the file's name without .tsv).
  bool add_locale(const std::string& path, std::string& error);
  std::string text(std::string_view key, ui::Language language) const override;
  int languages() const override { return 2 + static_cast<int>(locales_.size()); }
  std::string code(ui::Language language) const override;
  ui::Bilingual both(std::string_view key) const;
  // The espeak-ng voice of every language, by code: the key voice.espeak of its data ("cmn" and
  // "en" in strings.tsv; a locale file's own line, or the English "en" when it has none).
  std::map<std::string, std::string> voices() const;
  std::size_t size() const { return table_.size(); }

 private:
  struct Locale {
    std::string code;
    std::unordered_map<std::string, std::string> texts;
  };
  std::unordered_map<std::string, ui::Bilingual> table_;
  std::vector<Locale> locales_;
};

// The fonts assets/fonts.txt names for locales ("<code> <path>" lines), by code.
std::unordered_map<std::string, std::string> locale_fonts(const std::string& fonts_txt);

}  // namespace yiwang::kiosk
