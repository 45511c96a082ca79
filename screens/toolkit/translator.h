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
};

}  // namespace yiwang::ui
