// The translation table (assets/i18n/strings.tsv: key, Chinese, English), for every UI string.
#pragma once

#include <string>
#include <unordered_map>

#include "toolkit/translator.h"

namespace yiwang::kiosk {

class I18n final : public ui::Translator {
 public:
  // Returns false and leaves the table empty when the file cannot be read.
  bool load(const std::string& path, std::string& error);
  std::string text(std::string_view key, ui::Language language) const override;
  ui::Bilingual both(std::string_view key) const;
  std::size_t size() const { return table_.size(); }

 private:
  std::unordered_map<std::string, ui::Bilingual> table_;
};

}  // namespace yiwang::kiosk
