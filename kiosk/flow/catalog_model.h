// The service catalog as the flow uses it: display views plus form definitions, parsed from JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "toolkit/view_model.h"

namespace yiwang::kiosk {

struct FieldDefinition {
  std::string key;
  ui::Bilingual label;
  std::string type;
  bool required = false;
  int max_len = 0;  // 0: no limit
  std::vector<ui::OptionView> options;
  std::string autofill;  // card.name | card.id_number | card.address | ...
  // Dates: the earliest and latest the picker offers, YYYY-MM-DD or "today"; empty: unbounded.
  std::string min;
  std::string max;
};

struct CatalogItem {
  std::string category;
  ui::ItemView view;
  std::vector<FieldDefinition> form;
  std::string commitment_version;
  // For search, from the catalog (the kiosk has no pinyin dictionary): "shehuibaozhangkashenling",
  // "SHBZKSL", the department's pinyin, keywords.
  std::string pinyin;
  std::string initials;
  std::string department_pinyin;
  std::vector<std::string> keywords;
};

struct Catalog {
  std::string version;
  std::vector<ui::CategoryView> categories;
  std::vector<CatalogItem> items;

  const CatalogItem* find(const std::string& code) const;
  std::vector<ui::ItemView> in_category(const std::string& category) const;
  // Items matching a query typed or scanned (Chinese text, a keyword, pinyin initials or full
  // pinyin, any case), best first: exact name, initials prefix, full pinyin prefix, name
  // contains, keyword, department; shorter names first within a rank. At most limit.
  std::vector<ui::ItemView> search(std::string_view query, std::size_t limit) const;
};

// nullopt when the text is not a catalog; error says why.
std::optional<Catalog> parse_catalog(const std::string& json_text, std::string& error);
std::optional<Catalog> parse_catalog(const nlohmann::json& value, std::string& error);

}  // namespace yiwang::kiosk
