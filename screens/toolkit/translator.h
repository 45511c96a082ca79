// The translation table as screens see it: the application implements it, screens only ask.
#pragma once

#include <string>
#include <string_view>

#include "toolkit/view_model.h"

namespace yiwang::ui {

class Translator {
 public:
  virtual ~Translator() = default;
  // The text for a key in the given language; the key itself when missing (visible in tests).
  virtual std::string text(std::string_view key, Language language) const = 0;
  // How many languages there are (zh and en, then the locales loaded), and a language's code
  // ("zh", "en", a locale file's name): the language switch goes round them in this order.
  virtual int languages() const { return 2; }
  virtual std::string code(Language language) const {
    return language == Language::zh ? "zh" : "en";
  }
  // The language after this one (the language switch).
  Language next(Language language) const { return {(language.index + 1) % languages()}; }
};

}  // namespace yiwang::ui
