// Catalog parsing: tolerant of missing optional fields, strict about the ones the flow needs.
#include "flow/catalog_model.h"

#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

namespace yiwang::kiosk {

using nlohmann::json;

namespace {

ui::Bilingual bilingual(const json& value) {
  if (!value.is_object()) return {};
  return {value.value("zh", ""), value.value("en", "")};
}

CatalogItem parse_item(const json& j) {
  CatalogItem item;
  item.category = j.value("category", "");
  ui::ItemView& v = item.view;
  v.code = j.at("code").get<std::string>();
  v.name = bilingual(j.at("name"));
  v.department = bilingual(j.value("department", json::object()));
  v.mode = j.value("kiosk_mode", "guide_only");
  for (const auto& c : j.value("conditions", json::array())) v.conditions.push_back(bilingual(c));
  for (const auto& m : j.value("materials", json::array())) {
    v.materials.push_back({m.value("code", ""), bilingual(m.value("name", json::object())),
                           m.value("required", false), m.value("source", "") == "shared",
                           m.value("copies", 0)});
  }
  v.legal_limit_days = j.value("legal_limit_days", 0);
  v.promised_limit_days = j.value("promised_limit_days", 0);
  v.fee_fen = j.value("fee_fen", 0);
  v.fee_basis = bilingual(j.value("fee_basis", json::object()));
  for (const auto& d : j.value("delivery", json::array()))
    v.delivery.push_back(d.get<std::string>());
  v.offline_allowed = j.value("offline_allowed", false);
  v.where = bilingual(j.value("where", json::object()));
  item.pinyin = j.value("pinyin", "");
  item.initials = j.value("pinyin_initials", "");
  item.department_pinyin = j.value("department_pinyin", "");
  for (const auto& k : j.value("keywords", json::array())) {
    if (k.is_string()) item.keywords.push_back(k.get<std::string>());
  }
  if (j.contains("commitment") && j["commitment"].is_object()) {
    v.has_commitment = true;
    v.commitment_text = bilingual(j["commitment"].value("text", json::object()));
    item.commitment_version = j["commitment"].value("version", "");
  }
  for (const auto& f : j.value("form", json::array())) {
    FieldDefinition field;
    field.key = f.at("key").get<std::string>();
    field.label = bilingual(f.value("label", json::object()));
    field.type = f.value("type", "text");
    field.required = f.value("required", false);
    field.max_len = f.value("max_len", 0);
    field.autofill = f.value("autofill", "");
    field.min = f.value("min", "");
    field.max = f.value("max", "");
    for (const auto& o : f.value("options", json::array())) {
      field.options.push_back({o.value("value", ""), bilingual(o.value("label", json::object()))});
    }
    item.form.push_back(std::move(field));
  }
  return item;
}

}  // namespace

const CatalogItem* Catalog::find(const std::string& code) const {
  for (const auto& item : items) {
    if (item.view.code == code) return &item;
  }
  return nullptr;
}

std::vector<ui::ItemView> Catalog::in_category(const std::string& category) const {
  std::vector<ui::ItemView> views;
  for (const auto& item : items) {
    if (item.category == category) views.push_back(item.view);
  }
  return views;
}

namespace {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// 0 is the best rank; -1: no match.
int rank(const CatalogItem& item, std::string_view query, const std::string& lower, bool ascii) {
  const std::string& name = item.view.name.zh;
  if (name == query) return 0;
  if (ascii) {
    if (starts_with(ascii_lower(item.initials), lower)) return 1;
    if (starts_with(item.pinyin, lower)) return 2;
    if (item.pinyin.find(lower) != std::string::npos ||
        ascii_lower(item.view.name.en).find(lower) != std::string::npos)
      return 3;
  } else if (name.find(query) != std::string::npos) {
    return 3;
  }
  for (const auto& keyword : item.keywords) {
    if (keyword == query || (!ascii && keyword.find(query) != std::string::npos)) return 4;
  }
  if (ascii ? starts_with(item.department_pinyin, lower)
            : item.view.department.zh.find(query) != std::string::npos)
    return 5;
  return -1;
}

}  // namespace

std::vector<ui::ItemView> Catalog::search(std::string_view query, std::size_t limit) const {
  std::vector<ui::ItemView> found;
  if (query.empty() || query.size() > 64) return found;
  const bool ascii = std::all_of(query.begin(), query.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0;
  });
  const std::string lower = ascii_lower(query);
  std::vector<std::pair<int, const CatalogItem*>> ranked;
  for (const auto& item : items) {
    const int r = rank(item, query, lower, ascii);
    if (r >= 0) ranked.emplace_back(r, &item);
  }
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first
                              : a.second->view.name.zh.size() < b.second->view.name.zh.size();
  });
  for (const auto& [r, item] : ranked) {
    if (found.size() == limit) break;
    found.push_back(item->view);
  }
  return found;
}

std::optional<Catalog> parse_catalog(const std::string& json_text, std::string& error) {
  return parse_catalog(json::parse(json_text, nullptr, false), error);
}

std::optional<Catalog> parse_catalog(const json& j, std::string& error) {
  if (!j.is_object() || !j.contains("items") || !j["items"].is_array()) {
    error = "catalog is not a JSON object with items";
    return std::nullopt;
  }
  try {
    Catalog catalog;
    catalog.version = j.value("version", "");
    for (const auto& c : j.value("categories", json::array())) {
      catalog.categories.push_back(
          {c.value("code", ""), bilingual(c.value("name", json::object()))});
    }
    catalog.items.reserve(j.at("items").size());
    for (const auto& i : j.at("items")) catalog.items.push_back(parse_item(i));
    return catalog;
  } catch (const json::exception& e) {
    error = std::string("catalog item is malformed: ") + e.what();
    return std::nullopt;
  }
}

}  // namespace yiwang::kiosk
