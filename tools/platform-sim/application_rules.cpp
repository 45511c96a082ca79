// Field rules: required, phone and ID-number formats, lengths, options, materials, commitment
// and its signature.
#include "application_rules.h"

#include <algorithm>

#include "idcard/id_card.h"
#include "request_limits.h"
#include "signature_check.h"

namespace yiwang::platform_sim {

using nlohmann::json;

json field_problem(const std::string& field, const std::string& code) {
  static const json kMessages = {
      {"missing", {{"zh", "此项为必填项"}, {"en", "This is required"}}},
      {"invalid_format", {{"zh", "格式不正确"}, {"en", "The format is not valid"}}},
      {"too_long", {{"zh", "内容过长"}, {"en", "Too long"}}},
      {"invalid_option", {{"zh", "不是可选的值"}, {"en", "Not one of the options"}}},
      {"outdated", {{"zh", "承诺书版本已更新，请重新签署"}, {"en", "The commitment has changed"}}},
      {"reason_required", {{"zh", "请选择不满意的原因"}, {"en", "Please choose a reason"}}},
      {"out_of_range", {{"zh", "取值超出范围"}, {"en", "Out of range"}}},
      {"blank", {{"zh", "签名为空，请重新签名"}, {"en", "The signature is blank"}}},
      {"not_the_applicant",
       {{"zh", "按键签署与所刷证件不符，请重新签署"},
        {"en", "The keyed signature is not the identified card's"}}}};
  json problem = {{"field", field}, {"code", code}};
  if (kMessages.contains(code)) problem["message"] = kMessages[code];
  return problem;
}

std::size_t utf8_length(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// An ID-number field takes the number of the applicant's own card type (the card in an offline
// application says which; an online one is a verified person, whose card may be any of the four).
bool id_number_fits(const json& application, const std::string& value) {
  using drivers::CardType;
  const json applicant = application.value("applicant", json::object());
  const json card = applicant.is_object() ? applicant.value("card", json::object()) : json();
  const std::string card_type = card.is_object() ? card.value("card_type", "") : "";
  if (card_type == "resident") return drivers::card_number_valid(CardType::resident, value);
  if (card_type == "hmt_residence")
    return drivers::card_number_valid(CardType::hmtResidence, value);
  for (const CardType type : {CardType::resident, CardType::hmtResidence,
                              CardType::foreignPermanent2017, CardType::foreignPermanent2023}) {
    if (drivers::card_number_valid(type, value)) return true;
  }
  return false;
}

bool card_number_fits(const json& card) {
  using drivers::CardType;
  const std::string number = card.value("id_number", "");
  const std::string card_type = card.value("card_type", "resident");
  const CardType type = card_type == "hmt_residence"       ? CardType::hmtResidence
                        : card_type != "foreign_permanent" ? CardType::resident
                        : number.size() == 15              ? CardType::foreignPermanent2017
                                                           : CardType::foreignPermanent2023;
  return drivers::card_number_valid(type, number);
}

// YYYY-MM-DD of a real day.
bool real_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  const int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)),
            d = std::stoi(text.substr(8, 2));
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= (m == 2 && leap ? 29 : kDays[m - 1]);
}

