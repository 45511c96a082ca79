// GB/T 2260 administrative divisions (assets/regions/gbt2260.tsv): the address field's
// province → city → district cascade.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace yiwang::kiosk {

struct Region {
  std::string code;  // six digits: PP0000 province, PPCC00 city, PPCCDD county-level unit
  std::string name;
};

// The table, sorted by code. Placeholder cities (市辖区, 县, 省直辖县级行政区划, ...) are kept for
// their codes but never offered: their districts are listed under the province itself, and
// they are left out of full names (北京市东城区, not 北京市市辖区东城区).
class RegionTable {
 public:
  // "code<TAB>name" lines, '#' comments; bounded: at most kMaxLines lines of kMaxLine bytes.
  // nullopt with a reason when a line is not a division.
  static std::optional<RegionTable> parse(std::string_view text, std::string& error);
  static constexpr std::size_t kMaxLines = 8000;
  static constexpr std::size_t kMaxLine = 200;

  const Region* find(std::string_view code) const;
  // What the cascade offers under a division ("" for the provinces), by code.
  std::vector<const Region*> children(std::string_view code) const;
  // The division the cascade shows above this one ("" above a province).
  std::string parent(std::string_view code) const;
  // Nothing below it: the cascade is complete (a district, or a city without districts).
  bool leaf(std::string_view code) const { return find(code) && children(code).empty(); }
  // 海南省海口市秀英区: the names from the province down, placeholders left out.
  std::string full_name(std::string_view code) const;
  // The deepest division whose full name begins the text (a card's address), and the bytes of
  // the text it covers; {"", 0} when none does.
  std::pair<std::string, std::size_t> match_prefix(std::string_view text) const;
  std::size_t size() const { return regions_.size(); }

 private:
  bool placeholder(const Region& region) const;
  std::vector<Region> regions_;
};

}  // namespace yiwang::kiosk
