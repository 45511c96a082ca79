// The form's editors beyond text (issue 13): the date picker, the address's region cascade from
// the terminal's own region, the materials checklist, and the express delivery's address and
// phone. Their values live in the resident session and never reach the log.
#include <algorithm>

#include "core/clock.h"
#include "flow/form_rules.h"
#include "flow/kiosk_flow.h"

namespace yiwang::kiosk {

namespace {

const char* const kDeliveryAddress = "delivery.address";
const char* const kDeliveryPhone = "delivery.phone";
const char* const kMaterials = "materials";

bool is_step(const std::string& step) {
  for (const char* known : {"y+", "y-", "y+10", "y-10", "m+", "m-", "d+", "d-"}) {
    if (step == known) return true;
  }
  return false;
}

}  // namespace

void KioskFlow::init_extra_fields() {
  delivery_address_field_ = {
      kDeliveryAddress, i18n_.both("field.delivery_address"), "address", true, 120, {}, "", "", ""};
  delivery_phone_field_ = {
      kDeliveryPhone, i18n_.both("field.delivery_phone"), "phone", true, 11, {}, "", "", ""};
  materials_field_ = {kMaterials, i18n_.both("field.materials"), "materials", false, 0, {}, "", "",
                      ""};
}

std::vector<const FieldDefinition*> KioskFlow::form_fields() const {
  std::vector<const FieldDefinition*> fields;
  const CatalogItem* item = current_item();
  if (!item) return fields;
  for (const auto& field : item->form) fields.push_back(&field);
  if (!item->view.materials.empty()) fields.push_back(&materials_field_);
  if (session_.delivery == "express") {
    fields.push_back(&delivery_address_field_);
    fields.push_back(&delivery_phone_field_);
  }
  return fields;
}

const FieldDefinition* KioskFlow::focused_definition() const {
  for (const FieldDefinition* field : form_fields()) {
    if (field->key == session_.focused_field) return field;
  }
  return nullptr;
}

std::string KioskFlow::today() const { return rfc3339_cst(clock_.unix_ms()).substr(0, 10); }

std::size_t KioskFlow::address_prefix(const std::string& key) const {
  auto region = session_.regions.find(key);
  auto value = session_.form_values.find(key);
  if (region == session_.regions.end() || value == session_.form_values.end()) return 0;
  const std::string name = settings_.regions.full_name(region->second);
  return value->second.compare(0, name.size(), name) == 0 ? name.size() : 0;
}

void KioskFlow::set_region(const std::string& key, const std::string& code) {
  std::string& value = session_.form_values[key];
  const std::string street = value.substr(address_prefix(key));
  drivers::secure_wipe(value);
  value = settings_.regions.full_name(code) + street;
  session_.regions[key] = code;
}

void KioskFlow::prefill_address(const std::string& key, const std::string& from) {
  // A card's address that begins with a division's name keeps that division; anything else is
  // kept as it is. An empty one starts from the terminal's own region.
  std::string& value = session_.form_values[key];
  if (!from.empty()) {
    value = from;
    session_.regions[key] = settings_.regions.match_prefix(from).first;
    return;
  }
  value.clear();
  session_.regions[key] = "";
  if (settings_.regions.find(settings_.region_code)) set_region(key, settings_.region_code);
}

void KioskFlow::show_editors() {
  model_.date = ui::DatePickerView{};
  model_.region = ui::RegionPickerView{};
  model_.material_choices.clear();
  for (const auto& [code, choice] : session_.materials) model_.material_choices[code] = choice;
  const FieldDefinition* field = focused_definition();
  if (!field || locked(*field)) return;
  if (field->type == "date") {
    const std::string& value = session_.form_values[field->key];
    model_.date.min = date_bound(field->min, today());
    model_.date.max = date_bound(field->max, today());
    model_.date.chosen = date_valid(value);
    // Until the resident chooses, today is proposed (kept within the bounds).
    model_.date.shown =
        model_.date.chosen ? value : clamp_date(today(), model_.date.min, model_.date.max);
  }
  if (field->type == "address" && settings_.regions.size() > 0) {
    const std::string code = session_.regions[field->key];
    ui::RegionPickerView& picker = model_.region;
    picker.chosen = code;
    picker.open = region_open_ || (!code.empty() && !settings_.regions.leaf(code));
    // The chosen division and those above it (at most three levels).
    std::string at = code;
    for (int level = 0; level < 3 && !at.empty(); ++level) {
      if (const Region* region = settings_.regions.find(at))
        picker.path.insert(picker.path.begin(), {region->code, region->name});
      at = settings_.regions.parent(at);
    }
    const std::string above = settings_.regions.parent(code);
    picker.change = above.empty() ? "all" : above;
    if (!picker.open) return;
    const std::string under =
        code.empty() || !settings_.regions.leaf(code) ? code : settings_.regions.parent(code);
    const std::string up = settings_.regions.parent(under);
    picker.up = under.empty() ? "" : up.empty() ? "all" : up;
    const auto children = settings_.regions.children(under);
    const int per_page =
        model_.elder_mode ? ui::RegionPickerView::kElderPerPage : ui::RegionPickerView::kPerPage;
    const int count = static_cast<int>(children.size());
    picker.pages = std::max(1, (count + per_page - 1) / per_page);
    region_page_ = std::clamp(region_page_, 0, picker.pages - 1);
    picker.page = region_page_;
    for (int i = region_page_ * per_page; i < std::min(count, (region_page_ + 1) * per_page); ++i) {
      const Region* region = children[static_cast<std::size_t>(i)];
      picker.choices.push_back({region->code, region->name});
    }
  }
}

void KioskFlow::act_date(const std::string& step) {
  const FieldDefinition* field = focused_definition();
  if (!field || field->type != "date" || (step != "ok" && !is_step(step))) return;
  show_editors();
  const std::string shown = model_.date.shown;
  std::string& value = session_.form_values[field->key];
  drivers::secure_wipe(value);
  value = step == "ok" ? shown : step_date(shown, step, model_.date.min, model_.date.max);
  rebuild_fields(field->key);
}

void KioskFlow::act_region(const std::string& code) {
  const FieldDefinition* field = focused_definition();
  if (!field || field->type != "address" || locked(*field)) return;
  if (code == "all") {
    // Back to the provinces: the street typed so far stays.
    set_region(field->key, "");
    region_open_ = true;
  } else {
    if (!settings_.regions.find(code)) return;
    set_region(field->key, code);
    region_open_ = false;
  }
  region_page_ = 0;
  // The keyboard comes back as on focus (saying whether librime has loaded yet).
  keyboard_for_focus();
  rebuild_fields(field->key);
}

void KioskFlow::act_region_page(const std::string& direction) {
  if (direction != "+" && direction != "-") return;
  region_page_ += direction == "+" ? 1 : -1;
  show_editors();
  dirty_ = true;
}

void KioskFlow::act_material(const std::string& arg) {
  // material:<code>:<on_site|later>, for a material of this item the resident provides.
  const auto colon = arg.find(':');
  const CatalogItem* item = current_item();
  if (colon == std::string::npos || !item) return;
  const std::string code = arg.substr(0, colon);
  const std::string choice = arg.substr(colon + 1);
  if (choice != "on_site" && choice != "later") return;
  const bool asked =
      std::any_of(item->view.materials.begin(), item->view.materials.end(),
                  [&](const ui::MaterialView& m) { return m.code == code && !m.shared; });
  if (!asked) return;
  session_.materials[code] = choice;
  rebuild_fields(kMaterials);
}

void KioskFlow::act_delivery_edit(const std::string&) {
  // From the review: the express address and phone, on the form.
  if (session_.delivery != "express") return;
  session_.focused_field = kDeliveryAddress;
  region_open_ = false;
  rebuild_fields();
  keyboard_for_focus();
  go(ui::ScreenId::form);
}

void KioskFlow::prefill_delivery() {
  // Express: the address from the form (prefilled from the card), else the card's; the phone
  // from the form. Both editable; nothing is overwritten once there.
  const CatalogItem* item = current_item();
  if (!item) return;
  std::string address, phone;
  for (const auto& field : item->form) {
    const std::string& value = session_.form_values[field.key];
    if (field.type == "address" && address.empty()) address = value;
    if (field.type == "phone" && phone.empty()) phone = value;
  }
  if (address.empty() && session_.card) address = session_.card->address;
  if (session_.form_values[kDeliveryAddress].empty()) {
    prefill_address(kDeliveryAddress, address);
  }
  if (session_.form_values[kDeliveryPhone].empty()) session_.form_values[kDeliveryPhone] = phone;
}

void KioskFlow::check_regions(std::map<std::string, std::string>& problems) const {
  // An address whose division was chosen must be chosen down to the district; one whose street
  // is missing is not complete either.
  for (const FieldDefinition* field : form_fields()) {
    if (field->type != "address" || problems.count(field->key)) continue;
    auto region = session_.regions.find(field->key);
    if (region == session_.regions.end() || region->second.empty()) continue;
    auto value = session_.form_values.find(field->key);
    const std::size_t prefix = address_prefix(field->key);
    if (!settings_.regions.leaf(region->second)) {
      problems[field->key] = "region_incomplete";
    } else if (field->required && value != session_.form_values.end() &&
               value->second.size() <= prefix) {
      problems[field->key] = "street_missing";
    }
  }
}

}  // namespace yiwang::kiosk