std::vector<json> check_application(const json& item, const json& application) {
  std::vector<json> problems;
  const json form = application.value("form", json::object());
  for (const auto& field : item.value("form", json::array())) {
    const std::string key = field.at("key");
    const std::string name = "form." + key;
    const std::string value =
        form.contains(key) && form[key].is_string() ? form[key].get<std::string>() : "";
    if (value.empty()) {
      if (field.value("required", false)) problems.push_back(field_problem(name, "missing"));
      continue;
    }
    const std::string type = field.value("type", "text");
    const bool malformed = (type == "phone" && !mainland_mobile(value)) ||
                           (type == "id_number" && !id_number_fits(application, value)) ||
                           (type == "number" && !all_digits(value)) ||
                           (type == "date" && !real_date(value));
    // A date's bounds ("today" is not checked here: the simulator keeps no calendar of its own).
    const std::string min = field.value("min", ""), max = field.value("max", "");
    if (malformed) {
      problems.push_back(field_problem(name, "invalid_format"));
    } else if (type == "date" &&
               ((real_date(min) && value < min) || (real_date(max) && value > max))) {
      problems.push_back(field_problem(name, "out_of_range"));
    } else if (type == "select") {
      bool known = false;
      for (const auto& option : field.value("options", json::array())) {
        known |= option.value("value", "") == value;
      }
      if (!known) problems.push_back(field_problem(name, "invalid_option"));
    }
    if (field.contains("max_len") && utf8_length(value) > field["max_len"].get<std::size_t>()) {
      problems.push_back(field_problem(name, "too_long"));
    }
  }
  const json materials = application.value("materials", json::array());
  // Each entry names a material of the item, once, provided as its source allows: the
  // platform's own ones "shared", the applicant's "on_site" or "later".
  const json item_materials = item.value("materials", json::array());
  std::vector<std::string> seen;
  for (const auto& sent : materials) {
    const std::string code = sent.value("code", "");
    const std::string provided = sent.value("provided", "");
    const auto known = std::find_if(item_materials.begin(), item_materials.end(),
                                    [&](const json& m) { return m.value("code", "") == code; });
    const bool shared = known != item_materials.end() && known->value("source", "") == "shared";
    const bool fits = shared ? provided == "shared" : provided == "on_site" || provided == "later";
    if (known == item_materials.end() || !fits ||
        std::find(seen.begin(), seen.end(), code) != seen.end()) {
      problems.push_back(field_problem("materials." + code, "invalid_option"));
    }
    seen.push_back(code);
  }
  for (const auto& material : item_materials) {
    if (!material.value("required", false) || material.value("source", "") == "shared") continue;
    const bool listed = std::any_of(materials.begin(), materials.end(), [&](const json& m) {
      return m.value("code", "") == material.value("code", "") && m.contains("provided");
    });
    if (!listed)
      problems.push_back(field_problem("materials." + material.value("code", ""), "missing"));
  }
  if (item.contains("commitment") && item["commitment"].is_object()) {
    const json commitment = application.value("commitment", json::object());
    if (!commitment.contains("version") || !commitment.contains("accepted_at")) {
      problems.push_back(field_problem("commitment", "missing"));
    } else if (commitment["version"] != item["commitment"]["version"]) {
      problems.push_back(field_problem("commitment", "outdated"));
    } else {
      if (commitment.contains("keyed_confirmation")) {
        // Speech mode's keyed confirmation instead of ink (never both); its card binding is
        // checked once the applicant is known.
        std::string problem = keyed_confirmation_problem(commitment["keyed_confirmation"]);
        if (commitment.contains("signature_png_base64")) problem = "invalid_format";
        if (!problem.empty())
          problems.push_back(field_problem("commitment.keyed_confirmation", problem));
      } else {
        // The handwritten signature: a PNG within bounds, with ink on it.
        const json signature = commitment.value("signature_png_base64", json());
        const std::string problem =
            signature_problem(signature.is_string() ? signature.get<std::string>() : "");
        if (!problem.empty())
          problems.push_back(field_problem("commitment.signature_png_base64", problem));
      }
    }
  }
  const json delivery = application.value("delivery", json::object());
  const std::string method = delivery.value("method", "");
  const json allowed = item.value("delivery", json::array());
  if (method.empty()) {
    problems.push_back(field_problem("delivery.method", "missing"));
  } else if (std::find(allowed.begin(), allowed.end(), method) == allowed.end()) {
    problems.push_back(field_problem("delivery.method", "invalid_option"));
  } else if (method == "express") {
    if (delivery.value("address", "").empty())
      problems.push_back(field_problem("delivery.address", "missing"));
    if (!mainland_mobile(delivery.value("phone", ""))) {
      problems.push_back(field_problem("delivery.phone", "invalid_format"));
    }
  }
  return problems;
}

std::vector<json> check_evaluation(const json& evaluation) {
  std::vector<json> problems;
  const int level = evaluation.value("level", 0);
  if (level < 1 || level > 5) problems.push_back(field_problem("level", "out_of_range"));
  if (evaluation.value("item_code", "").empty())
    problems.push_back(field_problem("item_code", "missing"));
  const json reasons = evaluation.value("reasons", json::array());
  if ((level == 1 || level == 2) && reasons.empty()) {
    problems.push_back(field_problem("reasons", "reason_required"));
  }
  if (evaluation.contains("contact_phone") && evaluation["contact_phone"].is_string()) {
    if (!mainland_mobile(evaluation["contact_phone"].get<std::string>())) {
      problems.push_back(field_problem("contact_phone", "invalid_format"));
    }
  }
  return problems;
}

}  // namespace yiwang::platform_sim
