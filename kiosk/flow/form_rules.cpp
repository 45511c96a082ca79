// Form rules: required, phone (1[3-9] + 9 digits), GB 11643 ID numbers, digits, lengths, options,
// dates within their bounds.
#include "flow/form_rules.h"

#include <algorithm>
#include <cstdio>

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

namespace {

struct Ymd {
  int y = 0, m = 0, d = 0;
};

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool parse_ymd(const std::string& text, Ymd& out) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  out.y = std::stoi(text.substr(0, 4));
  out.m = std::stoi(text.substr(5, 2));
  out.d = std::stoi(text.substr(8, 2));
  return out.y >= 1800 && out.m >= 1 && out.m <= 12 && out.d >= 1 &&
         out.d <= days_in_month(out.y, out.m);
}

std::string format_ymd(const Ymd& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", date.y, date.m, date.d);
  return text;
}

}  // namespace

bool date_valid(const std::string& date) {
  Ymd parsed;
  return parse_ymd(date, parsed);
}

std::string date_bound(const std::string& bound, const std::string& today) {
  const std::string& date = bound == "today" ? today : bound;
  return date_valid(date) ? date : "";
}

std::string step_date(const std::string& date, const std::string& step, const std::string& min,
                      const std::string& max) {
  Ymd at;
  if (!parse_ymd(date, at)) return date;
  if (step == "y+")
    at.y += 1;
  else if (step == "y-")
    at.y -= 1;
  else if (step == "y+10")
    at.y += 10;
  else if (step == "y-10")
    at.y -= 10;
  else if (step == "m+")
    at.m = at.m % 12 + 1;
  else if (step == "m-")
    at.m = (at.m + 10) % 12 + 1;
  else if (step == "d+" || step == "d-") {
    // Days wrap within their month, as a wheel does: the month stays the resident's.
    const int days = days_in_month(at.y, at.m);
    at.d = step == "d+" ? at.d % days + 1 : (at.d + days - 2) % days + 1;
  } else {
    return date;
  }
  at.y = std::clamp(at.y, 1800, 9999);
  at.d = std::min(at.d, days_in_month(at.y, at.m));
  return clamp_date(format_ymd(at), min, max);
}

std::string clamp_date(const std::string& date, const std::string& min, const std::string& max) {
  // YYYY-MM-DD strings compare as the dates do.
  if (date_valid(min) && date < min) return min;
  if (date_valid(max) && date > max) return max;
  return date;
}

std::map<std::string, std::string> check_form(const std::vector<FieldDefinition>& form,
                                              const std::map<std::string, std::string>& values,
                                              drivers::CardType id_type, const std::string& today) {
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
        (field.type == "number" && !digits) || (field.type == "date" && !date_valid(value));
    const std::string min = date_bound(field.min, today);
    const std::string max = date_bound(field.max, today);
    if (malformed) {
      problems[field.key] = "invalid_format";
    } else if (field.type == "date" &&
               ((!min.empty() && value < min) || (!max.empty() && value > max))) {
      problems[field.key] = "out_of_range";
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
