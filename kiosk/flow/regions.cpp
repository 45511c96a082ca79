// The GB/T 2260 table: parsed line by line (bounded, no recursion), looked up by binary search.
#include "flow/regions.h"

#include <algorithm>

namespace yiwang::kiosk {

namespace {

bool six_digits(std::string_view code) {
  return code.size() == 6 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_province(std::string_view code) { return code.substr(2) == "0000"; }
bool is_city(std::string_view code) { return !is_province(code) && code.substr(4) == "00"; }

}  // namespace

std::optional<RegionTable> RegionTable::parse(std::string_view text, std::string& error) {
  RegionTable table;
  std::size_t line_number = 0;
  while (!text.empty()) {
    if (++line_number > kMaxLines) {
      error = "more than " + std::to_string(kMaxLines) + " lines";
      return std::nullopt;
    }
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = "line " + std::to_string(line_number);
    if (line.size() > kMaxLine) {
      error = where + ": longer than " + std::to_string(kMaxLine) + " bytes";
      return std::nullopt;
    }
    const std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || !six_digits(line.substr(0, tab)) ||
        tab + 1 == line.size()) {
      error = where + ": not \"code<TAB>name\"";
      return std::nullopt;
    }
    table.regions_.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  }
  std::sort(table.regions_.begin(), table.regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  const auto same =
      std::adjacent_find(table.regions_.begin(), table.regions_.end(),
                         [](const Region& a, const Region& b) { return a.code == b.code; });
  if (same != table.regions_.end()) {
    error = "code " + same->code + " twice";
    return std::nullopt;
  }
  return table;
}

const Region* RegionTable::find(std::string_view code) const {
  auto it = std::lower_bound(regions_.begin(), regions_.end(), code,
                             [](const Region& r, std::string_view c) { return r.code < c; });
  return it != regions_.end() && it->code == code ? &*it : nullptr;
}

bool RegionTable::placeholder(const Region& region) const {
  return is_city(region.code) && (region.name == "市辖区" || region.name == "县" ||
                                  region.name.find("直辖县级行政区划") != std::string::npos);
}

std::vector<const Region*> RegionTable::children(std::string_view code) const {
  std::vector<const Region*> out;
  if (code.empty()) {
    for (const auto& region : regions_) {
      if (is_province(region.code)) out.push_back(&region);
    }
    return out;
  }
  if (!six_digits(code)) return out;
  // Everything under a code shares its leading digits: a contiguous range of the sorted table.
  const std::string_view prefix = code.substr(0, is_province(code) ? 2 : is_city(code) ? 4 : 6);
  if (prefix.size() == 6) return out;
  auto it = std::lower_bound(regions_.begin(), regions_.end(), prefix,
                             [](const Region& r, std::string_view p) { return r.code < p; });
  for (; it != regions_.end() && it->code.compare(0, prefix.size(), prefix) == 0; ++it) {
    if (it->code == code) continue;
    if (prefix.size() == 2) {
      // Under a province: its cities, and the districts of its placeholder cities.
      if (is_city(it->code)) {
        if (!placeholder(*it)) out.push_back(&*it);
      } else {
        const Region* city = find(it->code.substr(0, 4) + "00");
        if (!city || placeholder(*city)) out.push_back(&*it);
      }
    } else {
      out.push_back(&*it);
    }
  }
  return out;
}

std::string RegionTable::parent(std::string_view code) const {
  if (!six_digits(code) || is_province(code)) return "";
  std::string province = std::string(code.substr(0, 2)) + "0000";
  if (is_city(code)) return province;
  const Region* city = find(std::string(code.substr(0, 4)) + "00");
  return city && !placeholder(*city) ? city->code : province;
}

std::string RegionTable::full_name(std::string_view code) const {
  const Region* region = find(code);
  if (!region) return "";
  std::string name;
  // At most three levels: province, city, district.
  const std::string chain[3] = {std::string(code.substr(0, 2)) + "0000",
                                std::string(code.substr(0, 4)) + "00", std::string(code)};
  std::string previous;
  for (const auto& level : chain) {
    if (level == previous) continue;
    previous = level;
    const Region* part = find(level);
    if (part && !placeholder(*part)) name += part->name;
  }
  return name;
}

std::pair<std::string, std::size_t> RegionTable::match_prefix(std::string_view text) const {
  std::pair<std::string, std::size_t> best{"", 0};
  // Walk down: the province whose name begins the text, then its children, three levels at most.
  std::string at;
  for (int level = 0; level < 3; ++level) {
    const Region* found = nullptr;
    const std::string so_far = at.empty() ? "" : full_name(at);
    for (const Region* child : children(at)) {
      const std::string name = full_name(child->code);
      if (name.size() > so_far.size() && text.substr(0, name.size()) == name) found = child;
    }
    if (!found) break;
    at = found->code;
    best = {at, full_name(at).size()};
  }
  return best;
}

}  // namespace yiwang::kiosk
