// Form rules: required, phone (1[3-9] + 9 digits), GB 11643 ID numbers, digits, lengths, options.
#include "flow/form_rules.h"

#include <algorithm>

#include "idcard/id_card.h"

namespace yiwang::kiosk {

std::size_t utf8_length(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool phone_valid(const std::string& phone) {
  if (phone.size() != 11 || phone[0] != '1' || phone[1] < '3' || phone[1] > '9') return false;
  return std::all_of(phone.begin(), phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::map<std::string, std::string> check_form(const std::vector<FieldDefinition>& form,
                                              const std::map<std::string, std::string>& values,
                                              drivers::CardType id_type) {
  std::map<std::string, std::string> problems;
  for (const auto& field : form) {
    auto it = values.find(field.key);
    const std::string value = it == values.end() ? "" : it->second;
    if (value.empty()) {
      if (field.required) problems[field.key] = "missing";
      continue;
    }
    const bool digits =
        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    const bool malformed =
        (field.type == "phone" && !phone_valid(value)) ||
        (field.type == "id_number" && !drivers::card_number_valid(id_type, value)) ||
        (field.type == "number" && !digits);
    if (malformed) {
      problems[field.key] = "invalid_format";
    } else if (field.type == "select" &&
               std::none_of(field.options.begin(), field.options.end(),
                            [&](const ui::OptionView& o) { return o.value == value; })) {
      problems[field.key] = "invalid_option";
    } else if (field.max_len > 0 && utf8_length(value) > static_cast<std::size_t>(field.max_len)) {
      problems[field.key] = "too_long";
    }
  }
  return problems;
}

}  // namespace yiwang::kiosk
