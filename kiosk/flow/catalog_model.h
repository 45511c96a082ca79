// The service catalog as the flow uses it: display views plus form definitions, parsed from JSON.
#pragma once

#include <optional>
#include <string>
#include <vector>

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
};

struct CatalogItem {
  std::string category;
  ui::ItemView view;
  std::vector<FieldDefinition> form;
  std::string commitment_version;
};

struct Catalog {
  std::string version;
  std::vector<ui::CategoryView> categories;
  std::vector<CatalogItem> items;

  const CatalogItem* find(const std::string& code) const;
  std::vector<ui::ItemView> in_category(const std::string& category) const;
};

// nullopt when the text is not a catalog; error says why.
std::optional<Catalog> parse_catalog(const std::string& json_text, std::string& error);

}  // namespace yiwang::kiosk
